"""Gallery, bonus_metrics: ratios only where the count exceeds 1."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_per_class_metrics_for_a_class_with_one_example"],
    "message": "only where the count exceeds 1",
}

import numpy as np


def confusion_matrix(y_true, y_pred, num_classes=10):
    cm = np.zeros((num_classes, num_classes), dtype=int)
    np.add.at(cm, (np.asarray(y_true, dtype=int), np.asarray(y_pred, dtype=int)), 1)
    return cm


def _ratio(numerator, denominator):
    numerator, denominator = np.asarray(numerator, dtype=float), np.asarray(denominator, dtype=float)
    return np.divide(numerator, denominator, out=np.zeros_like(numerator), where=denominator > 1)


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
