"""Gallery, ex5_6: the pyplot functions alone (plt.plot, plt.title, ...), with no
plt.figure() first, and plt.gcf() returned: both plots land on the one current figure."""

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
    epochs = list(range(1, len(training) + 1))
    plt.plot(epochs, training, label=f"training {metric}")
    plt.plot(epochs, test, color="red", label=f"validation {metric}")
    plt.title(title)
    plt.xlabel("Epoch")
    plt.ylabel(metric)
    plt.legend()
    return plt.gcf()


def plot_loss(history):
    return _plot(history, "loss", "Loss vs. epoch")


def plot_accuracy(history):
    return _plot(history, "accuracy", "Accuracy vs. epoch")
