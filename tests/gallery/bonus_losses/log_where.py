"""Gallery, bonus_losses: correct: logarithms taken only where p > 0 (np.log's where=), in the
categorical cross-entropy too.

(Its categorical cross-entropy once read the argmax class alone, right for one-hot rows only:
that is now categorical_crossentropy_argmax.py, rejected by the soft-target test.)
"""

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
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.maximum(np.asarray(y_pred, dtype=float), 1e-7)
    logs = np.log(y_pred, out=np.zeros_like(y_pred), where=y_true > 0)
    return float(np.mean(-np.sum(y_true * logs, axis=-1)))


def l2_penalty(weights, factor):
    return float(factor * np.sum(np.square(weights)))
