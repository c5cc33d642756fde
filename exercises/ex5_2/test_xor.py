"""Tests for exercise 5-2: run them with `pytest exercises/ex5_2`.

`predict` goes through your ex5_1 layers, so finish ex5_1 first; the weight
tests do not depend on it.
"""

import numpy as np
import pytest

from kata.judge import LearnerModule, Teacher, recognise, same_values
from kata.judge.handnet import (OTHER_WEIGHTS, PREDICT_IS_THE_NETWORK, check_predict_calls_the_layers,
                                check_predict_follows_the_weights, check_weight_shapes_and_values,
                                checked_weights, network)
from kata.judge.testing import returned_number

pytestmark = pytest.mark.timeout(10)

xor = LearnerModule("ex5_2")
teacher = Teacher("ex5_2")

TRUTH_TABLE = [((0, 0), 0.0), ((1, 0), 1.0), ((0, 1), 1.0), ((1, 1), 0.0)]
INPUTS = [x for x, _ in TRUTH_TABLE]
XOR = ("XOR is 1 when exactly one input is 1, and no weighted sum of the inputs alone is 1 on "
       "(1, 0) and (0, 1) but 0 on (1, 1): the ReLU units make the difference. "
       "`kata hint ex5_2` helps a step at a time.")
REUSE = ("the XOR network has the same layers as ex5_1, only other weights: reuse them "
         "(xor.py imports ex5_1's hidden and output) rather than computing the layers again.")


def test_weights_are_minus_one_or_one():
    check_weight_shapes_and_values(teacher, xor)


def test_weights_make_the_network_compute_xor():
    W1, W2 = checked_weights(teacher, xor)
    found = np.array([network(x, W1, W2) for x in INPUTS])
    expected = np.array([y for _, y in TRUTH_TABLE])
    teacher.expect(same_values(found, expected), "input_weights / output_weights",
                   f"W2 . relu(W1 . x) on {INPUTS} should give the truth table {expected.tolist()}",
                   found, XOR,
                   looks_like=recognise(found, {
                       "the ex5_1 weights: that network computes x1 - x2": [0.0, 1.0, -1.0, 0.0],
                       "the signs flipped: the output subtracts both units": -expected,
                   }))


@pytest.mark.parametrize("x, expected", TRUTH_TABLE, ids=[f"{a},{b}" for (a, b), _ in TRUTH_TABLE])
def test_predict_reproduces_the_truth_table(x, expected):
    found = returned_number(teacher, "predict", xor.predict(x), call=f"predict({x})",
                            concept=PREDICT_IS_THE_NETWORK)
    teacher.expect(same_values(found, expected), "predict", f"predict({x}) should be {expected}",
                   found, XOR)


def test_predict_reuses_the_ex5_1_layers():
    check_predict_calls_the_layers(teacher, xor, (1, 0), REUSE)


@pytest.mark.parametrize("weights", OTHER_WEIGHTS, ids=["x1-plus-x2", "fractional"])
def test_predict_follows_the_weights(weights):
    check_predict_follows_the_weights(teacher, xor, INPUTS, *weights)
