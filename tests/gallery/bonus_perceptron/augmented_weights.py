"""Gallery, bonus_perceptron: correct, written differently from the reference.

The bias is folded into the weights: a column of ones is put in front of X,
so theta = [b, w] is updated as one vector; the loop stops early once an
epoch is clean and fills the remaining counts with zeros.
"""

GALLERY = {"verdict": "accepted"}

import numpy as np


def step(z):
    return (np.asarray(z) > 0).astype(int)


def predict(X, w, b):
    return step(np.asarray(X) @ w + b)


def train(X, y, learning_rate=1.0, epochs=20, seed=0):
    ones_and_X = np.column_stack([np.ones(len(X)), X])
    theta = np.random.default_rng(seed).standard_normal(ones_and_X.shape[1])
    errors = []
    for _ in range(epochs):
        wrong = 0
        for row, target in zip(ones_and_X, y):
            prediction = 1 if row @ theta > 0 else 0
            if prediction != target:
                theta += learning_rate * (target - prediction) * row
                wrong += 1
        errors.append(wrong)
        if wrong == 0:
            break
    errors += [0] * (epochs - len(errors))
    return theta[1:], theta[0], errors
