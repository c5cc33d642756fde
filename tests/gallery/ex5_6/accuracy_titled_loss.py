"""Gallery, ex5_6: plot_accuracy copied from plot_loss, still titled and labelled 'Loss'."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_plot_title_and_labels_name_its_metric"],
    "message": "the texts of the loss plot on the accuracy plot",
}

import matplotlib.pyplot as plt


def train_with_validation(model, train_images, train_labels, test_images, test_labels,
                          epochs=10, batch_size=128):
    return model.fit(train_images, train_labels, epochs=epochs, batch_size=batch_size,
                     validation_data=(test_images, test_labels), verbose=0)


def plot_loss(history):
    training = history.history["loss"]
    test = history.history["val_loss"]
    epochs = range(1, len(training) + 1)
    figure, axes = plt.subplots()
    axes.plot(epochs, training, label="training")
    axes.plot(epochs, test, color="red", label="test")
    axes.set_title("Loss vs. epoch")
    axes.set_xlabel("Epoch")
    axes.set_ylabel("Loss")
    axes.legend()
    return figure


def plot_accuracy(history):
    training = history.history["accuracy"]
    test = history.history["val_accuracy"]
    epochs = range(1, len(training) + 1)
    figure, axes = plt.subplots()
    axes.plot(epochs, training, label="training")
    axes.plot(epochs, test, color="red", label="test")
    axes.set_title("Loss vs. epoch")
    axes.set_xlabel("Epoch")
    axes.set_ylabel("Loss")
    axes.legend()
    return figure
