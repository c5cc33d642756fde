"""Gallery, ex5_2: predict looks the four rows up in the truth table."""

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


TRUTH_TABLE = {(0, 0): 0.0, (1, 0): 1.0, (0, 1): 1.0, (1, 1): 0.0}


def predict(x):
    return TRUTH_TABLE[tuple(x)]
