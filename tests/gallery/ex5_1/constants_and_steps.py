"""Gallery, ex5_1: correct: weights kept in module constants that the weight functions return, predict in steps, relu by multiplication with a mask."""

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
    z = np.asarray(z, dtype=float)
    return z * (z > 0)


def hidden(x, W):
    return relu(np.asarray(W) @ np.asarray(x, dtype=float))


def output(h, W):
    return float(np.asarray(W) @ np.asarray(h, dtype=float))


W1 = np.array([[-1, 1], [1, -1]])
W2 = np.array([-1, 1])


def input_weights():
    return W1


def output_weights():
    return W2


def predict(x):
    x = np.array(x, dtype=float)
    W1, W2 = input_weights(), output_weights()
    h = hidden(x, W1)
    return output(h, W2)
