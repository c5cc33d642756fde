"""Gallery, ex5_6, a correct variant: train_with_validation fits one epoch per call
(initial_epoch keeps the count, and a TerminateOnNaN callback rides along) and returns
the last call's History with every epoch's values gathered into it. The model trains
exactly as one fit of all the epochs would (the optimizer keeps its state from call to
call), and the History records that run: its params (epochs, steps) and every epoch's
values. Accepted on purpose: the tests judge the record against the model, not which
call of fit produced the object."""

GALLERY = {"verdict": "accepted"}

import keras
import matplotlib.pyplot as plt


def train_with_validation(model, train_images, train_labels, test_images, test_labels,
                          epochs=10, batch_size=128):
    gathered = {}
    for epoch in range(epochs):
        history = model.fit(train_images, train_labels, initial_epoch=epoch, epochs=epoch + 1,
                            batch_size=batch_size, validation_data=(test_images, test_labels),
                            callbacks=[keras.callbacks.TerminateOnNaN()], verbose=0)
        for name, values in history.history.items():
            gathered.setdefault(name, []).extend(values)
    history.history = gathered
    history.epoch = list(range(epochs))
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
