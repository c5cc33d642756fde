"""Tests for the backpropagation bonus: run them with `pytest exercises/bonus_backprop`.

Gradients are checked two independent ways: TensorFlow's automatic
differentiation (GradientTape) and central finite differences.
"""

import numpy as np
import pytest

from kata.judge import LearnerModule, Teacher, recognise, same_values
from kata.judge.testing import diagnose, returned_array, returned_number, returned_tuple, verbatim

pytestmark = pytest.mark.timeout(60)

bp = LearnerModule("bonus_backprop")
teacher = Teacher("bonus_backprop")

RNG = np.random.default_rng(42)
X = RNG.uniform(-2, 2, size=(6, 2))
Y = X[:, 0] - X[:, 1]
W1 = np.array([[0.8, -1.2], [0.3, 0.9]])  # not symmetric, so a transposed W1 shows
W2 = np.array([1.5, -0.7])
LESSON_PAIRS = np.array([(2, 1), (1, 1), (1, 2), (0, 0), (2, -1), (-1, -1), (-2, 1), (-1, -2)], float)
CHAIN = ("backpropagation applies the chain rule from the loss backwards: from dJ/dy_hat through "
         "the output weights to the hidden units, through the ReLU's derivative (1 where Z > 0, "
         "else 0), and on to the input weights. README's 'The chain rule' lists every step "
         "with its shape.")
LAYOUT = "each row of X is one example; row i of W1 holds hidden unit i's weights."
ACTIVATION = ("the hidden units apply ReLU to their weighted sums; without it the network is "
              "linear and cannot be the lesson's network.")
DESCENT = ("gradient descent moves every weight against its gradient, by learning_rate times "
           "the gradient: the learning rate sets the size of each step.")
SEEDED = ("the starting weights must come from a generator seeded with `seed`, so that a run "
          "can be repeated exactly.")


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


def forward_of(X, W1, W2):
    """The learner's (H, y_hat) as float arrays of the right shapes, or a failure naming the return."""
    n = len(X)
    H, y_hat = returned_tuple(teacher, "forward", bp.forward(X.copy(), W1.copy(), W2.copy()),
                              call="forward(X, W1, W2)", names=["H", "y_hat"], concept=LAYOUT)
    call = f"forward(X, W1, W2) for {n} examples"
    return (H, returned_array(teacher, "forward", H, call=call, part="H", shape=(n, 2), concept=LAYOUT),
            y_hat, returned_array(teacher, "forward", y_hat, call=call, part="y_hat", shape=(n,),
                                  concept="the output unit is linear: one number per example."))


def gradients_of(X, y, W1, W2):
    """The learner's (dJ/dW1, dJ/dW2) as float arrays of W1's and W2's shapes, or a failure."""
    dW1, dW2 = returned_tuple(teacher, "gradients", bp.gradients(X.copy(), y.copy(), W1.copy(), W2.copy()),
                              call="gradients(X, y, W1, W2)", names=["dW1", "dW2"], concept=CHAIN)
    concept = "a gradient has the shape of the weights it belongs to, so that it can be subtracted from them."
    call = "gradients(X, y, W1, W2)"
    return (returned_array(teacher, "gradients", dW1, call=call, part="dJ/dW1", shape=(2, 2), concept=concept),
            returned_array(teacher, "gradients", dW2, call=call, part="dJ/dW2", shape=(2,), concept=concept))


def fitted(X, y, learning_rate, steps, seed):
    """The learner's fit(...) as (W1, W2, losses) float arrays of the right shapes, or a failure."""
    call = f"fit(X, y, {learning_rate}, {steps}, {seed})"
    W1, W2, losses = returned_tuple(teacher, "fit", bp.fit(X.copy(), y.copy(), learning_rate, steps, seed),
                                    call=call, names=["W1", "W2", "losses"], concept=DESCENT)
    return (returned_array(teacher, "fit", W1, call=call, part="W1", shape=(2, 2), concept=DESCENT),
            returned_array(teacher, "fit", W2, call=call, part="W2", shape=(2,), concept=DESCENT),
            returned_array(teacher, "fit", losses, call=call, part="losses", shape=(steps,),
                           concept="fit records J once per step, before the update."))


