"""Small Keras objects the tests build themselves.

None of these is an answer to an exercise: the tiny classifier is plain
logistic regression (784 inputs straight into a 10-way softmax), which
trains in a second and lets ex5_5 and ex5_6 test their functions without
waiting for, or depending on, the learner's ex5_4 network.
"""

from __future__ import annotations

from typing import Dict, Sequence

import numpy as np

from kata.judge import training


def tiny_classifier(seed: int = 0):
    training.set_seed(seed)
    import keras

    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(10, activation="softmax")],
                             name="tiny")
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def random_batch(n: int, seed: int = 0):
    """n random 'images' in [0, 1] and one-hot labels: enough to exercise a function."""
    rng = np.random.default_rng(seed)
    images = rng.random((n, 784), dtype=np.float32)
    labels = np.eye(10, dtype=np.float32)[rng.integers(0, 10, n)]
    return images, labels


def fake_history(metrics: Dict[str, Sequence[float]]):
    """A keras History as fit() returns it, with the given per-epoch values."""
    import keras

    history = keras.callbacks.History()
    history.history = {name: list(values) for name, values in metrics.items()}
    history.epoch = list(range(len(next(iter(metrics.values())))))
    history.params = {"epochs": len(history.epoch), "verbose": 0}
    return history
