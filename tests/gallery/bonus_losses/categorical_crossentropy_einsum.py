"""Gallery, bonus_losses: correct: np.einsum for the per-row sums of y_true log y_pred."""

GALLERY = {
    "verdict": "accepted",
    "tests": [],
    "message": "",
}

import math

import numpy as np


def _plogq(p, q, base):
    """p * log_base(q), with the convention 0 * log(anything) = 0."""
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    safe_q = np.where(p > 0, q, 1.0)
    return np.where(p > 0, p * np.log(safe_q), 0.0) / math.log(base)


def entropy(p, base=math.e):
    return float(-np.sum(_plogq(p, p, base)))


def cross_entropy(p, q, base=math.e):
    return float(-np.sum(_plogq(p, q, base)))


def kl_divergence(p, q, base=math.e):
    return cross_entropy(p, q, base) - entropy(p, base)


def categorical_crossentropy(y_true, y_pred):
    y_pred = np.clip(np.asarray(y_pred, dtype=float), 1e-7, 1.0)
    return float(-np.einsum("ij,ij->", np.asarray(y_true, dtype=float), np.log(y_pred)) / len(y_pred))


def l2_penalty(weights, factor):
    return float(factor * np.sum(np.square(weights)))
