"""Gallery, ex5_2: predict runs the network and forgets to return the result."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_predict_reproduces_the_truth_table", "test_predict_follows_the_weights"],
    "message": "a missing `return`",
}

import numpy as np

from ex5_1.forward import hidden, output


def input_weights():
    return np.array([[1.0, -1.0], [-1.0, 1.0]])


def output_weights():
    return np.array([1.0, 1.0])


def predict(x):
    y = output(hidden(x, input_weights()), output_weights())
