"""Tests for the backpropagation bonus: run them with `pytest exercises/bonus_backprop`.

Gradients are checked two independent ways: TensorFlow's automatic
differentiation (GradientTape) and central finite differences.
"""

import numpy as np
import pytest

from kata.judge import LearnerModule, Teacher, recognise, same_values

pytestmark = pytest.mark.timeout(60)

bp = LearnerModule("bonus_backprop")
teacher = Teacher("bonus_backprop")

RNG = np.random.default_rng(42)
X = RNG.uniform(-2, 2, size=(6, 2))
Y = X[:, 0] - X[:, 1]
W1 = np.array([[0.8, -1.2], [0.3, 0.9]])  # not symmetric, so a transposed W1 shows
W2 = np.array([1.5, -0.7])
LESSON_PAIRS = np.array([(2, 1), (1, 1), (1, 2), (0, 0), (2, -1), (-1, -1), (-2, 1), (-1, -2)], float)
CHAIN = ("backpropagation applies the chain rule from the loss backwards: dJ/dy_hat = "
         "y_hat - y; dJ/dW2 = H^T (y_hat - y); back through W2 to the hidden units, times "
         "the ReLU's derivative (1 where Z > 0, else 0); then dJ/dW1 = dZ^T X.")


def expected_forward(X, W1, W2):
    H = np.maximum(0.0, np.einsum("nj,ij->ni", X, W1))
    return H, np.einsum("ni,i->n", H, W2)


def loss_of(W1, W2):
    return 0.5 * float(np.sum((Y - expected_forward(X, W1, W2)[1]) ** 2))


def autodiff_gradients():
    import tensorflow as tf

    w1, w2 = tf.Variable(W1), tf.Variable(W2)
    with tf.GradientTape() as tape:
        H = tf.nn.relu(tf.constant(X) @ tf.transpose(w1))
        J = 0.5 * tf.reduce_sum((tf.constant(Y) - tf.linalg.matvec(H, w2)) ** 2)
    d1, d2 = tape.gradient(J, [w1, w2])
    return d1.numpy(), d2.numpy()


def numeric_gradients(h=1e-6):
    grads = []
    for which, W in enumerate((W1, W2)):
        g = np.zeros_like(W)
        for index in np.ndindex(W.shape):
            plus, minus = W.copy(), W.copy()
            plus[index] += h
            minus[index] -= h
            args_plus = (plus, W2) if which == 0 else (W1, plus)
            args_minus = (minus, W2) if which == 0 else (W1, minus)
            g[index] = (loss_of(*args_plus) - loss_of(*args_minus)) / (2 * h)
        grads.append(g)
    return grads


def test_forward_gives_hidden_values_and_outputs():
    H, y_hat = bp.forward(X.copy(), W1.copy(), W2.copy())
    H_expected, y_expected = expected_forward(X, W1, W2)
    teacher.expect(same_values(H, H_expected), "forward", "H = relu(X @ W1.T), shape (6, 2)", H,
                   "each row of X is one example; row i of W1 holds hidden unit i's weights.",
                   looks_like=recognise(H, {"W1 used transposed (X @ W1)": np.maximum(0, X @ W1),
                                            "no ReLU": X @ W1.T}))
    teacher.expect(same_values(y_hat, y_expected), "forward", "y_hat = H @ W2, shape (6,)", y_hat,
                   "the output unit is linear.")


def test_loss_is_half_the_sum_of_squared_errors():
    y_hat = expected_forward(X, W1, W2)[1]
    found = bp.loss(Y.copy(), y_hat.copy())
    expected = 0.5 * float(np.sum((Y - y_hat) ** 2))
    teacher.expect(same_values(found, expected), "loss", f"J = 1/2 sum (y - y_hat)^2 = {expected:.6f}",
                   found, "the squared-error loss is minimised, so it must be positive; the 1/2 "
                   "cancels the 2 from differentiating the square.",
                   looks_like=recognise(found, {
                       "the loss negated (-1/2 sum ...), which gradient descent would maximise": -expected,
                       "the mean instead of the sum": expected / len(Y),
                       "the 1/2 missing": 2 * expected}))


