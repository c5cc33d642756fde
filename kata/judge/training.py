"""Training the learner's models: seeded, and once per test session.

Training is the slow part of the kata, so each model is trained at most once
per process and shared by every test that needs it, including the tests of
later exercises (ex5_5 evaluates the model that ex5_4's test trained). A run
tests one solution tree, so the cache is, in effect, keyed by that tree;
the key includes the tree anyway, for callers that switch trees.

A failed training (a stub, an exception in the learner's code) is cached
too: every test that needs the model reports the same error at once instead
of retraining to find it again.
"""

from __future__ import annotations

import os
import time
from typing import Any, Callable, Dict, NamedTuple, Optional, Tuple

from kata import quiet
from kata.worker import trees

SEED_ENV_VAR = "KATA_SEED"
DEFAULT_SEED = 0
BATCH_SIZE = 128  # the lesson's

_results: Dict[Tuple[str, str], Tuple[bool, Any]] = {}


def seed() -> int:
    """The seed of this run: KATA_SEED if set, else 0."""
    return int(os.environ.get(SEED_ENV_VAR, DEFAULT_SEED))


def once(key: str, factory: Callable[[], Any]) -> Any:
    """``factory()``, computed once per process and solution tree; errors included."""
    full_key = (str(trees.active_root()), key)
    if full_key not in _results:
        try:
            _results[full_key] = (True, factory())
        except Exception as error:  # re-raised below, and for every later caller
            _results[full_key] = (False, error)
    ok, value = _results[full_key]
    if not ok:
        raise value
    return value


def set_seed(value: int) -> None:
    """Seed Python, NumPy and the Keras backend in one call."""
    quiet.environment()
    import keras

    quiet.tensorflow_logs()
    keras.utils.set_random_seed(value)


class Trained(NamedTuple):
    model: Any
    history: Any
    seconds: float


def train_timed(build: Callable[[], Any], fit: Callable[[Any], Any], seed_value: int) -> Trained:
    """Seed, build, fit, and time the fit."""
    model = build_seeded(build, seed_value)
    started = time.perf_counter()
    history = fit(model)
    return Trained(model, history, time.perf_counter() - started)


def build_seeded(build: Callable[[], Any], seed_value: int):
    """``build()``, called right after seeding, so that its initial weights are reproducible."""
    set_seed(seed_value)
    return build()


def run_ex5_4(module, seed_value: int) -> Trained:
    """The lesson's ex5_4 run: ``build_model()``, then ``train`` with its defaults
    (5 epochs, batch 128) on all 60,000 prepared training images."""
    from kata import data

    def fit(model):
        mnist = data.prepared_mnist()
        return module.train(model, mnist.x_train, mnist.y_train)

    return train_timed(module.build_model, fit, seed_value)


def test_accuracy(model) -> float:
    """Accuracy on the 10,000 test images, computed from predictions, so that it does
    not depend on the metrics the model was compiled with."""
    import numpy as np

    from kata import data

    mnist = data.prepared_mnist()
    predicted = np.argmax(model.predict(mnist.x_test, batch_size=1000, verbose=0), axis=1)
    return float(np.mean(predicted == np.argmax(mnist.y_test, axis=1)))


def run_with_validation(build: Callable[[], Any], epochs: int, seed_value: int,
                        train_size: Optional[int] = None) -> Trained:
    """Build a model and fit it on prepared MNIST (all of it, or the first ``train_size``
    images) for ``epochs`` epochs of batch 128, scoring the test images after each
    epoch (val_loss, val_accuracy): the lesson's runs for ex5_7 and ex5_8, the
    unregularized baseline, and both sides of ``kata compare``."""
    from kata import data

    def fit(model):
        mnist = data.prepared_mnist()
        return model.fit(mnist.x_train[:train_size], mnist.y_train[:train_size], epochs=epochs,
                         batch_size=BATCH_SIZE, validation_data=(mnist.x_test, mnist.y_test),
                         verbose=0)

    return train_timed(build, fit, seed_value)
