"""Bonus exercise: backpropagation by hand on the lesson's 2-2-1 network.

    kata check bonus_backprop        (in its notebook: run this cell)

Shapes: X is (n, 2), W1 (2, 2) with one row per hidden unit (as in ex5_1),
W2 (2,). The task, the derivation and the questions are in README.md.
"""

import numpy as np


def forward(X, W1, W2):
    """(H, y_hat): H = relu(X @ W1.T), shape (n, 2); y_hat = H @ W2, shape (n,)."""
    raise NotImplementedError("ex5_1's network, for a whole batch of rows at once")


def loss(y, y_hat):
    """J = 1/2 * sum over the batch of (y - y_hat)^2, as a float."""
    raise NotImplementedError("half the sum of squared errors")


def gradients(X, y, W1, W2):
    """(dJ/dW1, dJ/dW2), shapes (2, 2) and (2,), by the chain rule."""
    raise NotImplementedError("start from dJ/dy_hat = y_hat - y and work backwards")


def fit(X, y, learning_rate, steps, seed):
    """Gradient descent from random weights drawn with `seed` (the README's figures
    come from a standard-normal start): (W1, W2, losses), losses holding J before
    each of the `steps` updates."""
    raise NotImplementedError("a start drawn from a generator seeded with `seed`, then steps against the gradient")
