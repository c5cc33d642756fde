"""Gallery, ex5_2: the right numbers, but predict re-implements the layers instead of reusing ex5_1's."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_predict_reuses_the_ex5_1_layers"],
    "message": "reuse them",
}

import numpy as np


def input_weights():
    return np.array([[1.0, -1.0], [-1.0, 1.0]])


def output_weights():
    return np.array([1.0, 1.0])


def predict(x):
    return float(output_weights() @ np.maximum(0.0, input_weights() @ np.asarray(x, dtype=float)))
