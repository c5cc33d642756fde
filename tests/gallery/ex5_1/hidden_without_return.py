"""Gallery, ex5_1: hidden computes the layer into a variable and forgets to return it."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_hidden_is_relu_of_W_times_x", "test_hidden_has_no_bias"],
    "message": "a missing `return`",
}

import numpy as np


def test_inputs():
    return [(2, 1), (1, 1), (1, 2), (0, 0), (2, -1), (-1, -1), (-2, 1), (-1, -2)]


def target(x):
    return float(x[0] - x[1])


def relu(z):
    return np.maximum(0, z)


def hidden(x, W):
    h = relu(np.asarray(W) @ np.asarray(x, dtype=float))


def output(h, W):
    return float(np.asarray(W) @ np.asarray(h, dtype=float))


def input_weights():
    return np.array([[1.0, -1.0], [-1.0, 1.0]])


def output_weights():
    return np.array([1.0, -1.0])


def predict(x):
    return output(hidden(x, input_weights()), output_weights())
