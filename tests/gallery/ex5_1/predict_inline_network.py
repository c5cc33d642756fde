"""Gallery, ex5_1: predict computes the network again in one line instead of calling hidden and output."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_predict_goes_through_hidden_and_output"],
    "message": "calls to neither",
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
    return np.array([[1.0, -1.0], [-1.0, 1.0]])


def output_weights():
    return np.array([1.0, -1.0])


def predict(x):
    return float(output_weights() @ np.maximum(0.0, input_weights() @ np.asarray(x, dtype=float)))
