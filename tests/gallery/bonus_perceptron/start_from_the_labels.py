"""Gallery, bonus_perceptron: the bias starts at the share of positive labels."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_train_starts_from_the_seed_alone_not_from_the_data"],
    "message": "a start computed from the data",
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
    b = float(rng.normal(0.0, 1.0)) + float(np.mean(y))
    errors = []
    for _ in range(epochs):
        mistakes = 0
        for x_row, target in zip(X, y):
            error = target - predict(x_row[None, :], w, b)[0]   # -1, 0 or +1
            if error != 0:
                w = w + learning_rate * error * x_row
                b = b + learning_rate * error
                mistakes += 1
        errors.append(mistakes)
    return w, b, errors
