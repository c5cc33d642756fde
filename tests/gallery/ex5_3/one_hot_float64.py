"""Gallery, ex5_3: np.eye's default dtype, float64 (what to_categorical gives on Keras 3)."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_one_hot_returns_float32"],
    "message": "to_categorical returns float64",
}

import numpy as np


def flatten_and_scale(images):
    images = np.asarray(images)
    return images.reshape(len(images), -1).astype("float32") / 255.0


def one_hot(labels, num_classes=10):
    return np.eye(num_classes)[np.asarray(labels, dtype=int)]
