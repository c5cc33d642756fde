"""Gallery, ex5_3: one_hot hands back the integer labels."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_one_hot_has_a_single_1_in_each_labels_column"],
    "message": "not one-hot encoded",
}

import numpy as np


def flatten_and_scale(images):
    images = np.asarray(images)
    return images.reshape(len(images), -1).astype("float32") / 255.0


def one_hot(labels, num_classes=10):
    return np.asarray(labels, dtype="float32")
