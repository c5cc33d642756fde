"""Gallery, bonus_metrics: a plain division, so a class never predicted gives nan."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_precision_per_class"],
    "message": "no overflow, division by zero or invalid value",
}

import numpy as np


def confusion_matrix(y_true, y_pred, num_classes=10):
    cm = np.zeros((num_classes, num_classes), dtype=int)
    np.add.at(cm, (np.asarray(y_true, dtype=int), np.asarray(y_pred, dtype=int)), 1)
    return cm


def _ratio(numerator, denominator):
    numerator, denominator = np.asarray(numerator, dtype=float), np.asarray(denominator, dtype=float)
    return numerator / denominator


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
