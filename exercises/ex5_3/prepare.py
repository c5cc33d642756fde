"""Exercise 5-3: turn MNIST's images and labels into what a Dense network takes.

    kata check ex5_3        (in its notebook: run this cell)

The task and the questions are in README.md.
"""

import numpy as np


def flatten_and_scale(images):
    """(n, 28, 28) uint8 images -> (n, 784) float32 values in [0, 1]."""
    raise NotImplementedError("reshape each image to one row of 784 pixels, as float32, divided by 255")


def one_hot(labels, num_classes=10):
    """(n,) integer labels -> (n, num_classes) float32 rows with a single 1."""
    raise NotImplementedError("one row per label, a 1.0 in the label's column and 0.0 elsewhere")
