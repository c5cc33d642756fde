"""Gallery, ex5_2: correct, with the hidden units swapped and ex5_1 imported as a module."""

GALLERY = {
    "verdict": "accepted",
    "tests": [],
    "message": "",
}

import numpy as np

import ex5_1.forward as layers


def input_weights():
    return np.array([[-1, 1], [1, -1]])


def output_weights():
    return np.array([1, 1])


def predict(x):
    return layers.output(layers.hidden(x, input_weights()), output_weights())
