"""Gallery, ex5_2: predict calls ex5_1's layers with weights written into it, not input_weights() and output_weights()."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_predict_follows_the_weights"],
    "message": "stays the same whatever",
}

import numpy as np

from ex5_1.forward import hidden, output


def input_weights():
    return np.array([[1.0, -1.0], [-1.0, 1.0]])


def output_weights():
    return np.array([1.0, 1.0])


def predict(x):
    return output(hidden(x, np.array([[1.0, -1.0], [-1.0, 1.0]])), np.array([1.0, 1.0]))