def test_forward_gives_hidden_values_and_outputs():
    H, H_found, y_hat, y_found = forward_of(X, W1, W2)
    H_expected, y_expected = expected_forward(X, W1, W2)
    looks_like, concept = diagnose(H_found, {"W1 used transposed (X @ W1)": (np.maximum(0, X @ W1), LAYOUT),
                                             "no ReLU": (X @ W1.T, ACTIVATION)}, LAYOUT)
    teacher.expect(same_values(H_found, H_expected), "forward", "H = relu(X W1^T), shape (6, 2)", H,
                   concept, looks_like=looks_like)
    teacher.expect(same_values(y_found, y_expected), "forward", "y_hat = H W2, shape (6,)", y_hat,
                   "the output unit is linear.")


def test_loss_is_half_the_sum_of_squared_errors():
    y_hat = expected_forward(X, W1, W2)[1]
    concept = ("the squared-error loss is minimised, so it must be positive; the 1/2 cancels the 2 "
               "from differentiating the square.")
    found = returned_number(teacher, "loss", bp.loss(Y.copy(), y_hat.copy()), call="loss(y, y_hat)",
                            concept=concept)
    expected = 0.5 * float(np.sum((Y - y_hat) ** 2))
    teacher.expect(same_values(found, expected), "loss", f"J = 1/2 sum (y - y_hat)^2 = {expected:.6f}",
                   found, concept,
                   looks_like=recognise(found, {
                       "the loss negated (-1/2 sum ...), which gradient descent would maximise": -expected,
                       "the mean instead of the sum": expected / len(Y),
                       "the 1/2 missing": 2 * expected}))


@pytest.mark.parametrize("reference", ["autodiff", "finite differences"])
def test_gradients_match(reference):
    dW1, dW2 = gradients_of(X, Y, W1, W2)
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


def training_set():
    rng = np.random.default_rng(123)
    X_train = rng.uniform(-2, 2, size=(32, 2))
    return X_train, X_train[:, 0] - X_train[:, 1]


def identical(a, b):
    """Two results of fit equal, nan included (a run that diverges diverges the same way)."""
    return all(u.shape == v.shape and np.allclose(u, v, equal_nan=True) for u, v in zip(a, b))


def test_fit_is_deterministic_for_a_seed():
    X_train, y_train = training_set()
    a = fitted(X_train, y_train, 0.005, 50, 3)
    b = fitted(X_train, y_train, 0.005, 50, 3)
    teacher.expect(identical(a, b), "fit", "identical (W1, W2, losses) for two calls with seed 3",
                   verbatim("different results"), SEEDED)
    c = fitted(X_train, y_train, 0.005, 50, 4)
    teacher.expect(not identical(a, c), "fit", "different starting weights for seeds 3 and 4",
                   verbatim("the same results"), "the seed must decide where descent starts.")


def test_fit_steps_by_learning_rate_times_the_gradient():
    X_train, y_train = training_set()
    rate = 0.01
    start = fitted(X_train, y_train, 0.0, 1, 7)  # a step of size 0 stays where descent starts
    teacher.expect(identical(start, fitted(X_train, y_train, 0.0, 1, 7)), "fit",
                   "identical results for two calls with seed 7", verbatim("different results"), SEEDED)
    stepped = fitted(X_train, y_train, rate, 1, 7)
    gradient = gradients_of(X_train, y_train, start[0], start[1])
    for name, W_start, W_found, dW in zip(("W1", "W2"), start, stepped, gradient):
        expected = W_start - rate * dW
        teacher.expect(same_values(W_found, expected), "fit",
                       f"{name} after one step of learning rate {rate}: {np.round(expected, 4).tolist()}, "
                       f"where fit starts (as learning rate 0 shows) moved by {rate} times your gradient",
                       np.round(W_found, 4), DESCENT,
                       looks_like=recognise(W_found, {
                           f"the same {name} for learning rates 0 and {rate}: learning_rate is not used": W_start,
                           "a step with the gradient instead of against it": W_start + rate * dW,
                           "a step of the whole gradient, without the learning rate": W_start - dW,
                       }))


