"""Exercise 5-4: your first Keras model, trained on MNIST.

    kata check ex5_4        (in its notebook: run this cell)

The network, the settings and the questions are in README.md. Structural
tests run in seconds; the last test trains your model for 5 epochs and
checks its test accuracy (the whole run: about a minute on a laptop CPU).
"""

import keras


def build_model():
    """The ex5_4 network: Dense 784 (relu) -> Dense 512 (relu) -> Dense 10 (softmax),
    784 inputs, named "nn", compiled with rmsprop, categorical cross-entropy, accuracy."""
    raise NotImplementedError("a keras.Sequential of three Dense layers, then model.compile(...)")


def train(model, images, labels, epochs=5, batch_size=128):
    """Fit `model` on the images and one-hot labels; return the History that fit() gives."""
    raise NotImplementedError("call model.fit with the given epochs and batch_size and return its result")
