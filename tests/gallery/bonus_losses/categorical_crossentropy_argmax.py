"""Gallery, bonus_losses: categorical cross-entropy read from the argmax class, right for one-hot targets only."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_categorical_crossentropy_with_soft_targets"],
    "message": "only the largest target class counted",
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
    classes = np.argmax(np.asarray(y_true), axis=-1)
    return float(np.mean(-np.log(y_pred[np.arange(len(y_pred)), classes])))


def l2_penalty(weights, factor):
    return float(factor * np.sum(np.square(weights)))
