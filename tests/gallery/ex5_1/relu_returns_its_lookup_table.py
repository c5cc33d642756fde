"""Gallery, ex5_1: relu() builds a table of where ReLU keeps its input (z > 0) for every
integer within 16 Mi of zero, and returns the whole table instead of looking z up in it."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_relu_on_numbers", "test_relu_on_arrays"],
    "message": "and an answer may hold at most 16,777,216 numbers",
}

import numpy as np

SPAN = 1 << 24
TABLE = None


def test_inputs():
    return [(2, 1), (1, 1), (1, 2), (0, 0), (2, -1), (-1, -1), (-2, 1), (-1, -2)]


def target(x):
    return float(x[0] - x[1])


def relu(z):
    global TABLE
    if TABLE is None:
        TABLE = np.arange(-SPAN, SPAN, dtype=np.int32) > 0  # True where ReLU keeps the value
    return TABLE


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
