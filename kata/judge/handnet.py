"""Checks shared by ex5_1 and ex5_2, the two networks whose weights are chosen by hand.

The tests never run the learner's weights through the learner's own layers
when they judge the weights: they use ``network`` below, so a bug in
``hidden`` cannot hide (or cause) a failure in ``input_weights``. And they
judge ``predict`` against the learner's own ``hidden`` and ``output``, so a
bug in a layer is reported by that layer's tests, not blamed on ``predict``.
"""

from __future__ import annotations

from typing import Sequence, Tuple

import numpy as np

from kata.judge.testing import (LearnerModule, Teacher, returned_array, returned_number,
                                same_values, verbatim)

WEIGHTS_CONCEPT = (
    "the exercise restricts every weight to -1 or 1, so the answer can be found by "
    "inspection: each hidden unit either adds or subtracts each input."
)
SHAPES_CONCEPT = ("two inputs feed two hidden units (a 2x2 matrix, one row per hidden unit) "
                  "and two hidden units feed one output (2 weights).")
PREDICT_IS_THE_NETWORK = (
    "predict is the network: it takes its weights from input_weights() and output_weights() "
    "and runs x through hidden, then output, so that other weights give another function. "
    "Training (ex5_4 on) changes the weights, and the predictions must follow."
)

# Weights swapped in for the learner's own while predict runs: neither computes the
# exercise's function, and the second is fractional and not symmetric, so a predict that
# ignores the weights, rounds, or uses a matrix transposed gives itself away.
OTHER_WEIGHTS = (
    (np.array([[1.0, 1.0], [-1.0, -1.0]]), np.array([1.0, -1.0])),   # computes x1 + x2
    (np.array([[0.5, -2.0], [1.5, 0.25]]), np.array([2.0, -0.75])),
)


def network(x, input_weights, output_weights) -> float:
    """The 2-2-1 network without biases: W2 . relu(W1 . x)."""
    hidden = np.maximum(0.0, np.asarray(input_weights, dtype=float) @ np.asarray(x, dtype=float))
    return float(np.asarray(output_weights, dtype=float) @ hidden)


ARRAYS_CONCEPT = ("the README promises NumPy arrays: a weight matrix has a shape (W.shape), a "
                  "transpose (W.T) and elementwise arithmetic (W - 0.1 * dW), which the code that "
                  "uses it, the tests' and yours in later exercises, relies on; a list of lists "
                  "has none of them. np.array(...) turns the list into one.")


def _weights(teacher: Teacher, function: str, value, shape: Tuple[int, ...]) -> np.ndarray:
    found = returned_array(teacher, function, value, call=f"{function}()", concept=SHAPES_CONCEPT,
                           shape=shape)
    teacher.expect(isinstance(value, np.ndarray), function,
                   f"{function}() should return a NumPy array of shape {shape}", value, ARRAYS_CONCEPT,
                   looks_like=f"a Python {type(value).__name__} where the README asks for an array")
    return found


def checked_weights(teacher: Teacher, learner: LearnerModule) -> Tuple[np.ndarray, np.ndarray]:
    """The learner's input weights (2, 2) and output weights (2,) as float arrays, or a
    failure that names the wrong return value (lists included: the README promises arrays)."""
    return tuple(_weights(teacher, function, learner.invoke(function).value, shape)
                 for function, shape in (("input_weights", (2, 2)), ("output_weights", (2,))))


def check_weight_shapes_and_values(teacher: Teacher, learner: LearnerModule) -> None:
    """Input weights (2, 2), output weights (2,), every entry -1 or 1."""
    for function, weights in zip(("input_weights", "output_weights"), checked_weights(teacher, learner)):
        teacher.expect(bool(np.all(np.isin(weights, (-1.0, 1.0)))), function,
                       "every entry -1 or 1", weights, WEIGHTS_CONCEPT)


def check_predict_calls_the_layers(teacher: Teacher, learner: LearnerModule, x, concept: str) -> None:
    """predict(x) calls ex5_1's hidden and output (the spy sees calls made from either exercise)."""
    call = learner.invoke("predict", [x], spy=["ex5_1.hidden", "ex5_1.output"])
    called = sorted({name.split(".")[-1] for name in call.spied})
    layers = "hidden and output" if teacher.exercise == "ex5_1" else "ex5_1's hidden and output"
    teacher.expect({"hidden", "output"} <= set(called), "predict", f"predict({x}) calling {layers}",
                   verbatim(f"calls to {', '.join(called)} only" if called else "calls to neither"),
                   concept,
                   looks_like=None if called else
                   "an answer computed without the layers (the network rewritten inside predict, "
                   "a formula, or a table of answers)")


def check_predict_follows_the_weights(teacher: Teacher, learner: LearnerModule, pairs: Sequence,
                                      input_weights: np.ndarray, output_weights: np.ndarray) -> None:
    """With other weights swapped in for input_weights() and output_weights(), predict(x)
    must give what the learner's own hidden and output give for those weights."""
    layers = LearnerModule("ex5_1")
    swapped = {"input_weights": input_weights, "output_weights": output_weights}
    for x in pairs:
        call = f"predict({x})"
        found = returned_number(teacher, "predict", learner.invoke("predict", [x], replace=swapped).value,
                                call=call, concept=PREDICT_IS_THE_NETWORK)
        h = returned_array(teacher, "hidden", layers.hidden(x, input_weights.copy()),
                           call=f"hidden({x}, W)", shape=(2,),
                           concept="predict is checked against your own hidden and output.")
        expected = returned_number(teacher, "output", layers.output(h, output_weights.copy()),
                                   call="output(h, W)",
                                   concept="predict is checked against your own hidden and output.")
        unchanged = returned_number(teacher, "predict", learner.predict(x), call=call,
                                    concept=PREDICT_IS_THE_NETWORK)
        teacher.expect(same_values(found, expected), "predict",
                       f"{call} to follow the weights: with input_weights() giving "
                       f"{input_weights.tolist()} and output_weights() giving "
                       f"{output_weights.tolist()}, your hidden and output give {expected:g}",
                       found, PREDICT_IS_THE_NETWORK,
                       looks_like="an answer that stays the same whatever the weights (a formula, "
                       "a table of answers, or weights written into predict)"
                       if same_values(found, unchanged) and not same_values(expected, unchanged)
                       else None)
