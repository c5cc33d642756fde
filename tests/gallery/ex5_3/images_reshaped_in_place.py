"""Gallery, ex5_3: the caller's images flattened in place (images.shape = (n, 784)), then scaled."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_flatten_and_scale_leaves_its_input_unchanged"],
    "message": "its shape changed from",
}

import numpy as np


def flatten_and_scale(images):
    images = np.asarray(images)
    images.shape = (len(images), 784)
    return images.astype("float32") / 255.0


def one_hot(labels, num_classes=10):
    return np.eye(num_classes, dtype="float32")[np.asarray(labels, dtype=int)]
