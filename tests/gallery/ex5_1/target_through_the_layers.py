"""Gallery, ex5_1: target runs x through hidden and output with the exercise's weights."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_target_does_not_use_the_network"],
    "message": "a target computed by the network",
}

import numpy as np


def test_inputs():
    return [(2, 1), (1, 1), (1, 2), (0, 0), (2, -1), (-1, -1), (-2, 1), (-1, -2)]


def target(x):
    return output(hidden(x, input_weights()), output_weights())


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
    return output(hidden(x, input_weights()), output_weights())
