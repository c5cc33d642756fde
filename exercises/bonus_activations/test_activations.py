"""Tests for the activations bonus: run them with `pytest exercises/bonus_activations`.

Every expected value comes from Keras's own activation functions.
"""

import keras
import numpy as np
import pytest

from kata.keras_compat import keras_leaky_relu, keras_value
from kata.judge import LearnerModule, Teacher, call_strictly, recognise, same_values

pytestmark = pytest.mark.timeout(30)

act = LearnerModule("bonus_activations")
teacher = Teacher("bonus_activations")

Z = np.array([-3.0, -0.5, 0.0, 0.25, 2.0])
LOGITS = np.array([[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0]])
STABLE = ("exp overflows above about 709, so a safe implementation only ever takes exp of "
          "numbers <= 0: for the sigmoid, use exp(-|t|) and pick the formula by the sign of t; "
          "for softmax, subtract the maximum, which cancels in the ratio.")


def test_relu_matches_keras():
    found = act.relu(Z.copy())
    expected = keras_value(keras.activations.relu, Z)
    teacher.expect(same_values(found, expected), "relu", f"relu({Z.tolist()}) = {expected.tolist()}",
                   found, "ReLU keeps positive inputs and replaces negative ones with 0.")


@pytest.mark.parametrize("alpha", [None, 0.2])
def test_leaky_relu_matches_keras(alpha):
    found = act.leaky_relu(Z.copy()) if alpha is None else act.leaky_relu(Z.copy(), alpha=alpha)
    slope = 0.01 if alpha is None else alpha
    expected = keras_leaky_relu(Z, slope)
    teacher.expect(same_values(found, expected), "leaky_relu",
                   f"slope {slope} for negative inputs: {expected.tolist()}", found,
                   "a leaky ReLU lets a small gradient through for negative inputs, so a unit "
                   "that is switched off can still learn to switch back on.",
                   looks_like=recognise(found, {"alpha ignored": keras_leaky_relu(Z, 0.01),
                                                "the slope applied to positive inputs":
                                                    np.where(Z > 0, slope * Z, Z)}))


@pytest.mark.parametrize("L, k, x0", [(1.0, 1.0, 0.0), (2.0, 3.0, 1.0), (0.5, -2.0, -1.0)],
                         ids=["standard", "scaled-shifted", "negative-slope"])
def test_sigmoid_matches_keras(L, k, x0):
    found = act.sigmoid(Z.copy(), L=L, k=k, x0=x0)
    expected = L * keras_value(keras.activations.sigmoid, k * (Z - x0))
    teacher.expect(same_values(found, expected), "sigmoid",
                   f"L / (1 + exp(-k (z - x0))) with L={L}, k={k}, x0={x0}: {np.round(expected, 4).tolist()}",
                   found, "the general logistic rises from 0 to L around its midpoint x0, "
                   "with steepness k (for k > 0).",
                   looks_like=recognise(found, {
                       "the exponent's sign flipped, exp(-k (x0 - z)): a curve that falls "
                       "instead of rising": L * keras_value(keras.activations.sigmoid, k * (x0 - Z)),
                       "L ignored": keras_value(keras.activations.sigmoid, k * (Z - x0))}))


def test_sigmoid_defaults_are_the_standard_logistic():
    found = act.sigmoid(Z.copy())
    expected = keras_value(keras.activations.sigmoid, Z)
    teacher.expect(same_values(found, expected), "sigmoid", "1 / (1 + exp(-z)) with the defaults",
                   found, "L=1, k=1, x0=0 give the logistic of binary classifiers.")


def test_sigmoid_stays_finite_for_huge_inputs():
    z = np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0])
    found = call_strictly(teacher, "sigmoid", act, z, concept=STABLE)
    teacher.expect(same_values(found, [0.0, 0.0, 0.5, 1.0, 1.0]), "sigmoid",
                   "[0, 0, 0.5, 1, 1] (to float precision) for z = [-1000, -50, 0, 50, 1000]",
                   found, STABLE)


@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_softmax_matches_keras_along_the_axis(axis):
    found = act.softmax(LOGITS.copy()) if axis == -1 else act.softmax(LOGITS.copy(), axis=axis)
    expected = keras_value(keras.activations.softmax, LOGITS, axis=axis)
    other = keras_value(keras.activations.softmax, LOGITS, axis=1 - (axis % 2))
    teacher.expect(same_values(found, expected), "softmax",
                   f"probabilities that sum to 1 along axis {axis}", found,
                   "softmax turns each row (or column, with axis=0) of scores into probabilities.",
                   looks_like="normalised over the wrong axis" if same_values(found, other) else
                   ("normalised over the whole array" if same_values(np.sum(found), 1.0) else None))


def test_softmax_stays_finite_for_large_logits():
    z = np.array([1000.0, 999.0, 998.0])
    found = call_strictly(teacher, "softmax", act, z, concept=STABLE)
    expected = keras_value(keras.activations.softmax, np.array([[2.0, 1.0, 0.0]]))[0]
    teacher.expect(same_values(found, expected), "softmax",
                   f"softmax([1000, 999, 998]) = softmax([2, 1, 0]) = {np.round(expected, 4).tolist()}",
                   found, STABLE)
