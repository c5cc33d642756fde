"""Tests for the activations bonus: run them with `pytest exercises/bonus_activations`.

Every expected value comes from Keras's own activation functions.
"""

import keras
import numpy as np
import pytest

from kata.keras_compat import keras_leaky_relu, keras_value
from kata.judge import LearnerModule, Teacher, call_strictly, recognise, same_values
from kata.judge.testing import diagnose, returned_array

pytestmark = pytest.mark.timeout(30)

act = LearnerModule("bonus_activations")
teacher = Teacher("bonus_activations")

Z = np.array([-3.0, -0.5, 0.0, 0.25, 2.0])
LOGITS = np.array([[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0]])
# Rows far apart and spread out: one shift for the whole array, or any shift but each row's
# own maximum (its mean, its minimum), takes exp of a huge number or divides 0 by 0.
SPREAD_LOGITS = np.array([[1000.0, 999.0, 998.0], [-1000.0, -999.0, -998.0], [1000.0, -1000.0, 0.0]])
STABLE = ("exp overflows above about 709, so a safe implementation never takes exp of a large "
          "positive number; the README's 'Overflow' paragraph shows how each function avoids it.")
PER_ROW = ("softmax turns each row (each column, with axis=0) into its own distribution; the "
           "shift that keeps exp finite must be that row's own maximum, since only a constant "
           "within the row cancels in its ratio.")
LEAKY = ("a leaky ReLU lets a small gradient through for negative inputs, so a unit "
         "that is switched off can still learn to switch back on.")
LEAKY_BY_SIGN = ("the leaky ReLU is defined by the sign of z, whatever alpha is: z where z > 0 "
                 "and alpha * z elsewhere.")


def activation_of(function, z, **kwargs):
    """The learner's activation of the array ``z``, as a float array of ``z``'s shape, or a failure."""
    options = "".join(f", {k}={v}" for k, v in kwargs.items())
    value = act.invoke(function, [z.copy()], kwargs).value
    how = "along an axis" if function == "softmax" else "elementwise"
    return value, returned_array(teacher, function, value, call=f"{function}(array of shape {z.shape}{options})",
                                 shape=z.shape, concept=f"{function} works {how}, so it returns an array "
                                 "of its input's shape.")


def test_relu_matches_keras():
    value, found = activation_of("relu", Z)
    expected = keras_value(keras.activations.relu, Z)
    teacher.expect(same_values(found, expected), "relu", f"relu({Z.tolist()}) = {expected.tolist()}",
                   value, "ReLU keeps positive inputs and replaces negative ones with 0.")


@pytest.mark.parametrize("alpha", [None, 0.2, 1.5])
def test_leaky_relu_matches_keras(alpha):
    value, found = activation_of("leaky_relu", Z) if alpha is None else \
        activation_of("leaky_relu", Z, alpha=alpha)
    slope = 0.01 if alpha is None else alpha
    expected = keras_leaky_relu(Z, slope)
    looks_like, concept = diagnose(found, {
        "alpha ignored": (keras_leaky_relu(Z, 0.01), LEAKY),
        # for alpha > 1 the same numbers as the next mistake, and the likelier explanation
        "the larger of z and alpha * z, which is the leaky ReLU only while alpha <= 1":
            (np.maximum(Z, slope * Z), LEAKY_BY_SIGN),
        "the slope applied to positive inputs": (np.where(Z > 0, slope * Z, Z), LEAKY_BY_SIGN),
    }, LEAKY)
    teacher.expect(same_values(found, expected), "leaky_relu",
                   f"slope {slope} for negative inputs: {expected.tolist()}", value, concept,
                   looks_like=looks_like)


@pytest.mark.parametrize("L, k, x0", [(1.0, 1.0, 0.0), (2.0, 3.0, 1.0), (0.5, -2.0, -1.0)],
                         ids=["standard", "scaled-shifted", "negative-slope"])
def test_sigmoid_matches_keras(L, k, x0):
    value, found = activation_of("sigmoid", Z, L=L, k=k, x0=x0)
    expected = L * keras_value(keras.activations.sigmoid, k * (Z - x0))
    teacher.expect(same_values(found, expected), "sigmoid",
                   f"L / (1 + exp(-k (z - x0))) with L={L}, k={k}, x0={x0}: {np.round(expected, 4).tolist()}",
                   value, "the general logistic rises from 0 to L around its midpoint x0, "
                   "with steepness k (for k > 0).",
                   looks_like=recognise(found, {
                       "the exponent's sign flipped, exp(-k (x0 - z)): a curve that falls "
                       "instead of rising": L * keras_value(keras.activations.sigmoid, k * (x0 - Z)),
                       "L ignored": keras_value(keras.activations.sigmoid, k * (Z - x0))}))


