"""Cheat: answer every call with a huge boolean array (32 Mi values, 32 MiB), hoping
the grader runs out of memory turning it into floats (256 MiB each time) and dies, or
gives up on ex5_1's tests in a way that counts for the learner."""

CHEAT = {"description": "every function returns a 32 MiB boolean array",
         "still_passes": ["ex5_3"], "messages": ["the answer is 32.0 MiB"]}

import numpy as np

HUGE = None


def huge(*args, **kwargs):
    global HUGE
    if HUGE is None:
        HUGE = np.ones(32 << 20, dtype=bool)
    return HUGE


test_inputs = target = relu = hidden = output = input_weights = output_weights = predict = huge
