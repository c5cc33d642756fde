"""Gallery, ex5_1: relu() clips its argument in place, changing the caller's array."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_relu_leaves_its_input_unchanged"],
    "message": "changes the caller's data",
}

import numpy as np


def test_inputs():
    return [(2, 1), (1, 1), (1, 2), (0, 0), (2, -1), (-1, -1), (-2, 1), (-1, -2)]


def target(x):
    return float(x[0] - x[1])


def relu(z):
    if np.ndim(z) == 0:
        return max(0.0, z)
    z[z < 0] = 0
    return z


def hidden(x, W):
    return relu(np.asarray(W) @ np.asarray(x, dtype=float))


def output(h, W):
    return float(np.asarray(W) @ np.asarray(h, dtype=float))


def input_weights():
    return np.array([[1.0, -1.0], [-1.0, 1.0]])


def output_weights():
    return np.array([1.0, -1.0])


def predict(x):
    return output(hidden(x, input_weights()), output_weights())