def test_sigmoid_defaults_are_the_standard_logistic():
    value, found = activation_of("sigmoid", Z)
    expected = keras_value(keras.activations.sigmoid, Z)
    teacher.expect(same_values(found, expected), "sigmoid", "1 / (1 + exp(-z)) with the defaults",
                   value, "L=1, k=1, x0=0 give the logistic of binary classifiers.")


def test_sigmoid_stays_finite_for_huge_inputs():
    z = np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0])
    value = call_strictly(teacher, "sigmoid", act, z, concept=STABLE)
    found = returned_array(teacher, "sigmoid", value, call="sigmoid(array of shape (5,))", shape=(5,),
                           concept=STABLE)
    teacher.expect(same_values(found, [0.0, 0.0, 0.5, 1.0, 1.0]), "sigmoid",
                   "[0, 0, 0.5, 1, 1] (to float precision) for z = [-1000, -50, 0, 50, 1000]",
                   value, STABLE)


@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_softmax_matches_keras_along_the_axis(axis):
    value, found = activation_of("softmax", LOGITS) if axis == -1 else \
        activation_of("softmax", LOGITS, axis=axis)
    expected = keras_value(keras.activations.softmax, LOGITS, axis=axis)
    other = keras_value(keras.activations.softmax, LOGITS, axis=1 - (axis % 2))
    teacher.expect(same_values(found, expected), "softmax",
                   f"probabilities that sum to 1 along axis {axis}", value,
                   "softmax turns each row (or column, with axis=0) of scores into probabilities.",
                   looks_like="normalised over the wrong axis" if same_values(found, other) else
                   ("normalised over the whole array" if same_values(np.sum(found), 1.0) else None))


def test_softmax_stays_finite_for_large_logits():
    z = np.array([1000.0, 999.0, 998.0])
    value = call_strictly(teacher, "softmax", act, z, concept=STABLE)
    found = returned_array(teacher, "softmax", value, call="softmax(array of shape (3,))", shape=(3,),
                           concept=STABLE)
    expected = keras_value(keras.activations.softmax, np.array([[2.0, 1.0, 0.0]]))[0]
    teacher.expect(same_values(found, expected), "softmax",
                   f"softmax([1000, 999, 998]) = softmax([2, 1, 0]) = {np.round(expected, 4).tolist()}",
                   value, STABLE)


@pytest.mark.parametrize("axis", [-1, 0])
def test_softmax_stays_finite_row_by_row_in_a_batch(axis):
    row = "row" if axis == -1 else "column"
    logits = SPREAD_LOGITS if axis == -1 else SPREAD_LOGITS.T
    for scores in SPREAD_LOGITS:  # each alone first, so that a failure below is the batch's
        call_strictly(teacher, "softmax", act, scores.copy(), concept=STABLE)
    value = call_strictly(teacher, "softmax", act, logits.copy(), axis=axis, concept=PER_ROW,
                          looks_like=f"each {row} works alone but not in a batch: the maximum "
                          f"subtracted is not each {row}'s own (one maximum for the whole array, say)")
    found = returned_array(teacher, "softmax", value, call=f"softmax(array of shape {logits.shape}, "
                           f"axis={axis})", shape=logits.shape, concept=PER_ROW)
    expected = keras_value(keras.activations.softmax, logits, axis=axis)
    teacher.expect(same_values(found, expected), "softmax",
                   f"each {row} of {logits.tolist()} turned into probabilities: "
                   f"{np.round(expected, 4).tolist()}", value, PER_ROW)


@pytest.mark.parametrize("function", ["relu", "leaky_relu", "sigmoid", "softmax"])
def test_the_callers_array_is_left_unchanged(function):
    z = LOGITS.copy()  # the caller's own array, handed over as it is
    act.invoke(function, [z])  # a change in place, shape and dtype included, fails here
    teacher.expect(np.array_equal(z, LOGITS) and z.shape == LOGITS.shape and z.dtype == LOGITS.dtype,
                   function, f"the caller's array {LOGITS.tolist()} unchanged after the call", z,
                   "an activation returns a new array and leaves its input as it was: the caller "
                   "may still need the pre-activations (backpropagation does).")
