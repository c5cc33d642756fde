"""Gallery, ex5_6: correct: the lesson's pyplot style, returning plt.gcf(), 'validation' labels."""

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
    training = history.history[metric]
    test = history.history[f"val_{metric}"]
    epochs = range(1, len(training) + 1)
    plt.figure()
    plt.plot(list(epochs), test, color="red", label=f"validation {metric}")
    plt.plot(list(epochs), training, label=f"training {metric}")
    plt.xlabel("Epoch")
    plt.ylabel(metric)
    plt.title(title)
    plt.legend(loc="best")
    return plt.gcf()


def plot_loss(history):
    return _plot(history, "loss", "Loss vs. epoch")


def plot_accuracy(history):
    return _plot(history, "accuracy", "Accuracy vs. epoch")
