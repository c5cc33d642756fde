"""Gallery, bonus_activations: softmax shifted by the maximum of the whole array: fine for one row, nan for a row far below the others."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_softmax_stays_finite_row_by_row_in_a_batch"],
    "message": "not each row's own",
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
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=axis, keepdims=True)
