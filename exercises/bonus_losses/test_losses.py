"""Tests for the losses bonus: run them with `pytest exercises/bonus_losses`.

Expected values come from Keras's losses and regularizers, with logarithms
in other bases obtained by dividing by ln(base).
"""

import math

import keras
import numpy as np
import pytest

from kata.keras_compat import keras_value
from kata.judge import LearnerModule, Teacher, call_strictly, recognise, same_values
from kata.judge.testing import returned_number, verbatim

pytestmark = pytest.mark.timeout(30)

losses = LearnerModule("bonus_losses")
teacher = Teacher("bonus_losses")

P = np.array([0.1, 0.6, 0.3])
Q = np.array([0.3, 0.3, 0.4])
ZERO_LOG_ZERO = ("an outcome with probability 0 contributes nothing: p log p -> 0 as p -> 0, "
                 "so skip those terms rather than computing log(0) = -inf and 0 * -inf = nan.")
RETURNS_A_NUMBER = "each of these measures is one number for the whole distribution (or batch)."
KL = ("D_KL(P || Q) = sum p log(p / q) = H(P, Q) - H(P): the extra cost of coding P with a "
      "code built for Q. It is never negative, and 0 only when Q = P. Since H(P) does not "
      "depend on the model Q, minimising cross-entropy minimises the divergence.")


def keras_cross_entropy(p, q):
    """Natural-log cross-entropy of one distribution, from Keras's categorical cross-entropy."""
    return float(keras_value(keras.losses.categorical_crossentropy, p[None, :], q[None, :])[0])


PARAMETERS = {"entropy": "p", "cross_entropy": "p, q", "kl_divergence": "p, q",
              "categorical_crossentropy": "y_true, y_pred", "l2_penalty": "weights, factor"}


def copies(args):
    return [a.copy() if isinstance(a, np.ndarray) else a for a in args]


def value_of(function, *args, **kwargs):
    """The learner's ``function(*args, **kwargs)`` as a float, or a failure naming what it returned."""
    call = f"{function}({PARAMETERS[function]}{''.join(f', {k}={v:g}' for k, v in kwargs.items())})"
    return returned_number(teacher, function, losses.invoke(function, copies(args), kwargs).value,
                           call=call, concept=RETURNS_A_NUMBER)


def strict_value_of(function, *args, concept=ZERO_LOG_ZERO):
    """Like ``value_of``, with NumPy's divide-by-zero and invalid-value warnings raised."""
    found = call_strictly(teacher, function, losses, *copies(args), concept=concept)
    return returned_number(teacher, function, found, call=f"{function}({PARAMETERS[function]})",
                           concept=RETURNS_A_NUMBER)


@pytest.mark.parametrize("base", [math.e, 2.0, 10.0], ids=["e", "2", "10"])
def test_entropy_matches_keras(base):
    found = value_of("entropy", P, base=base)
    expected = keras_cross_entropy(P, P) / math.log(base)
    teacher.expect(same_values(found, expected), "entropy", f"H(P) = {expected:.6f} in base {base:g}",
                   found, "entropy is the expected information, -sum p log p; the base only sets "
                   "the unit (nats for e, bits for 2), so changing it rescales every value.",
                   looks_like=recognise(found, {"the minus sign missing": -expected,
                                                "the base ignored": keras_cross_entropy(P, P)}))


def test_entropy_treats_0_log_0_as_0():
    found = strict_value_of("entropy", np.array([0.5, 0.5, 0.0]))
    teacher.expect(same_values(found, math.log(2)), "entropy", "H([0.5, 0.5, 0]) = ln 2",
                   found, ZERO_LOG_ZERO)


def by_hand(p, q, function):
    """cross_entropy or kl_divergence (natural log) summed over the outcomes with p > 0 only."""
    terms = [(pi, qi) for pi, qi in zip(p, q) if pi > 0]
    if function == "cross_entropy":
        return -sum(pi * math.log(qi) for pi, qi in terms)
    return sum(pi * math.log(pi / qi) for pi, qi in terms)


# Distributions with an impossible outcome (p = 0), where q is 0 too or not.
ZERO_CASES = [
    ("cross_entropy", [0.5, 0.5, 0.0], [0.25, 0.75, 0.0]),
    ("kl_divergence", [0.5, 0.5, 0.0], [0.25, 0.25, 0.5]),
    ("kl_divergence", [0.5, 0.5, 0.0], [0.25, 0.75, 0.0]),
]


@pytest.mark.parametrize("function, p, q", ZERO_CASES,
                         ids=["cross_entropy", "kl_divergence", "kl_divergence-q-zero-too"])
def test_outcomes_with_p_0_contribute_nothing(function, p, q):
    p, q = np.array(p), np.array(q)
    found = strict_value_of(function, p, q)
    expected = by_hand(p, q, function)
    teacher.expect(same_values(found, expected), function,
                   f"{function}({p.tolist()}, {q.tolist()}) = {expected:.6f}", found, ZERO_LOG_ZERO)


@pytest.mark.parametrize("base", [math.e, 2.0], ids=["e", "2"])
def test_cross_entropy_matches_keras(base):
    found = value_of("cross_entropy", P, Q, base=base)
    expected = keras_cross_entropy(P, Q) / math.log(base)
    teacher.expect(same_values(found, expected), "cross_entropy",
                   f"H(P, Q) = -sum p log q = {expected:.6f}", found,
                   "cross-entropy weighs the information of Q's code by P's probabilities.",
                   looks_like=recognise(found, {"P and Q swapped": keras_cross_entropy(Q, P) / math.log(base),
                                                "the base ignored": keras_cross_entropy(P, Q)}))


