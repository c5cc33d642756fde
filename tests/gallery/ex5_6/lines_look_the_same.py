"""Gallery, ex5_6: both curves drawn in the same colour and style, so the legend cannot tell them apart."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_plot_has_a_title_axis_labels_and_a_legend"],
    "message": "same colour and style",
}

import matplotlib.pyplot as plt


def train_with_validation(model, train_images, train_labels, test_images, test_labels,
                          epochs=10, batch_size=128):
    return model.fit(train_images, train_labels, epochs=epochs, batch_size=batch_size,
                     validation_data=(test_images, test_labels), verbose=0)


def _plot(history, metric, title):
    training = history.history[metric]
    test = history.history[f"val_{metric}"]
    epochs = range(1, len(training) + 1)
    figure, axes = plt.subplots()
    axes.plot(epochs, training, color="blue", label=f"training {metric}")
    axes.plot(epochs, test, color="blue", label=f"test {metric}")
    axes.set_title(title)
    axes.set_xlabel("Epoch")
    axes.set_ylabel(metric)
    axes.legend()
    return figure


def plot_loss(history):
    return _plot(history, "loss", "Loss vs. epoch")


def plot_accuracy(history):
    return _plot(history, "accuracy", "Accuracy vs. epoch")
