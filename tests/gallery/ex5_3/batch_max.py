"""Gallery, ex5_3: the batch divided by its brightest pixel, whatever that is."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_flatten_and_scale_divides_by_255_whatever_the_images_hold"],
    "message": "the batch divided by its largest pixel",
}

import numpy as np


def flatten_and_scale(images):
    flat = np.asarray(images).reshape(len(images), -1).astype("float32")
    return flat / flat.max()


def one_hot(labels, num_classes=10):
    return np.eye(num_classes, dtype="float32")[np.asarray(labels, dtype=int)]
