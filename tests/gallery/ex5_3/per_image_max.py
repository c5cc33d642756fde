"""Gallery, ex5_3: each image divided by its own brightest pixel: on random test images, which all reach 255, it looks right; on MNIST 1,021 test images differ."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_flatten_and_scale_divides_by_255_whatever_the_images_hold"],
    "message": "each image divided by its own maximum",
}

import numpy as np


def flatten_and_scale(images):
    flat = np.asarray(images).reshape(len(images), -1).astype("float32")
    return flat / flat.max(axis=1, keepdims=True)


def one_hot(labels, num_classes=10):
    return np.eye(num_classes, dtype="float32")[np.asarray(labels, dtype=int)]
