"""Gallery, bonus_activations: leaky_relu as the larger of z and alpha * z, which is right only while alpha <= 1."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_leaky_relu_matches_keras"],
    "message": "only while alpha <= 1",
}

import numpy as np


def relu(z):
    return np.maximum(0.0, z)


def leaky_relu(z, alpha=0.01):
    z = np.asarray(z, dtype=float)
    return np.maximum(z, alpha * z)


def sigmoid(z, L=1.0, k=1.0, x0=0.0):
    t = k * (np.asarray(z, dtype=float) - x0)
    e = np.exp(-np.abs(t))  # never overflows: the exponent is <= 0
    return L * np.where(t >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
