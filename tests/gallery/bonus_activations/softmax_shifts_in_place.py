"""Gallery, bonus_activations: softmax shifts its input by the row maxima in place (z -= ...), changing the caller's array."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_the_callers_array_is_left_unchanged"],
    "message": "changes the caller's data",
}

import numpy as np


def relu(z):
    return np.maximum(0.0, z)


def leaky_relu(z, alpha=0.01):
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, alpha * z)


def sigmoid(z, L=1.0, k=1.0, x0=0.0):
    t = k * (np.asarray(z, dtype=float) - x0)
    e = np.exp(-np.abs(t))  # never overflows: the exponent is <= 0
    return L * np.where(t >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    z -= np.max(z, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)
