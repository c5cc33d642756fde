"""Tests for exercise 5-1: run them with `pytest exercises/ex5_1`.

Each function is tested on its own, against the tests' own computation, so a
failure points at the function to fix. Read a failure from its first line:
it names the function, what was expected and what was found.
"""

import numpy as np
import pytest

from kata.judge.handnet import check_weight_shapes_and_values, network
from kata.judge import LearnerModule, Teacher, recognise, same_values

pytestmark = pytest.mark.timeout(10)

forward = LearnerModule("ex5_1")
teacher = Teacher("ex5_1")

LESSON_PAIRS = [(2, 1), (1, 1), (1, 2), (0, 0), (2, -1), (-1, -1), (-2, 1), (-1, -2)]


def pair_id(x):
    return f"{x[0]},{x[1]}"

RELU = "ReLU keeps positive inputs as they are and replaces negative ones with 0."
LAYER = ("a layer multiplies its weight matrix by its input: row i of W holds the weights "
         "into unit i, so the product is W @ x (not x @ W), and this network has no bias.")
LINEAR_OUTPUT = ("the output unit is linear: it returns W . h as it is, negative values "
                 "included, with no activation and no bias.")

# A weight matrix that is not symmetric, so W @ x and x @ W differ.
W_ASYMMETRIC = np.array([[1.0, -3.0], [2.0, 1.0]])


def test_test_inputs_are_the_lessons_eight_pairs():
    pairs = forward.test_inputs()
    teacher.expect(isinstance(pairs, list), "test_inputs", "a list of (x1, x2) tuples",
                   pairs, "the test data is a plain Python list of pairs.")
    found = sorted(tuple(float(v) for v in pair) for pair in pairs)
    expected = sorted(tuple(float(v) for v in pair) for pair in LESSON_PAIRS)
    missing = sorted(set(expected) - set(found))
    teacher.expect(found == expected, "test_inputs",
                   f"the 8 pairs {LESSON_PAIRS}" + (f" (missing {missing})" if missing else ""),
                   pairs,
                   "good test data covers x1 > x2, x1 = x2 and x1 < x2, with positive and "
                   "negative values.")


@pytest.mark.parametrize("x", LESSON_PAIRS + [(3.5, -1.25)], ids=pair_id)
def test_target_is_x1_minus_x2(x):
    found = forward.target(x)
    expected = x[0] - x[1]
    teacher.expect(np.ndim(found) == 0 and same_values(found, expected), "target",
                   f"target({x}) should be {expected}", found,
                   "the target is the function the network must reproduce, y = x1 - x2, "
                   "computed directly.",
                   looks_like=recognise(found, {"x2 - x1, the difference the wrong way round": x[1] - x[0],
                                                "x1 + x2": x[0] + x[1]}))


@pytest.mark.parametrize("z, expected", [(3.5, 3.5), (-2.0, 0.0), (0.0, 0.0), (-0.25, 0.0), (7, 7)])
def test_relu_on_numbers(z, expected):
    found = forward.relu(z)
    teacher.expect(np.ndim(found) == 0 and same_values(found, expected), "relu",
                   f"relu({z}) should be {expected}", found, RELU,
                   looks_like=recognise(found, {"abs() instead of ReLU": abs(z),
                                                "min(0, z) instead of max(0, z)": min(0, z),
                                                "no clipping at all": z}))


@pytest.mark.parametrize("z", [np.array([-2.0, -0.5, 0.0, 0.5, 3.0]),
                               np.array([[-1.0, 2.0], [4.0, -3.0]])], ids=["1d", "2d"])
def test_relu_on_arrays(z):
    expected = np.maximum(0.0, z)
    try:
        found, error = forward.relu(z.copy()), None
    except (ValueError, TypeError) as raised:
        found, error = None, raised
    if error is not None:  # reported outside the except block, without the chained traceback
        teacher.fail("relu", f"relu of an array of shape {z.shape} should work elementwise",
                     f"{type(error).__name__}: {error}",
                     "a layer applies ReLU to every unit at once, so relu must accept arrays: "
                     "Python's max(0, z) compares the whole array with 0 and fails; "
                     "np.maximum(0, z) or np.where(z > 0, z, 0) work on numbers and arrays alike.",
                     looks_like="a relu written for single numbers only")
    teacher.expect(same_values(found, expected), "relu",
                   f"relu({z.tolist()}) should be {expected.tolist()}", found, RELU,
                   looks_like=recognise(found, {"abs() instead of ReLU": np.abs(z),
                                                "no clipping at all": z}))


