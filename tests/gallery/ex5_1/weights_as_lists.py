"""Gallery, ex5_1: the weights returned as nested lists, where the README asks for a 2x2 array."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_weights_are_minus_one_or_one", "test_weights_make_the_network_compute_x1_minus_x2"],
    "message": "where the README asks for an array",
}

import numpy as np


def test_inputs():
    return [(2, 1), (1, 1), (1, 2), (0, 0), (2, -1), (-1, -1), (-2, 1), (-1, -2)]


def target(x):
    return float(x[0] - x[1])


def relu(z):
    return np.maximum(0, z)


def hidden(x, W):
    return relu(np.asarray(W) @ np.asarray(x, dtype=float))


def output(h, W):
    return float(np.asarray(W) @ np.asarray(h, dtype=float))


def input_weights():
    return [[1.0, -1.0], [-1.0, 1.0]]


def output_weights():
    return [1.0, -1.0]


def predict(x):
    return output(hidden(x, input_weights()), output_weights())
