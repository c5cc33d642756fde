"""Checks shared by ex5_1 and ex5_2, the two networks whose weights are chosen by hand.

The tests never run the learner's weights through the learner's own layers
when they judge the weights: they use ``network`` below, so a bug in
``hidden`` cannot hide (or cause) a failure in ``input_weights``.
"""

from __future__ import annotations

import numpy as np

from kata.judge.testing import Teacher

WEIGHTS_CONCEPT = (
    "the exercise restricts every weight to -1 or 1, so the answer can be found by "
    "inspection: each hidden unit either adds or subtracts each input."
)


def network(x, input_weights, output_weights) -> float:
    """The 2-2-1 network without biases: W2 . relu(W1 . x)."""
    hidden = np.maximum(0.0, np.asarray(input_weights, dtype=float) @ np.asarray(x, dtype=float))
    return float(np.asarray(output_weights, dtype=float) @ hidden)


def check_weight_shapes_and_values(teacher: Teacher, input_weights, output_weights) -> None:
    """Input weights (2, 2), output weights (2,), every entry -1 or 1."""
    for function, weights, shape in (("input_weights", input_weights, (2, 2)),
                                     ("output_weights", output_weights, (2,))):
        array = np.asarray(weights, dtype=float)
        teacher.expect(array.shape == shape, function,
                       f"an array of shape {shape}", weights,
                       "two inputs feed two hidden units (a 2x2 matrix, one row per hidden "
                       "unit) and two hidden units feed one output (2 weights).")
        teacher.expect(bool(np.all(np.isin(array, (-1.0, 1.0)))), function,
                       "every entry -1 or 1", weights, WEIGHTS_CONCEPT)
