"""Exercise 5-6: watch a model learn, epoch by epoch.

    kata check ex5_6        (in its notebook: run this cell)

The task and the questions are in README.md.
"""

import matplotlib.pyplot as plt


def train_with_validation(model, train_images, train_labels, test_images, test_labels,
                          epochs=10, batch_size=128):
    """Fit the model, scoring it on the test data after every epoch; return the History."""
    raise NotImplementedError("model.fit(..., validation_data=(test_images, test_labels)); return its result")


def plot_loss(history):
    """Training and test loss against epochs 1..n, with a title, axis labels and a legend.
    Returns the matplotlib Figure; never calls plt.show()."""
    raise NotImplementedError("plot history.history['loss'] and ['val_loss'] on one figure, return it")


def plot_accuracy(history):
    """The same as plot_loss, for accuracy. Returns the Figure."""
    raise NotImplementedError("plot history.history['accuracy'] and ['val_accuracy'], return the figure")
