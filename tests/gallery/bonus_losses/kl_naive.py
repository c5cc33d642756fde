"""Gallery, bonus_losses: the KL divergence summed as written, p log(p / q), which is nan where p is 0."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_outcomes_with_p_0_contribute_nothing"],
    "message": "no overflow, division by zero or invalid value",
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
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    return float(np.sum(p * np.log(p / q)) / math.log(base))


def categorical_crossentropy(y_true, y_pred):
    y_pred = np.clip(np.asarray(y_pred, dtype=float), 1e-7, 1.0)
    return float(np.mean(-np.sum(np.asarray(y_true) * np.log(y_pred), axis=-1)))


def l2_penalty(weights, factor):
    return float(factor * np.sum(np.square(weights)))
