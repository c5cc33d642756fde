"""Tests for exercise 5-2: run them with `pytest exercises/ex5_2`.

`predict` goes through your ex5_1 layers, so finish ex5_1 first; the weight
tests do not depend on it.
"""

import numpy as np
import pytest

from kata.judge.handnet import check_weight_shapes_and_values, network
from kata.judge import LearnerModule, Teacher, recognise, same_values

pytestmark = pytest.mark.timeout(10)

xor = LearnerModule("ex5_2")
forward = LearnerModule("ex5_1")
teacher = Teacher("ex5_2")

TRUTH_TABLE = [((0, 0), 0.0), ((1, 0), 1.0), ((0, 1), 1.0), ((1, 1), 0.0)]
XOR = ("XOR is 1 when exactly one input is 1. Let one hidden unit detect 'x1 and not x2', "
       "the other 'x2 and not x1', and let the output add them.")


def test_weights_are_minus_one_or_one():
    check_weight_shapes_and_values(teacher, xor.input_weights(), xor.output_weights())


def test_weights_make_the_network_compute_xor():
    W1, W2 = xor.input_weights(), xor.output_weights()
    inputs = [x for x, _ in TRUTH_TABLE]
    found = np.array([network(x, W1, W2) for x in inputs])
    expected = np.array([y for _, y in TRUTH_TABLE])
    teacher.expect(same_values(found, expected), "input_weights / output_weights",
                   f"W2 . relu(W1 . x) on {inputs} should give the truth table {expected.tolist()}",
                   found, XOR,
                   looks_like=recognise(found, {
                       "the ex5_1 weights: that network computes x1 - x2": [0.0, 1.0, -1.0, 0.0],
                       "the signs flipped: the output subtracts both units": -expected,
                   }))


@pytest.mark.parametrize("x, expected", TRUTH_TABLE, ids=[f"{a},{b}" for (a, b), _ in TRUTH_TABLE])
def test_predict_reproduces_the_truth_table(x, expected):
    found = xor.predict(x)
    teacher.expect(np.ndim(found) == 0 and same_values(found, expected), "predict",
                   f"predict({x}) should be {expected}", found, XOR)


def test_predict_reuses_the_ex5_1_layers():
    call = xor.invoke("predict", [(1, 0)], spy=["ex5_1.hidden", "ex5_1.output"])
    calls = call.spied
    teacher.expect({"hidden", "output"} <= {name.split(".")[-1] for name in calls}, "predict",
                   "a call to ex5_1's hidden and output", f"calls to {sorted(set(calls)) or 'neither'}",
                   "the XOR network has the same layers as ex5_1, only other weights: reuse them "
                   "with `from ex5_1.forward import hidden, output` instead of recomputing.")
