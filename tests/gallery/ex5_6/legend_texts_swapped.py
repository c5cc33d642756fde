"""Gallery, ex5_6: unlabelled lines, training then test, and legend texts given in the other order."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_plot_has_a_title_axis_labels_and_a_legend"],
    "message": "the two labels swapped",
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
    axes.plot(epochs, training)
    axes.plot(epochs, test)
    axes.set_title(title)
    axes.set_xlabel("Epoch")
    axes.set_ylabel(metric)
    axes.legend(["test", "training"])
    return figure


def plot_loss(history):
    return _plot(history, "loss", "Loss vs. epoch")


def plot_accuracy(history):
    return _plot(history, "accuracy", "Accuracy vs. epoch")
