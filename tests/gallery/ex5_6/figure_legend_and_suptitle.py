"""Gallery, ex5_6: correct: a new Figure each time, titled with suptitle, the legend on the
figure rather than the axes, the lines labelled through the legend call."""

GALLERY = {
    "verdict": "accepted",
    "tests": [],
    "message": "",
}

import matplotlib.pyplot as plt


def train_with_validation(model, train_images, train_labels, test_images, test_labels,
                          epochs=10, batch_size=128):
    return model.fit(train_images, train_labels, epochs=epochs, batch_size=batch_size,
                     validation_data=(test_images, test_labels), verbose=0)


def _plot(history, metric, title):
    values = history.history
    epochs = range(1, len(values[metric]) + 1)
    figure = plt.figure(figsize=(6, 4))
    axes = figure.add_subplot(1, 1, 1)
    training_line, = axes.plot(epochs, values[metric], "b-o")
    test_line, = axes.plot(epochs, values["val_" + metric], "g--")
    figure.suptitle(title)
    axes.set_xlabel("Epoch")
    axes.set_ylabel(metric)
    figure.legend([training_line, test_line], ["Training", "Test"], loc="upper right")
    return figure


def plot_loss(history):
    return _plot(history, "loss", "Loss per epoch")


def plot_accuracy(history):
    return _plot(history, "accuracy", "Accuracy per epoch")