def test_relu_leaves_its_input_unchanged():
    z = np.array([-2.0, 1.0, -0.5, 3.0])
    forward.relu(z)
    teacher.expect(same_values(z, [-2.0, 1.0, -0.5, 3.0]), "relu",
                   "the input array unchanged after the call", z,
                   "relu should return a new array; writing into its argument (z[z < 0] = 0) "
                   "changes the caller's data, here the layer's pre-activations.")


@pytest.mark.parametrize("x, W", [
    ((2, 1), W_ASYMMETRIC),
    ((-1, 2), W_ASYMMETRIC),
    ((1, 1), np.array([[1.0, -1.0], [-1.0, 1.0], [0.5, 2.0]])),  # 3 hidden units
], ids=["asymmetric", "asymmetric-negative", "three-units"])
def test_hidden_is_relu_of_W_times_x(x, W):
    x_array = np.asarray(x, dtype=float)
    expected = np.maximum(0.0, W @ x_array)
    found = forward.hidden(x, W.copy())
    mistakes = {"W @ x without the ReLU": W @ x_array,
                "abs() instead of ReLU": np.abs(W @ x_array)}
    if W.shape[0] == W.shape[1]:
        mistakes["relu(x @ W): the weight matrix is used transposed"] = np.maximum(0.0, x_array @ W)
    teacher.expect(same_values(found, expected), "hidden",
                   f"hidden({x}, W={W.tolist()}) should be {expected.tolist()}", found, LAYER,
                   looks_like=recognise(found, mistakes))


def test_hidden_has_no_bias():
    found = forward.hidden((0, 0), W_ASYMMETRIC.copy())
    teacher.expect(same_values(found, [0.0, 0.0]), "hidden",
                   "hidden((0, 0), W) should be [0, 0]: without a bias, zero in gives zero out",
                   found, LAYER, looks_like="a bias added to the layer")


@pytest.mark.parametrize("h, W, expected", [
    ([3.0, 5.0], [2.0, -1.0], 1.0),
    ([1.0, 4.0], [1.0, -1.0], -3.0),
    ([0.5, 2.0], [-1.0, -1.0], -2.5),
], ids=["positive", "negative", "both-weights-negative"])
def test_output_is_a_linear_dot_product(h, W, expected):
    found = forward.output(np.array(h), np.array(W))
    teacher.expect(np.ndim(found) == 0 and same_values(found, expected), "output",
                   f"output({h}, W={W}) should be the number {expected}", found, LINEAR_OUTPUT,
                   looks_like=recognise(found, {"a ReLU on the output unit": max(0.0, expected)}))


def test_output_has_no_bias():
    found = forward.output(np.array([0.0, 0.0]), np.array([1.0, -1.0]))
    teacher.expect(np.ndim(found) == 0 and same_values(found, 0.0), "output",
                   "output([0, 0], W) should be 0", found, LINEAR_OUTPUT,
                   looks_like="a bias added to the output unit")


def test_weights_are_minus_one_or_one():
    check_weight_shapes_and_values(teacher, forward.input_weights(), forward.output_weights())


def test_weights_make_the_network_compute_x1_minus_x2():
    W1, W2 = forward.input_weights(), forward.output_weights()
    found = np.array([network(x, W1, W2) for x in LESSON_PAIRS])
    expected = np.array([x1 - x2 for x1, x2 in LESSON_PAIRS], dtype=float)
    teacher.expect(same_values(found, expected), "input_weights / output_weights",
                   f"W2 . relu(W1 . x) on the pairs {LESSON_PAIRS} should give {expected.tolist()}",
                   found,
                   "one hidden unit should carry the positive part of x1 - x2, the other its "
                   "negative part; the output weights then add one and subtract the other.",
                   looks_like=recognise(found, {
                       "signs flipped: the network computes x2 - x1": -expected,
                       "output weights of the same sign: the network computes |x1 - x2|": np.abs(expected),
                   }))


@pytest.mark.parametrize("x", LESSON_PAIRS, ids=pair_id)
def test_predict_matches_the_target(x):
    found = forward.predict(x)
    expected = x[0] - x[1]
    teacher.expect(np.ndim(found) == 0 and same_values(found, expected), "predict",
                   f"predict({x}) should be {expected}", found,
                   "predict chains the two layers: output(hidden(x, input_weights()), "
                   "output_weights()). If the weight tests pass, check hidden and output.")
