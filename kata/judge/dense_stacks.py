"""Stacks of Dense layers that the judge builds itself, for bonus_depth.

The judge never takes the learner's word for a number it can compute on
its own: it asks Keras how many parameters a stack has (``count_params``),
and it reruns the learner's depth study with models of its own, seeded,
built and trained exactly as the README specifies, to check the accuracies
the learner's ``compare_depths`` reports.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from kata.judge import training


def dense_stack(layer_sizes: Sequence[int]):
    """[inputs, hidden..., outputs] as a keras.Sequential: ReLU hidden layers, a softmax
    output, compiled as in ex5_4."""
    import keras

    inputs, *hidden, outputs = (int(size) for size in layer_sizes)
    model = keras.Sequential([keras.Input(shape=(inputs,))]
                             + [keras.layers.Dense(units, activation="relu") for units in hidden]
                             + [keras.layers.Dense(outputs, activation="softmax")])
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def keras_parameter_count(layer_sizes: Sequence[int]) -> int:
    """What Keras itself counts for the stack."""
    training.set_seed(0)  # building draws initial weights; keep that reproducible
    return int(dense_stack(layer_sizes).count_params())


def stack_accuracy(model, images, labels) -> float:
    """Accuracy of a trained stack, from its weights by NumPy (float32, as Keras computes):
    the share of rows whose largest output is the labelled class."""
    weights = model.get_weights()
    activations = np.asarray(images, dtype=np.float32)
    for index in range(0, len(weights), 2):
        activations = activations @ weights[index] + weights[index + 1]
        if index + 2 < len(weights):
            activations = np.maximum(activations, 0)
    # softmax is monotonic, so the largest logit is the predicted class
    return float(np.mean(np.argmax(activations, axis=1) == np.argmax(labels, axis=1)))


def study_accuracy(layer_sizes: Sequence[int], train_size: int, epochs: int, seed: int) -> float:
    """One arm of the depth study as bonus_depth's README specifies it: the seed set right
    before the model is built, ``epochs`` epochs of batch 128 on the first ``train_size``
    prepared MNIST training images, accuracy on the 10,000 test images."""
    from kata import data

    mnist = data.prepared_mnist()
    model = training.build_seeded(lambda: dense_stack(layer_sizes), seed)
    model.fit(mnist.x_train[:train_size], mnist.y_train[:train_size], epochs=epochs,
              batch_size=training.BATCH_SIZE, verbose=0, callbacks=training.progress_callbacks("bonus_depth"))
    return stack_accuracy(model, mnist.x_test, mnist.y_test)
