"""Gallery, bonus_activations: the exponent written -k (x0 - z), a slip found in some notes."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_sigmoid_matches_keras"],
    "message": "the exponent's sign flipped",
}

import numpy as np


def relu(z):
    return np.maximum(0.0, z)


def leaky_relu(z, alpha=0.01):
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, alpha * z)


def sigmoid(z, L=1.0, k=1.0, x0=0.0):
    t = k * (x0 - np.asarray(z, dtype=float))
    e = np.exp(-np.abs(t))  # never overflows: the exponent is <= 0
    return L * np.where(t >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
