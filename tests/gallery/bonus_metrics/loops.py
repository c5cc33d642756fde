"""Gallery, bonus_metrics: correct: plain loops and explicit zero checks."""

GALLERY = {
    "verdict": "accepted",
    "tests": [],
    "message": "",
}

import numpy as np


def confusion_matrix(y_true, y_pred, num_classes=10):
    cm = np.zeros((num_classes, num_classes), dtype=int)
    for t, p in zip(y_true, y_pred):
        cm[int(t), int(p)] += 1
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
    return np.array([2 * a * b / (a + b) if a + b > 0 else 0.0 for a, b in zip(p, r)])
