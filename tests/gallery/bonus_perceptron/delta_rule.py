"""Gallery, bonus_perceptron: the error uses the raw weighted sum (y - z), the delta rule, so right
predictions move the weights too."""

GALLERY = {
    "verdict": "rejected",
    "tests": ["test_a_mistake_moves_w_and_b_by_rate_times_error_times_x",
              "test_rows_already_right_leave_the_weights_alone"],
    "message": "right predictions",
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
            z = x_row @ w + b
            if step(z) != target:
                mistakes += 1
            error = target - z
            w = w + learning_rate * error * x_row
            b = b + learning_rate * error
        errors.append(mistakes)
    return w, b, errors
