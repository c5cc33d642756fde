"""Gallery, ex5_3: correct: flattened with -1, multiplied by 1/255 in float32; labels one-hot by comparison with a range."""

GALLERY = {
    "verdict": "accepted",
    "tests": [],
    "message": "",
}

import numpy as np


def flatten_and_scale(images):
    flat = np.reshape(images, (np.shape(images)[0], -1))
    return flat.astype(np.float32) * np.float32(1 / 255)


def one_hot(labels, num_classes=10):
    labels = np.asarray(labels).reshape(-1, 1)
    return (labels == np.arange(num_classes)).astype(np.float32)
