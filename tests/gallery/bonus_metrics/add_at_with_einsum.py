"""Gallery, bonus_metrics: correct: np.add.at on a flat int64 array, np.einsum for the diagonal, float counts for the ratios."""

GALLERY = {
    "verdict": "accepted",
    "tests": [],
    "message": "",
}

import numpy as np


def confusion_matrix(y_true, y_pred, num_classes=10):
    flat = np.zeros(num_classes * num_classes, dtype=np.int64)
    np.add.at(flat, np.asarray(y_true, dtype=int) * num_classes + np.asarray(y_pred, dtype=int), 1)
    return flat.reshape(num_classes, num_classes)


def _ratio(numerator, denominator):
    numerator, denominator = np.asarray(numerator, dtype=float), np.asarray(denominator, dtype=float)
    return np.divide(numerator, denominator, out=np.zeros_like(numerator), where=denominator > 0)


def accuracy(cm):
    cm = np.asarray(cm)
    return float(np.trace(cm) / cm.sum()) if cm.sum() else 0.0


def precision(cm):
    cm = np.asarray(cm)
    return _ratio(np.einsum("ii->i", cm), np.einsum("ij->j", cm))


def recall(cm):
    cm = np.asarray(cm)
    return _ratio(np.einsum("ii->i", cm), np.einsum("ij->i", cm))


def f1(cm):
    p, r = precision(cm), recall(cm)
    return _ratio(2 * p * r, p + r)
