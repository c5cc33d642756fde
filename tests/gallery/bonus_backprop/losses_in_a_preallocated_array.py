"""Gallery, bonus_backprop: correct: losses kept in a NumPy array filled step by step, a start drawn from rng.uniform(-1, 1)."""

GALLERY = {
    "verdict": "accepted",
    "tests": [],
    "message": "",
}

import numpy as np


def forward(X, W1, W2):
    H = np.maximum(0.0, np.asarray(X, dtype=float) @ np.asarray(W1, dtype=float).T)
    return H, H @ np.asarray(W2, dtype=float)


def loss(y, y_hat):
    return float(0.5 * np.sum((np.asarray(y, dtype=float) - y_hat) ** 2))


def gradients(X, y, W1, W2):
    X = np.asarray(X, dtype=float)
    Z = X @ np.asarray(W1, dtype=float).T
    H, y_hat = forward(X, W1, W2)
    error = y_hat - np.asarray(y, dtype=float)          # dJ/dy_hat, (n,)
    dW2 = H.T @ error                                    # (2,)
    dZ = np.outer(error, W2) * (Z > 0)                   # back through W2, then the ReLU
    dW1 = dZ.T @ X                                       # (2, 2), row i for hidden unit i
    return dW1, dW2


def fit(X, y, learning_rate, steps, seed):
    rng = np.random.default_rng(seed)
    W1 = rng.uniform(-1, 1, size=(2, 2))
    W2 = rng.uniform(-1, 1, size=2)
    losses = np.zeros(steps)
    for step in range(steps):
        losses[step] = np.sum((np.asarray(y, dtype=float) - forward(X, W1, W2)[1]) ** 2) / 2
        dW1, dW2 = gradients(X, y, W1, W2)
        W1 = W1 - learning_rate * dW1                    # descent: against the gradient
        W2 = W2 - learning_rate * dW2
    return W1, W2, losses
