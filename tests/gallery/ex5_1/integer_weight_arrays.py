"""Gallery, ex5_1: correct: integer weight arrays, and the other valid choice of signs."""

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
    return np.maximum(0, z)


def hidden(x, W):
    return relu(np.asarray(W) @ np.asarray(x, dtype=float))


def output(h, W):
    return float(np.asarray(W) @ np.asarray(h, dtype=float))


def input_weights():
    return np.array([[-1, 1], [1, -1]])


def output_weights():
    return np.array([-1, 1])


def predict(x):
    return output(hidden(x, input_weights()), output_weights())
