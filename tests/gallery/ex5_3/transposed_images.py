"""Gallery, ex5_3: each image transposed before flattening (column-major order)."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_flatten_and_scale_puts_each_pixel_in_its_place_divided_by_255"],
    "message": "transposed before flattening",
}

import numpy as np


def flatten_and_scale(images):
    images = np.asarray(images)
    return images.transpose(0, 2, 1).reshape(len(images), -1).astype("float32") / 255.0


def one_hot(labels, num_classes=10):
    return np.eye(num_classes, dtype="float32")[np.asarray(labels, dtype=int)]
