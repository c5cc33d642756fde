"""Gallery, ex5_2: both output weights -1, so every true XOR case comes out as -1."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_weights_make_the_network_compute_xor"],
    "message": "the output subtracts both units",
}

import numpy as np

from ex5_1.forward import hidden, output


def input_weights():
    return np.array([[1.0, -1.0], [-1.0, 1.0]])


def output_weights():
    return np.array([-1.0, -1.0])


def predict(x):
    return output(hidden(x, input_weights()), output_weights())
