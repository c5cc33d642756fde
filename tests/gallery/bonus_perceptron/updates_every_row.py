"""Gallery, bonus_perceptron: targets turned into -1/+1 and every row pushes the weights towards its
side, the "if wrong" condition forgotten."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_rows_already_right_leave_the_weights_alone"],
    "message": "right predictions moved the weights too",
}

import numpy as np


def step(z):
    return np.where(np.asarray(z) > 0, 1, 0)


def predict(X, w, b):
    return step(np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b)


def train(X, y, learning_rate=1.0, epochs=20, seed=0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    rng = np.random.default_rng(seed)
    w = rng.normal(0.0, 1.0, size=X.shape[1])
    b = float(rng.normal(0.0, 1.0))
    errors = []
    for _ in range(epochs):
        mistakes = 0
        for x_row, target in zip(X, y):
            sign = 2 * target - 1                               # -1 or +1
            if predict(x_row[None, :], w, b)[0] != target:
                mistakes += 1
            w = w + learning_rate * sign * x_row
            b = b + learning_rate * sign
        errors.append(mistakes)
    return w, b, errors
