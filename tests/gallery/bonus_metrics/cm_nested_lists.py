"""Gallery, bonus_metrics: the confusion matrix as a list of lists."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_confusion_matrix_is_a_numpy_array"],
    "message": "where the README asks for an array",
}

import numpy as np


def confusion_matrix(y_true, y_pred, num_classes=10):
    cm = [[0] * num_classes for _ in range(num_classes)]
    for t, p in zip(y_true, y_pred):
        cm[int(t)][int(p)] += 1
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
