"""Exercise 5-1: a tiny network, computed by hand, that outputs y = x1 - x2.

Replace each `raise NotImplementedError(...)` with your code, then run

    kata check ex5_1        (in its notebook: run this cell)

The task, the picture of the network and the questions are in README.md.
"""

import numpy as np


def test_inputs():
    """The eight (x1, x2) pairs to try the network on, as a list of tuples."""
    raise NotImplementedError("return the README's eight (x1, x2) pairs as a list of tuples")


def target(x):
    """The value the network should produce for the pair x: x1 - x2."""
    raise NotImplementedError("compute x1 - x2 directly, no network involved")


def relu(z):
    """The rectified linear unit, elementwise: max(0, z) for a number or an array."""
    raise NotImplementedError("keep positive values, turn negative ones into 0; arrays too")


def hidden(x, W):
    """The hidden layer: relu(W . x), no bias. Returns an array with one value per row of W."""
    raise NotImplementedError("multiply the weights by the input, then apply relu")


def output(h, W):
    """The output unit: W . h with a linear activation and no bias. Returns a number."""
    raise NotImplementedError("a dot product of the weight vector and the hidden values")


def input_weights():
    """The 2x2 weights from the inputs to the hidden units; every entry is -1 or 1."""
    raise NotImplementedError("a 2x2 np.array of -1s and 1s, found by inspection")


def output_weights():
    """The 2 weights from the hidden units to the output; every entry is -1 or 1."""
    raise NotImplementedError("an np.array of two values, each -1 or 1")


def predict(x):
    """The whole network on one pair x: output(hidden(x, input_weights()), output_weights())."""
    raise NotImplementedError("chain hidden and output with your two weight tensors")
