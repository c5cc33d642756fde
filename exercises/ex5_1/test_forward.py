"""Tests for exercise 5-1: run them with `pytest exercises/ex5_1`.

Each function is tested on its own, against the tests' own computation, so a
failure points at the function to fix. Read a failure from its first line:
it names the function, what was expected and what was found.
"""

import numpy as np
import pytest

from kata.judge import LearnerModule, Teacher, recognise, same_values
from kata.judge.handnet import (OTHER_WEIGHTS, PREDICT_IS_THE_NETWORK, check_predict_calls_the_layers,
                                check_predict_follows_the_weights, check_weight_shapes_and_values,
                                checked_weights, network)
from kata.judge.testing import NO_RETURN, diagnose, returned_array, returned_number, verbatim

pytestmark = pytest.mark.timeout(10)

forward = LearnerModule("ex5_1")
teacher = Teacher("ex5_1")

LESSON_PAIRS = [(2, 1), (1, 1), (1, 2), (0, 0), (2, -1), (-1, -1), (-2, 1), (-1, -2)]


def pair_id(x):
    return f"{x[0]},{x[1]}"


RELU = "ReLU keeps positive inputs as they are and replaces negative ones with 0."
RELU_ON_ARRAYS = ("a layer applies ReLU to all of its units at once, so relu must take an array "
                  "as well as a number and work on each element; Python's built-in max compares "
                  "the whole array with 0 at once, which has no single answer. "
                  "`kata hint ex5_1` shows a way.")
LAYER = ("a layer multiplies its weight matrix by its input: row i of W holds the weights into "
         "hidden unit i, so unit i gets the dot product of row i with x; this network has no bias.")
ACTIVATION = ("the hidden layer applies ReLU to each unit's weighted sum. Without an activation "
              "the layer is linear, and two linear layers collapse into one: the network could "
              "only ever compute linear functions of its inputs.")
REAL_NUMBERS = ("a layer computes with real numbers: inputs and weights are fractions in general "
                "(MNIST's pixels become values between 0 and 1), and turning them into integers "
                "throws the fractions away.")
LINEAR_OUTPUT = ("the output unit is linear: it returns W . h as it is, negative values "
                 "included, with no activation and no bias.")
TARGET = "the target is the function the network must reproduce, y = x1 - x2, computed directly."

# A weight matrix that is not symmetric, so W @ x and x @ W differ.
W_ASYMMETRIC = np.array([[1.0, -3.0], [2.0, 1.0]])
# Fractional weights and inputs, so a layer that rounds or truncates shows.
W_FRACTIONAL = np.array([[0.3, -1.7], [2.5, 0.25]])


def value_or_error(function, *args):
    """(what the learner's function returned, None), or (None, the ValueError or TypeError it
    raised, as text): for calls whose arguments a plausible mistake cannot handle."""
    try:
        return forward.invoke(function, args).value, None
    except (ValueError, TypeError) as error:
        return None, verbatim(f"{type(error).__name__}: {error}")


def as_pair(pair):
    """``pair`` as a tuple of two floats, or None when it is not two numbers."""
    if not isinstance(pair, (tuple, list, np.ndarray)) or len(pair) != 2 or \
            not all(isinstance(v, (int, float, np.integer, np.floating)) for v in pair):
        return None
    return tuple(float(v) for v in pair)


def test_test_inputs_are_the_lessons_eight_pairs():
    pairs = forward.test_inputs()
    concept = ("good test data covers x1 > x2, x1 = x2 and x1 < x2, with positive and "
               "negative values.")
    teacher.expect(isinstance(pairs, list), "test_inputs",
                   "test_inputs() should return a list of (x1, x2) tuples", pairs, concept,
                   looks_like=NO_RETURN if pairs is None else None)
    odd = [pair for pair in pairs if as_pair(pair) is None]
    teacher.expect(not odd, "test_inputs", "a list of (x1, x2) pairs, each two numbers", pairs,
                   concept, looks_like=odd and f"{odd[0]!r} in the list, which is not a pair of numbers")
    found = sorted(as_pair(pair) for pair in pairs)
    expected = sorted(tuple(float(v) for v in pair) for pair in LESSON_PAIRS)
    missing = sorted(set(expected) - set(found))
    teacher.expect(found == expected, "test_inputs",
                   f"the 8 pairs {LESSON_PAIRS}" + (f" (missing {missing})" if missing else ""),
                   pairs, concept)


@pytest.mark.parametrize("x", LESSON_PAIRS + [(3.5, -1.25)], ids=pair_id)
def test_target_is_x1_minus_x2(x):
    found = returned_number(teacher, "target", forward.target(x), call=f"target({x})", concept=TARGET)
    expected = x[0] - x[1]
    teacher.expect(same_values(found, expected), "target", f"target({x}) should be {expected}", found,
                   TARGET, looks_like=recognise(found, {"x2 - x1, the difference the wrong way round":
                                                        x[1] - x[0], "x1 + x2": x[0] + x[1]}))


