"""Not a cheat but an honest slip: a correct module with a leftover quit() at the end.
It must fail ex5_1 (and ex5_2, which imports it) and leave every other exercise graded."""

CHEAT = {"description": "a leftover quit() at the end of a correct module",
         "also_failed": ["ex5_2"], "still_passes": ["ex5_3"]}

import numpy as np


def test_inputs():
    return [(2, 1), (1, 1), (1, 2), (0, 0), (2, -1), (-1, -1), (-2, 1), (-1, -2)]


def target(x):
    return float(x[0] - x[1])


def relu(z):
    return np.maximum(0.0, z)


def hidden(x, W):
    return relu(np.asarray(W, dtype=float) @ np.asarray(x, dtype=float))


def output(h, W):
    return float(np.asarray(W, dtype=float) @ np.asarray(h, dtype=float))


def input_weights():
    return np.array([[1.0, -1.0], [-1.0, 1.0]])


def output_weights():
    return np.array([1.0, -1.0])


def predict(x):
    return output(hidden(x, input_weights()), output_weights())


print(predict((2, 1)))
quit()
