"""Gallery, bonus_activations: correct: softmax as exp(z - logsumexp(z)), the log-sum computed stably per row; leaky ReLU from two ReLUs."""

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
    return relu(z) - alpha * relu(-z)


def sigmoid(z, L=1.0, k=1.0, x0=0.0):
    t = k * (np.asarray(z, dtype=float) - x0)
    e = np.exp(-np.abs(t))  # never overflows: the exponent is <= 0
    return L * np.where(t >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    top = np.max(z, axis=axis, keepdims=True)
    log_sum = top + np.log(np.sum(np.exp(z - top), axis=axis, keepdims=True))
    return np.exp(z - log_sum)
