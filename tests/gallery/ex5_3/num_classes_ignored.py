"""Gallery, ex5_3: one_hot always makes 10 columns."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_one_hot_honours_num_classes"],
    "message": "num_classes ignored",
}

import numpy as np


def flatten_and_scale(images):
    images = np.asarray(images)
    return images.reshape(len(images), -1).astype("float32") / 255.0


def one_hot(labels, num_classes=10):
    return np.eye(10, dtype="float32")[np.asarray(labels, dtype=int)]
