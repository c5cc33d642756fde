"""Gallery, ex5_6, a correct variant: fit with a callback (TerminateOnNaN, which stops
only on a NaN loss), shuffle given explicitly and the validation data passed by
keyword: the same training, so the History agrees with the model."""

GALLERY = {"verdict": "accepted"}

import keras
import matplotlib.pyplot as plt


def train_with_validation(model, train_images, train_labels, test_images, test_labels,
                          epochs=10, batch_size=128):
    return model.fit(x=train_images, y=train_labels, batch_size=batch_size, epochs=epochs,
                     shuffle=True, validation_data=(test_images, test_labels),
                     callbacks=[keras.callbacks.TerminateOnNaN()], verbose=0)


def _plot(history, metric, title):
    training = history.history[metric]
    test = history.history[f"val_{metric}"]
    epochs = range(1, len(training) + 1)
    figure, axes = plt.subplots()
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
