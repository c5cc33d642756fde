"""Gallery, bonus_perceptron: the epoch's updates are added up and applied at its end (a batch rule)."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_train_follows_rosenblatts_rule_row_by_row"],
    "message": "applied at its end",
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
        dw, db = np.zeros_like(w), 0.0
        for x_row, target in zip(X, y):
            error = target - predict(x_row[None, :], w, b)[0]   # -1, 0 or +1
            if error != 0:
                dw = dw + learning_rate * error * x_row
                db = db + learning_rate * error
                mistakes += 1
        w, b = w + dw, b + db
        errors.append(mistakes)
    return w, b, errors
