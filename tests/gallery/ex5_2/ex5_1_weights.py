"""Gallery, ex5_2: the weights copied from ex5_1, so the network computes x1 - x2, not XOR."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_weights_make_the_network_compute_xor", "test_predict_reproduces_the_truth_table"],
    "message": "XOR is 1 when exactly one input is 1",
}

import numpy as np

from ex5_1.forward import hidden, output


def input_weights():
    return np.array([[1.0, -1.0], [-1.0, 1.0]])


def output_weights():
    return np.array([1.0, -1.0])


def predict(x):
    return output(hidden(x, input_weights()), output_weights())