@pytest.mark.parametrize("reference", ["autodiff", "finite differences"])
def test_gradients_match(reference):
    dW1, dW2 = bp.gradients(X.copy(), Y.copy(), W1.copy(), W2.copy())
    e1, e2 = autodiff_gradients() if reference == "autodiff" else numeric_gradients()
    error = expected_forward(X, W1, W2)[1] - Y
    no_mask = np.outer(error, W2).T @ X
    teacher.expect(same_values(dW2, e2, atol=1e-5), "gradients", f"dJ/dW2 = {np.round(e2, 4).tolist()} "
                   f"({reference})", dW2, CHAIN,
                   looks_like=recognise(dW2, {"the gradient's sign flipped (y - y_hat for y_hat - y)": -e2}))
    teacher.expect(same_values(dW1, e1, atol=1e-5), "gradients", f"dJ/dW1 = {np.round(e1, 4).tolist()} "
                   f"({reference})", dW1, CHAIN,
                   looks_like=recognise(dW1, {"dW1 transposed": e1.T,
                                              "the ReLU mask missing (units with Z <= 0 pass "
                                              "gradient back)": no_mask,
                                              "the gradient's sign flipped": -e1}))


def test_fit_is_deterministic_for_a_seed():
    X_train, y_train = training_set()
    a = bp.fit(X_train, y_train, 0.005, 50, 3)
    b = bp.fit(X_train, y_train, 0.005, 50, 3)
    teacher.expect(all(same_values(u, v) for u, v in zip(a, b)), "fit",
                   "identical (W1, W2, losses) for two calls with seed 3", "different results",
                   "draw the starting weights from np.random.default_rng(seed), so that a run "
                   "can be repeated exactly.")
    c = bp.fit(X_train, y_train, 0.005, 50, 4)
    teacher.expect(not same_values(a[2], c[2]), "fit", "different starting weights for seeds 3 and 4",
                   "the same losses", "the seed must decide where descent starts.")
    teacher.expect(len(a[2]) == 50, "fit", "50 losses for steps=50", f"{len(a[2])} losses",
                   "record J once per step, before the update.")


def training_set():
    rng = np.random.default_rng(123)
    X_train = rng.uniform(-2, 2, size=(32, 2))
    return X_train, X_train[:, 0] - X_train[:, 1]


def test_fit_learns_x1_minus_x2():
    X_train, y_train = training_set()
    runs = [bp.fit(X_train, y_train, 0.005, 3000, seed) for seed in range(10)]
    finals = [run[2][-1] for run in runs]
    best = int(np.argmin(finals))
    W1_learned, W2_learned, history = runs[best]
    teacher.expect(history[-1] < 1e-3 * len(y_train) and history[-1] < history[0], "fit",
                   "J below 0.032 after 3000 steps of learning rate 0.005 for at least one of "
                   "seeds 0-9", f"final losses {np.round(finals, 3).tolist()}",
                   "gradient descent steps *against* the gradient: W <- W - rate * dJ/dW. "
                   "Stepping with it (W + rate * dJ/dW) climbs the loss instead. Some seeds "
                   "can stall with a hidden unit that never activates (a 'dead' ReLU), but "
                   "not all ten.",
                   looks_like="gradient ascent" if min(finals) > max(r[2][0] for r in runs) else None)
    predicted = expected_forward(LESSON_PAIRS, W1_learned, W2_learned)[1]
    target = LESSON_PAIRS[:, 0] - LESSON_PAIRS[:, 1]
    teacher.expect(same_values(predicted, target, atol=0.05), "fit",
                   f"the learned network reproducing the lesson's pairs: {target.tolist()}",
                   np.round(predicted, 3), "a network that has learned y = x1 - x2 on random "
                   "pairs should get the lesson's eight test pairs right too.")
