"""Gallery, ex5_3: min-max normalisation of the batch, which equals / 255 only when the batch holds both 0 and 255."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_flatten_and_scale_divides_by_255_whatever_the_images_hold"],
    "message": "stretched to fill [0, 1]",
}

import numpy as np


def flatten_and_scale(images):
    flat = np.asarray(images).reshape(len(images), -1).astype("float32")
    return (flat - flat.min()) / (flat.max() - flat.min())


def one_hot(labels, num_classes=10):
    return np.eye(num_classes, dtype="float32")[np.asarray(labels, dtype=int)]
