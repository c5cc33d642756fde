"""Gallery, bonus_metrics: counts kept in uint8, which wraps around at 256."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_confusion_matrix_counts_past_255"],
    "message": "wrapping around at 256",
}

import numpy as np


def confusion_matrix(y_true, y_pred, num_classes=10):
    cm = np.zeros((num_classes, num_classes), dtype=np.uint8)
    np.add.at(cm, (np.asarray(y_true, dtype=int), np.asarray(y_pred, dtype=int)), 1)
    return cm


def _ratio(numerator, denominator):
    numerator, denominator = np.asarray(numerator, dtype=float), np.asarray(denominator, dtype=float)
    return np.divide(numerator, denominator, out=np.zeros_like(numerator), where=denominator > 0)


def accuracy(cm):
    cm = np.asarray(cm)
    return float(np.trace(cm) / cm.sum()) if cm.sum() else 0.0


def precision(cm):
    cm = np.asarray(cm)
    return _ratio(np.diag(cm), cm.sum(axis=0))


def recall(cm):
    cm = np.asarray(cm)
    return _ratio(np.diag(cm), cm.sum(axis=1))


def f1(cm):
    p, r = precision(cm), recall(cm)
    return _ratio(2 * p * r, p + r)
