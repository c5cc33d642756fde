"""Gallery, ex5_1: Correct: lists and loops, a comprehension for relu, no @ at all."""

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
    if np.ndim(z) == 0:
        return max(0, z)
    return np.array([relu(v) for v in z])


def hidden(x, W):
    return relu(np.array([sum(w * v for w, v in zip(row, x)) for row in W]))


def output(h, W):
    return sum(w * v for w, v in zip(W, h))


def input_weights():
    return np.array([[1.0, -1.0], [-1.0, 1.0]])


def output_weights():
    return np.array([1.0, -1.0])


def predict(x):
    return output(hidden(x, input_weights()), output_weights())
