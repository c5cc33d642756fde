"""Gallery, bonus_activations: the textbook 1 / (1 + exp(-t)), which overflows for large negative t."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_sigmoid_stays_finite_for_huge_inputs"],
    "message": "overflow",
}

import numpy as np


def relu(z):
    return np.maximum(0.0, z)


def leaky_relu(z, alpha=0.01):
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, alpha * z)


def sigmoid(z, L=1.0, k=1.0, x0=0.0):
    t = k * (np.asarray(z, dtype=float) - x0)
    return L / (1.0 + np.exp(-t))


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
