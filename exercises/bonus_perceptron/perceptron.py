"""Bonus exercise: Rosenblatt's perceptron, and the one function it cannot learn.

    kata check bonus_perceptron        (in its notebook: run this cell)

NumPy only. Shapes: X is (n, d), one example per row; w is (d,); b is a
number; y holds the n targets, each 0 or 1. The learning rule, the exact
form `train` must take and the questions are in README.md.
"""

import numpy as np


def step(z):
    """1 where z > 0, else 0, elementwise; for a single number and for an array."""
    raise NotImplementedError("a threshold at zero: on which side does z == 0 fall?")


def predict(X, w, b):
    """0 or 1 for each row of X: the step of that row's weighted sum plus the bias."""
    raise NotImplementedError("one weighted sum per row, plus b, then step")


def train(X, y, learning_rate=1.0, epochs=20, seed=0):
    """Rosenblatt's rule from a random start drawn with `seed`: returns (w, b, errors),
    where errors[i] counts the rows misclassified during epoch i."""
    raise NotImplementedError("draw the start from the seed, then one pass over the rows per epoch")
