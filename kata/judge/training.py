"""Training the learner's models: seeded, and once per test session (judge side).

Training is the slow part of the kata, so each model is trained at most once
per session and shared by every test that needs it, including the tests of
later exercises (ex5_5 evaluates the model that ex5_4's test trained).
A failed training (a stub, an exception in the learner's code, a timeout)
is kept too: every test that needs the model reports the same error at once
instead of retraining to find it again.

Where training happens: the learner's own ``train`` runs in the worker (it
is learner code); the runs the kata defines (``run_with_validation``: the
ex5_7 and ex5_8 runs, the 80-epoch comparisons, ``kata compare``) train in
the judge, on the model rebuilt from the learner's architecture and
weights, so that their histories are the judge's own measurements. Test
accuracy is always computed here, from the weights.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Tuple

from kata import quiet
from kata.judge import learner

SEED_ENV_VAR = "KATA_SEED"
DEFAULT_SEED = 0
BATCH_SIZE = 128  # the lesson's

_results: Dict[Tuple[str, str], Tuple[bool, Any]] = {}
_settings = {"cache": None, "tests": None, "full": False}
REUSED: List[str] = []  # one line per result taken from the cache, for the summary
MEASURED: List[str] = []  # what a passing test measured that a learner wants to know (ex5_4's accuracy)


def tell(line: str) -> None:
    """Say ``line`` after the verdict (kata check, the notebook, pytest's summary)."""
    if line not in MEASURED:
        MEASURED.append(line)


def seed() -> int:
    """The seed of this run: KATA_SEED if set, else 0."""
    return int(os.environ.get(SEED_ENV_VAR, DEFAULT_SEED))


def keep_results(cache, tests: Path, full: bool) -> None:
    """Keep training results across sessions in ``cache`` (a ``kata.judge.cache.Cache``);
    ``tests`` is the folder of the exercises' test files, ``full`` the run's mode."""
    _settings.update(cache=cache, tests=tests, full=full)


def once(key: str, factory: Callable[[], Any]) -> Any:
    """``factory()``, computed once per session and solution tree; errors included.
    Training results (a ``Trained`` or a History) of a key that starts with an exercise
    name are also kept across sessions, while nothing they depend on changes."""
    tree = learner.workers().settings.tree
    full_key = (str(tree), key)
    if full_key not in _results:
        try:
            _results[full_key] = (True, _kept(key, tree, factory))
        except Exception as error:  # re-raised below, and for every later caller
            _results[full_key] = (False, error)
    ok, value = _results[full_key]
    if not ok:
        raise value
    return value


def _kept(key: str, tree: Path, factory: Callable[[], Any]) -> Any:
    from kata import catalog
    from kata.judge import cache

    store, exercise = _settings["cache"], key.split()[0]
    if store is None or store.folder is None or exercise not in catalog.BY_NAME:
        return factory()
    name = cache.key_for(key, exercise, tree, _settings["tests"], seed(), _settings["full"])
    found = store.get(name, cache.decode)
    if found is not None:
        value, created = found
        from kata.worker import objects

        what = ("model trained" if isinstance(value, Trained) else
                "training history recorded" if objects.is_history(value) else "measurements made")
        if not any(line.startswith(f"{exercise}: reused the {what} ") for line in REUSED):  # one is enough
            REUSED.append(f"{exercise}: reused the {what} {cache.ago(created)} (unchanged code); "
                          f"--no-cache retrains")
        return value
    value = factory()
    encoded = cache.encode(value)
    if encoded is not None:
        store.put(name, *encoded)
    return value


def set_seed(value: int) -> None:
    """Seed Python, NumPy and the Keras backend of this process in one call."""
    quiet.environment()
    import keras

    quiet.tensorflow_logs()
    keras.utils.set_random_seed(value)


class NotAModel(TypeError):
    """What a model-building function returned is not a Keras model."""


class Trained(NamedTuple):
    model: Any
    history: Any
    seconds: float


def build_seeded(build: Callable[..., Any], seed_value: int, *positional, **arguments):
    """``build(*positional, **arguments)``, called right after seeding, so that its initial
    weights are reproducible. A learner's function is seeded and called in its worker."""
    if isinstance(build, learner.LearnerFunction):
        return build.module.invoke(build.name, positional, arguments, seed=seed_value).value
    set_seed(seed_value)
    return build(*positional, **arguments)


def run_ex5_4(module, seed_value: int) -> Trained:
    """The lesson's ex5_4 run: ``build_model()``, then the learner's ``train`` with its
    defaults (5 epochs, batch 128) on all 60,000 prepared training images, in the worker."""
    model = build_seeded(module.build_model, seed_value)
    call = module.invoke("train", (model, learner.prepared_ref("x_train"), learner.prepared_ref("y_train")))
    return Trained(model, call.value, call.seconds)


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
    unregularized baseline, and both sides of ``kata compare``.

    The model is built (seeded) where ``build`` lives, then trained here on a copy
    made right after the same seed: the copy consumes the random generator as
    building the model did, so shuffling continues exactly as if one process had
    built and trained it."""
    from kata import data
    from kata.worker import objects

    built = build_seeded(build, seed_value)
    if not objects.is_model(built):
        raise NotAModel(type(built).__name__)
    model = seeded_copy(built, seed_value)
    mnist = data.prepared_mnist()
    started = time.perf_counter()
    history = model.fit(mnist.x_train[:train_size], mnist.y_train[:train_size], epochs=epochs,
                        batch_size=BATCH_SIZE, validation_data=(mnist.x_test, mnist.y_test), verbose=0,
                        callbacks=progress_callbacks(build.module.exercise
                                                     if isinstance(build, learner.LearnerFunction) else None))
    return Trained(model, history, time.perf_counter() - started)


def progress_callbacks(exercise: Optional[str]) -> list:
    """Callbacks for a fit the judge runs itself: each epoch is reported the way the
    workers report theirs, so the tools show every training run, wherever it happens."""
    report = learner.workers().progress if learner.current() is not None else None
    if report is None or exercise is None:
        return []
    import keras

    class Progress(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            from kata import keras_compat

            report(exercise, epoch + 1, int(self.params.get("epochs") or 0), keras_compat.epoch_metrics(logs))

    return [Progress()]


def seeded_copy(model, seed_value: int):
    """A copy of ``model`` (architecture, weights, compile settings) created right after
    seeding, so that the random generator stands where building the model left it."""
    import keras

    set_seed(seed_value)
    copy = keras.models.clone_model(model)
    if model.get_weights():
        copy.set_weights(model.get_weights())
    if getattr(model, "optimizer", None) is not None:
        copy.compile_from_config(model.get_compile_config())
    return copy
