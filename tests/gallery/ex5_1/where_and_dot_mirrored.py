"""Gallery, ex5_1: Correct: np.where, np.dot, and the sign-mirrored weights."""

GALLERY = {
    "verdict": "accepted",
    "tests": [],
    "message": "",
}

import numpy as np


def test_inputs():
    return [(2, 1), (1, 1), (1, 2), (0, 0), (2, -1), (-1, -1), (-2, 1), (-1, -2)]


def target(x):
    return float(x[0] - x[1])


def relu(z):
    return np.where(np.asarray(z) > 0, z, 0.0)


def hidden(x, W):
    return relu(np.dot(W, x))


def output(h, W):
    return np.dot(W, h)


def input_weights():
    return np.array([[-1, 1], [1, -1]])


def output_weights():
    return np.array([-1, 1])


def predict(x):
    return output(hidden(x, input_weights()), output_weights())
