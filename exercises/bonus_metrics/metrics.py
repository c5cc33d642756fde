"""Bonus exercise: how good is a classifier, class by class?

    kata check bonus_metrics        (in its notebook: run this cell)

The task and the questions are in README.md.
"""

import numpy as np


def confusion_matrix(y_true, y_pred, num_classes=10):
    """cm[i, j] = how many examples of true class i were predicted as class j."""
    raise NotImplementedError("count each (true, predicted) pair")


def accuracy(cm):
    """The fraction of all examples on the diagonal."""
    raise NotImplementedError("correct predictions over all predictions")


def precision(cm):
    """Per class: of the examples predicted as the class, the fraction that are it; 0 if none."""
    raise NotImplementedError("the diagonal over the column sums, 0 where a column is empty")


def recall(cm):
    """Per class: of the examples of the class, the fraction predicted as it; 0 if none."""
    raise NotImplementedError("the diagonal over the row sums, 0 where a row is empty")


def f1(cm):
    """Per class: the harmonic mean of precision and recall; 0 where both are 0."""
    raise NotImplementedError("2 p r / (p + r)")
