"""Gallery, ex5_6: each plot drawn on pyplot's current figure (plt.gcf()) instead of a new
one: in the learner's notebook, plot_accuracy right after plot_loss draws on the loss figure,
which ends up with four lines and a legend that mixes both."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_plots_drawn_one_after_another_each_show_their_own_curves"],
    "message": "instead of a new one",
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
    figure = plt.gcf()
    axes = figure.gca()
    axes.plot(epochs, training, label=f"training {metric}")
    axes.plot(epochs, test, color="red", label=f"test {metric}")
    axes.set_title(title)
    axes.set_xlabel("Epoch")
    axes.set_ylabel(metric.capitalize())
    axes.legend()
    return figure


def plot_loss(history):
    return _plot(history, "loss", "Loss vs. epoch")


def plot_accuracy(history):
    return _plot(history, "accuracy", "Accuracy vs. epoch")
