"""Gallery, bonus_losses: correct: logarithms taken only where p > 0 (np.log's where=), the true class picked by argmax."""

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
    logs = np.log(q, out=np.zeros_like(q), where=p > 0)
    return p * logs / math.log(base)


def entropy(p, base=math.e):
    return float(-np.sum(_plogq(p, p, base)))


def cross_entropy(p, q, base=math.e):
    return float(-np.sum(_plogq(p, q, base)))


def kl_divergence(p, q, base=math.e):
    return cross_entropy(p, q, base) - entropy(p, base)


def categorical_crossentropy(y_true, y_pred):
    y_pred = np.maximum(np.asarray(y_pred, dtype=float), 1e-7)
    true_class = np.argmax(y_true, axis=-1)
    return float(np.mean(-np.log(y_pred[np.arange(len(y_pred)), true_class])))


def l2_penalty(weights, factor):
    return float(factor * np.sum(np.square(weights)))