# While target runs, the network's functions give answers that have nothing to do with x1 - x2.
NETWORK_SWAPPED_OUT = {"predict": 99.0, "output": 99.0, "hidden": np.array([5.0, 7.0]),
                       "input_weights": OTHER_WEIGHTS[0][0], "output_weights": np.array([1.0, 1.0])}


@pytest.mark.parametrize("x", [(2, 1), (3.5, -1.25)], ids=pair_id)
def test_target_does_not_use_the_network(x):
    call = forward.invoke("target", [x], replace=NETWORK_SWAPPED_OUT)
    found = returned_number(teacher, "target", call.value, call=f"target({x})", concept=TARGET)
    expected = x[0] - x[1]
    teacher.expect(same_values(found, expected), "target",
                   f"target({x}) = {expected} whatever predict, hidden, output and the weights give "
                   "(the tests swapped other ones in)", found,
                   TARGET + " The network is measured against it, so it must not be computed by "
                   "the network: a target that calls predict (or the layers and weights) agrees "
                   "with any network, wrong ones included.",
                   looks_like="a target computed by the network (predict, or hidden and output with "
                   "the exercise's weights)")


@pytest.mark.parametrize("z, expected", [(3.5, 3.5), (-2.0, 0.0), (0.0, 0.0), (-0.25, 0.0), (7, 7)])
def test_relu_on_numbers(z, expected):
    found = returned_number(teacher, "relu", forward.relu(z), call=f"relu({z})", concept=RELU)
    teacher.expect(same_values(found, expected), "relu", f"relu({z}) should be {expected}", found, RELU,
                   looks_like=recognise(found, {"abs() instead of ReLU": abs(z),
                                                "min(0, z) instead of max(0, z)": min(0, z),
                                                "no clipping at all": z}))


@pytest.mark.parametrize("z", [np.array([-2.0, -0.5, 0.0, 0.5, 3.0]),
                               np.array([[-1.0, 2.0], [4.0, -3.0]])], ids=["1d", "2d"])
def test_relu_on_arrays(z):
    expected = np.maximum(0.0, z)
    value, error = value_or_error("relu", z.copy())
    if error is not None:
        teacher.fail("relu", f"relu of an array of shape {z.shape} should work elementwise", error,
                     RELU_ON_ARRAYS, looks_like="a relu written for single numbers only")
    found = returned_array(teacher, "relu", value, call=f"relu(array of shape {z.shape})",
                           shape=z.shape, concept=RELU_ON_ARRAYS)
    teacher.expect(same_values(found, expected), "relu",
                   f"relu({z.tolist()}) should be {expected.tolist()}", value, RELU,
                   looks_like=recognise(found, {"abs() instead of ReLU": np.abs(z),
                                                "no clipping at all": z}))


def test_relu_leaves_its_input_unchanged():
    z = np.array([-2.0, 1.0, -0.5, 3.0])
    forward.relu(z)
    teacher.expect(same_values(z, [-2.0, 1.0, -0.5, 3.0]), "relu",
                   "the input array unchanged after the call", z,
                   "relu should return a new array: writing the zeros into its argument changes "
                   "the caller's data, here the layer's pre-activations.",
                   looks_like="negative entries overwritten in place")


def integer_versions(x, W):
    """What a hidden layer gives when it turns its input, its weights or its result into integers."""
    relu = lambda v: np.maximum(0.0, v)  # noqa: E731
    return [relu(W @ np.trunc(x)), relu(W @ np.round(x)), relu(np.trunc(W) @ x),
            relu(np.trunc(W) @ np.trunc(x)), np.trunc(relu(W @ x)), np.round(relu(W @ x))]


