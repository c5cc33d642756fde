"""Gallery, ex5_3: one_hot builds the rows and forgets to return them."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_one_hot_has_a_single_1_in_each_labels_column", "test_one_hot_returns_float32", "test_on_real_mnist"],
    "message": "a missing `return`",
}

import numpy as np


def flatten_and_scale(images):
    images = np.asarray(images)
    return images.reshape(len(images), -1).astype("float32") / 255.0


def one_hot(labels, num_classes=10):
    rows = np.eye(num_classes, dtype="float32")[np.asarray(labels, dtype=int)]
