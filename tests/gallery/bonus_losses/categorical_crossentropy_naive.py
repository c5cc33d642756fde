"""Gallery, bonus_losses: categorical cross-entropy without clipping or masking: a wrong class with probability 0 gives 0 * log 0 = nan."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_categorical_crossentropy_with_probability_0_for_a_wrong_class"],
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
    return cross_entropy(p, q, base) - entropy(p, base)


def categorical_crossentropy(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    return float(np.mean(-np.sum(y_true * np.log(y_pred), axis=-1)))


def l2_penalty(weights, factor):
    return float(factor * np.sum(np.square(weights)))