@pytest.mark.parametrize("base", [math.e, 2.0, 10.0], ids=["e", "2", "10"])
def test_kl_divergence_matches_keras(base):
    found = value_of("kl_divergence", P, Q, base=base)
    nats = float(keras_value(keras.losses.kl_divergence, P, Q))
    expected = nats / math.log(base)
    h_p, h_pq = keras_cross_entropy(P, P) / math.log(base), keras_cross_entropy(P, Q) / math.log(base)
    teacher.expect(same_values(found, expected), "kl_divergence",
                   f"D_KL(P || Q) = {expected:.6f} in base {base:g}", found, KL,
                   looks_like=recognise(found, {
                       "the sign flipped: -sum p log(p / q)": -expected,
                       "H(P) + H(P, Q) instead of H(P, Q) - H(P)": h_p + h_pq,
                       "the base ignored": nats,
                       "the base applied twice": expected / math.log(base)}))


def test_kl_divergence_is_never_negative_and_zero_for_equal_distributions():
    rng = np.random.default_rng(0)
    values = [value_of("kl_divergence", rng.dirichlet(np.ones(4)), rng.dirichlet(np.ones(4)))
              for _ in range(20)]
    teacher.expect(min(values) >= -1e-12, "kl_divergence", "D_KL >= 0 for 20 random pairs",
                   verbatim(f"a minimum of {min(values):.4f}"), KL,
                   looks_like="the sign flipped: every value is <= 0" if max(values) <= 0 else None)
    same = value_of("kl_divergence", P, P)
    teacher.expect(abs(same) < 1e-12, "kl_divergence", "D_KL(P || P) = 0", same, KL)


def test_categorical_crossentropy_is_the_batch_mean_keras_takes():
    y_true = np.eye(3)[[0, 2, 1, 2]]
    y_pred = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3], [0.5, 0.25, 0.25]])
    found = value_of("categorical_crossentropy", y_true, y_pred)
    per_row = keras_value(keras.losses.categorical_crossentropy, y_true, y_pred)
    expected = float(np.mean(per_row))
    teacher.expect(same_values(found, expected), "categorical_crossentropy",
                   f"the mean over the batch, {expected:.6f}", found,
                   "Keras reduces a loss over the batch with the mean, so the loss (and the "
                   "size of the gradient) does not depend on the batch size.",
                   looks_like=recognise(found, {"a sum where Keras takes a mean": float(np.sum(per_row))}))


def test_categorical_crossentropy_with_probability_0_for_a_wrong_class():
    y_true = np.eye(3)[[0, 2, 1]]
    y_pred = np.array([[0.8, 0.2, 0.0], [0.0, 0.0, 1.0], [0.5, 0.5, 0.0]])
    concept = ("only the true class's probability counts in a one-hot row; a wrong class "
               "predicted with probability 0 must not turn the loss into nan (0 * log 0).")
    found = strict_value_of("categorical_crossentropy", y_true, y_pred, concept=concept)
    expected = float(np.mean(keras_value(keras.losses.categorical_crossentropy, y_true, y_pred)))
    teacher.expect(same_values(found, expected), "categorical_crossentropy",
                   f"the mean over the batch, {expected:.6f}", found, concept)


def test_categorical_crossentropy_with_soft_targets():
    # Soft targets (label smoothing, or a teacher network's probabilities): every class with a
    # share of y_true counts, not only the largest.
    y_true = np.array([[0.8, 0.1, 0.1], [0.05, 0.15, 0.8], [0.3, 0.6, 0.1]])
    y_pred = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3]])
    found = value_of("categorical_crossentropy", y_true, y_pred)
    expected = float(np.mean(keras_value(keras.losses.categorical_crossentropy, y_true, y_pred)))
    rows = np.arange(len(y_true))
    teacher.expect(same_values(found, expected, atol=1e-5), "categorical_crossentropy",
                   f"the batch mean of -sum y_true log y_pred, {expected:.6f}, for soft targets "
                   f"{y_true.tolist()}", found,
                   "the README's formula sums over every class, weighting log y_pred by y_true; "
                   "with one-hot rows only the true class is left, but targets may be any "
                   "distribution over the classes.",
                   looks_like=recognise(found, {
                       "only the largest target class counted (an argmax, as if y_true were one-hot)":
                           float(np.mean(-np.log(y_pred[rows, y_true.argmax(axis=1)])))}))


def test_l2_penalty_matches_keras():
    weights = np.array([[0.5, -1.0], [2.0, 0.0]])
    found = value_of("l2_penalty", weights, 0.1)
    expected = float(keras_value(keras.regularizers.L2(0.1), weights))
    teacher.expect(same_values(found, expected, atol=1e-5), "l2_penalty",
                   f"0.1 * sum(w^2) = {expected:.4f}", found,
                   "the L2 penalty is factor times the *squared* Euclidean norm of the weights.",
                   looks_like=recognise(found, {"the norm, not its square":
                                                0.1 * float(np.linalg.norm(weights)),
                                                "the factor left out": float(np.sum(weights ** 2))}))
