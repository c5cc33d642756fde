"""Gallery, ex5_3: the caller's images reinterpreted in place as int8 (images.dtype = ...), then scaled: every pixel above 127 turns negative, in the caller's array too."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_flatten_and_scale_leaves_its_input_unchanged"],
    "message": "its dtype changed from uint8 to int8",
}

import numpy as np


def flatten_and_scale(images):
    images = np.asarray(images)
    images.dtype = np.int8
    return images.reshape(len(images), -1).astype("float32") / 255.0


def one_hot(labels, num_classes=10):
    return np.eye(num_classes, dtype="float32")[np.asarray(labels, dtype=int)]