@pytest.mark.parametrize("x, W", [
    ((2, 1), W_ASYMMETRIC),
    ((-1, 2), W_ASYMMETRIC),
    ((1, 1), np.array([[1.0, -1.0], [-1.0, 1.0], [0.5, 2.0]])),  # 3 hidden units
    ((0.5, -1.25), W_FRACTIONAL),
], ids=["asymmetric", "asymmetric-negative", "three-units", "fractional"])
def test_hidden_is_relu_of_W_times_x(x, W):
    x_array = np.asarray(x, dtype=float)
    expected = np.maximum(0.0, W @ x_array)
    call = f"hidden({x}, W={W.tolist()})"
    value, error = value_or_error("hidden", x, W.copy())  # x @ W with a non-square W raises
    if error is not None:
        teacher.fail("hidden", f"{call} should be {expected.tolist()}", error, LAYER,
                     looks_like=None if W.shape[0] == W.shape[1] else "the weight matrix used "
                     "transposed (x @ W): with one row per hidden unit, W has as many columns as x "
                     "has values, not rows")
    found = returned_array(teacher, "hidden", value, call=call, shape=(len(W),), concept=LAYER)
    mistakes = {"W @ x without the ReLU": (W @ x_array, ACTIVATION),
                "abs() instead of ReLU": (np.abs(W @ x_array), RELU)}
    if W.shape[0] == W.shape[1]:
        mistakes["relu(x @ W): the weight matrix is used transposed"] = (np.maximum(0.0, x_array @ W), LAYER)
    rounded = next((r for r in integer_versions(x_array, W) if same_values(found, r)), None)
    if rounded is not None:
        mistakes["the input, the weights or the result turned into integers"] = (rounded, REAL_NUMBERS)
    looks_like, concept = diagnose(found, mistakes, LAYER)
    teacher.expect(same_values(found, expected), "hidden", f"{call} should be {expected.tolist()}",
                   value, concept, looks_like=looks_like)


def test_hidden_has_no_bias():
    value = forward.hidden((0, 0), W_ASYMMETRIC.copy())
    found = returned_array(teacher, "hidden", value, call="hidden((0, 0), W)", shape=(2,), concept=LAYER)
    teacher.expect(same_values(found, [0.0, 0.0]), "hidden",
                   "hidden((0, 0), W) should be [0, 0]: without a bias, zero in gives zero out",
                   value, LAYER, looks_like="a bias added to the layer")


@pytest.mark.parametrize("h, W, expected", [
    ([3.0, 5.0], [2.0, -1.0], 1.0),
    ([1.0, 4.0], [1.0, -1.0], -3.0),
    ([0.5, 2.0], [-1.0, -1.0], -2.5),
], ids=["positive", "negative", "both-weights-negative"])
def test_output_is_a_linear_dot_product(h, W, expected):
    call = f"output({h}, W={W})"
    found = returned_number(teacher, "output", forward.output(np.array(h), np.array(W)), call=call,
                            concept=LINEAR_OUTPUT)
    teacher.expect(same_values(found, expected), "output", f"{call} should be {expected}", found,
                   LINEAR_OUTPUT, looks_like=recognise(found, {"a ReLU on the output unit": max(0.0, expected)}))


def test_output_has_no_bias():
    call = "output([0, 0], W)"
    found = returned_number(teacher, "output", forward.output(np.array([0.0, 0.0]), np.array([1.0, -1.0])),
                            call=call, concept=LINEAR_OUTPUT)
    teacher.expect(same_values(found, 0.0), "output", f"{call} should be 0", found, LINEAR_OUTPUT,
                   looks_like="a bias added to the output unit")


def test_weights_are_minus_one_or_one():
    check_weight_shapes_and_values(teacher, forward)


def test_weights_make_the_network_compute_x1_minus_x2():
    W1, W2 = checked_weights(teacher, forward)
    found = np.array([network(x, W1, W2) for x in LESSON_PAIRS])
    expected = np.array([x1 - x2 for x1, x2 in LESSON_PAIRS], dtype=float)
    teacher.expect(same_values(found, expected), "input_weights / output_weights",
                   f"W2 . relu(W1 . x) on the pairs {LESSON_PAIRS} should give {expected.tolist()}",
                   found,
                   "each hidden unit passes on only a value >= 0, yet the output must be negative "
                   "for some pairs: ask what each unit should detect, and how the output can "
                   "combine the two. `kata hint ex5_1` helps a step at a time.",
                   looks_like=recognise(found, {
                       "signs flipped: the network computes x2 - x1": -expected,
                       "output weights of the same sign: the network computes |x1 - x2|": np.abs(expected),
                   }))


@pytest.mark.parametrize("x", LESSON_PAIRS, ids=pair_id)
def test_predict_matches_the_target(x):
    found = returned_number(teacher, "predict", forward.predict(x), call=f"predict({x})",
                            concept=PREDICT_IS_THE_NETWORK)
    expected = x[0] - x[1]
    teacher.expect(same_values(found, expected), "predict", f"predict({x}) should be {expected}", found,
                   "predict runs x through the hidden layer and the output unit with the "
                   "exercise's weights. If the tests of the weights, hidden and output pass, "
                   "look at how predict chains them.")


def test_predict_goes_through_hidden_and_output():
    check_predict_calls_the_layers(teacher, forward, (2, 1), PREDICT_IS_THE_NETWORK)


@pytest.mark.parametrize("weights", OTHER_WEIGHTS, ids=["x1-plus-x2", "fractional"])
def test_predict_follows_the_weights(weights):
    check_predict_follows_the_weights(teacher, forward, [(2, 1), (1, 2), (2, -1), (-1, -2)], *weights)
