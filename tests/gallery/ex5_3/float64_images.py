"""Gallery, ex5_3: scaled with NumPy's default float64."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_flatten_and_scale_returns_float32"],
    "message": "dtype float32",
}

import numpy as np


def flatten_and_scale(images):
    images = np.asarray(images)
    return images.reshape(len(images), -1) / 255.0


def one_hot(labels, num_classes=10):
    return np.eye(num_classes, dtype="float32")[np.asarray(labels, dtype=int)]
