"""Gallery, ex5_6: train_with_validation never fits; it nudges the weights by 1e-4 and
returns a History made by hand whose test values are the nudged model's own (so that
the last val_loss matches the test loss), with made-up training values."""

GALLERY = {
    "verdict": "rejected",
    "tests": [
        "test_train_with_validation_records_test_metrics_every_epoch",
        "test_train_with_validation_defaults_to_10_epochs_of_batch_128",
        "test_plots_of_a_real_training_run",
    ],
    "message": "a model that was never fitted",
}

import keras
import matplotlib.pyplot as plt
import numpy as np


def train_with_validation(model, train_images, train_labels, test_images, test_labels,
                          epochs=10, batch_size=128):
    model.set_weights([w + np.float32(1e-4) for w in model.get_weights()])
    val_loss, val_accuracy = model.evaluate(test_images, test_labels, verbose=0)
    history = keras.callbacks.History()
    history.history = {"loss": list(np.linspace(2.2, 1.0, epochs)),
                       "accuracy": list(np.linspace(0.3, 0.8, epochs)),
                       "val_loss": [val_loss] * epochs, "val_accuracy": [val_accuracy] * epochs}
    history.epoch = list(range(epochs))
    history.params = {"epochs": epochs, "steps": -(-len(train_images) // batch_size), "verbose": 0}
    return history


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
