"""Gallery, ex5_1: Weights scaled by 2 and 1/2: the right function, but not from {-1, 1}."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_weights_are_minus_one_or_one"],
    "message": "every entry -1 or 1",
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
    return np.array([[2.0, -2.0], [-2.0, 2.0]])


def output_weights():
    return np.array([0.5, -0.5])


def predict(x):
    return output(hidden(x, input_weights()), output_weights())
