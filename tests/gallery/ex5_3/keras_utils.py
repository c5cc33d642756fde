"""Gallery, ex5_3: correct: reshape(-1, 784) and to_categorical cast to float32."""

GALLERY = {
    "verdict": "accepted",
    "tests": [],
    "message": "",
}

import numpy as np


def flatten_and_scale(images):
    images = np.asarray(images)
    return (np.reshape(images, (-1, 28 * 28)) / np.float32(255)).astype(np.float32)


def one_hot(labels, num_classes=10):
    import keras

    return keras.utils.to_categorical(labels, num_classes).astype("float32")
