"""Gallery, bonus_perceptron: correct, written differently from the reference.

np.heaviside for the step, a uniform start with the bias at 0, an update on
every row (it is zero on a right prediction), and the error counts kept in a
NumPy array.
"""

GALLERY = {"verdict": "accepted"}

import numpy as np


def step(z):
    return np.heaviside(z, 0.0)


def predict(X, w, b):
    return step(np.dot(X, w) + b)


def train(X, y, learning_rate=1.0, epochs=20, seed=0):
    rng = np.random.default_rng(seed)
    w = rng.uniform(-1.0, 1.0, size=np.shape(X)[1])
    b = 0.0
    errors = np.zeros(epochs, dtype=int)
    for epoch in range(epochs):
        for i in range(len(X)):
            y_hat = predict(X[i], w, b)
            w = w + learning_rate * (y[i] - y_hat) * X[i]
            b = b + learning_rate * (y[i] - y_hat)
            errors[epoch] += int(y_hat != y[i])
    return w, b, errors
