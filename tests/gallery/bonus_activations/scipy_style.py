"""Gallery, bonus_activations: correct: sigmoid through tanh, softmax through logsumexp-style shifting."""

GALLERY = {
    "verdict": "accepted",
    "tests": [],
    "message": "",
}

import numpy as np


def relu(z):
    return np.maximum(0.0, z)


def leaky_relu(z, alpha=0.01):
    z = np.asarray(z, dtype=float)
    return np.maximum(z, 0) + alpha * np.minimum(z, 0)


def sigmoid(z, L=1.0, k=1.0, x0=0.0):
    t = k * (np.asarray(z, dtype=float) - x0)
    return L * 0.5 * (1.0 + np.tanh(0.5 * t))


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
