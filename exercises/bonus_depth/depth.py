"""Bonus exercise: depth against width, at a fixed number of parameters.

    kata check bonus_depth        (in its notebook: run this cell)

`layer_sizes` lists a stack of Dense layers from its inputs to its outputs,
e.g. [784, 512, 10]: 784 inputs, one hidden layer of 512 units, 10 outputs.
The study, exactly as the tests rerun it, and the questions are in README.md.
"""

import keras


def parameter_count(layer_sizes):
    """The number of weights and biases in the stack, by formula (no Keras needed)."""
    raise NotImplementedError("count each layer's weights and biases, then add them up")


def build_mlp(layer_sizes):
    """The stack as a Keras model: ReLU hidden layers, a softmax output, compiled as in ex5_4."""
    raise NotImplementedError("a keras.Sequential with one Dense layer per entry after the first")


def widths_for_budget(inputs, outputs, depth, budget):
    """`depth` equal hidden widths whose network comes closest to `budget` parameters
    (on a tie, the smaller width); a list of `depth` ints, each at least 1."""
    raise NotImplementedError("parameter_count grows with the width: try widths 1, 2, 3, ...")


def compare_depths(budget, depths=(1, 3), train_size=10000, epochs=3, seed=0):
    """{depth: test accuracy} of networks of each depth and about `budget` parameters,
    trained on the first `train_size` MNIST images as README.md specifies."""
    raise NotImplementedError("for each depth: widths, seed, build, fit, then score on the test images")