RECORDED = ("fit records J = 1/2 sum (y - y_hat)^2 over the whole batch (a sum, not a mean) "
            "once per step, *before* that step's update: losses[0] is the loss of the starting "
            "weights, losses[k] that of the weights after k steps.")


def test_fit_records_J_before_each_step():
    X_train, y_train = training_set()
    rate, steps = 0.01, 3
    _, _, losses = fitted(X_train, y_train, rate, steps, 5)
    # The weights after k steps: k steps from the same seed (a step of rate 0 gives the start).
    weights = [fitted(X_train, y_train, 0.0, 1, 5)[:2]] + \
        [fitted(X_train, y_train, rate, k, 5)[:2] for k in range(1, steps + 1)]
    J = [0.5 * float(np.sum((y_train - expected_forward(X_train, *W)[1]) ** 2)) for W in weights]
    expected = J[:steps]
    teacher.expect(same_values(losses, expected, atol=1e-6), "fit",
                   f"losses == {np.round(expected, 4).tolist()} for fit(X, y, {rate}, {steps}, 5): "
                   "J of the weights before each step", np.round(losses, 4), RECORDED,
                   looks_like=recognise(losses, {
                       "J recorded after each step instead of before it": J[1:],
                       "the mean squared error (J / n) recorded instead of J": np.array(expected) / len(y_train),
                       "the sum of squares without the 1/2": 2 * np.array(expected)}))


def test_fit_draws_every_starting_weight_at_random():
    X_train, y_train = training_set()
    starts = [fitted(X_train, y_train, 0.0, 1, seed)[:2] for seed in range(4)]
    concept = ("fit starts from weights drawn at random, each one separately, from the generator "
               "seeded with `seed` (a standard normal, or uniform in [-1, 1]): equal or constant "
               "starting weights make the hidden units compute the same thing and receive the same "
               "gradient, and a start that the seed does not decide makes every run the same.")
    for name, index in (("W1", 0), ("W2", 1)):
        found = [np.round(start[index], 4).tolist() for start in starts]
        spread = [float(np.std(start[index])) for start in starts]
        teacher.expect(min(spread) > 1e-3, "fit",
                       f"starting {name} (learning rate 0) with entries that differ from each other, "
                       "for seeds 0-3", found, concept,
                       looks_like="a constant start (a standard deviation of 0, or one number repeated)")
        distinct = all(not same_values(starts[0][index], other[index]) for other in starts[1:])
        teacher.expect(distinct, "fit", f"a different starting {name} for each of seeds 0-3", found,
                       concept, looks_like=f"{name} not drawn from the seeded generator")


def test_fit_learns_x1_minus_x2():
    X_train, y_train = training_set()
    fitted(X_train, y_train, 0.005, 1, 0)  # a wrong return fails here, before ten long runs
    runs = [fitted(X_train, y_train, 0.005, 3000, seed) for seed in range(10)]
    finals = [run[2][-1] for run in runs]
    best = int(np.argmin(finals))
    W1_learned, W2_learned, history = runs[best]
    teacher.expect(history[-1] < 1e-3 * len(y_train) and history[-1] < history[0], "fit",
                   "J below 0.032 after 3000 steps of learning rate 0.005 for at least one of "
                   "seeds 0-9", verbatim(f"final losses {np.round(finals, 3).tolist()}"),
                   "gradient descent steps *against* the gradient: a step along it climbs the loss "
                   "instead. Some seeds can stall, with both hidden units active on the same side of "
                   "x1 = x2 and both off on the other, whose rows then send no gradient back (the "
                   "reference stalls at seeds 1 and 7), but not all ten.",
                   looks_like="gradient ascent" if min(finals) > max(r[2][0] for r in runs) else None)
    predicted = expected_forward(LESSON_PAIRS, W1_learned, W2_learned)[1]
    target = LESSON_PAIRS[:, 0] - LESSON_PAIRS[:, 1]
    teacher.expect(same_values(predicted, target, atol=0.05), "fit",
                   f"the learned network reproducing the lesson's pairs: {target.tolist()}",
                   np.round(predicted, 3), "a network that has learned y = x1 - x2 on random "
                   "pairs should get the lesson's eight test pairs right too.")
