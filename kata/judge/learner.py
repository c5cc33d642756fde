"""``LearnerModule``: the judge's handle on an exercise module it never imports (judge side).

``forward.relu(z)`` in a test sends the call to the exercise's worker
(``kata.worker.client``) and returns the answer as data. What can go wrong
on the other side arrives as an exception the plugin knows how to word:
the module is missing or does not import (a one-line failure here), the
function raised (re-raised as the same built-in type, so ``except
ValueError`` in a test still works), it ran past the test's time limit, or
the worker died.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, Iterator, Mapping, Optional, Sequence

import pytest

import kata
from kata import catalog
from kata.worker import client
from kata.worker.client import Call, DataRef  # noqa: F401  (part of the tests' API)

_workers: Optional[client.Workers] = None


def use(workers: Optional[client.Workers]) -> None:
    """Set the pool of workers this judge process calls (the plugin does, per session)."""
    global _workers
    _workers = workers


def current() -> Optional[client.Workers]:
    """The pool of workers in use, or None outside a session."""
    return _workers


def workers() -> client.Workers:
    if _workers is None:
        raise RuntimeError("no workers: the kata's pytest plugin starts them (see conftest.py)")
    return _workers


@contextlib.contextmanager
def session(tree: Path, limit: float = 3600.0) -> Iterator[client.Workers]:
    """Workers for ``tree`` outside pytest (benchmarks, ``kata compare``), closed at the end.
    ``limit`` is the time every call must answer in (reset it with ``set_deadline``)."""
    pool = client.Workers(client.Settings(tree, Path(kata.__file__).resolve().parents[1]))
    pool.set_deadline(limit)
    use(pool)
    try:
        yield pool
    finally:
        pool.close()
        use(None)


def prepared_ref(name: str, stop: Optional[int] = None) -> DataRef:
    """Prepared MNIST array ``name`` (its first ``stop`` rows), loaded where the learner's code runs."""
    return DataRef(name, True, stop)


class LearnerModule:
    """A handle on one exercise's module in the tree under test.

    ``learner.relu(z)`` calls the learner's ``relu`` and returns its result;
    ``learner.invoke(...)`` does the same with options and returns a ``Call``.
    A module that is missing or broken fails its own tests with a message
    naming the file and the error, and leaves every other exercise running.
    """

    def __init__(self, exercise: str):
        self._exercise = catalog.get(exercise)

    @property
    def exercise(self) -> str:
        return self._exercise.name

    def __getattr__(self, name: str) -> "LearnerFunction":
        if name.startswith("_"):
            raise AttributeError(name)
        return LearnerFunction(self, name)

    def invoke(self, function: str, args: Sequence[Any] = (), kwargs: Optional[Mapping[str, Any]] = None,
               *, seed: Optional[int] = None, replace: Optional[Mapping[str, Any]] = None,
               spy: Sequence[str] = (), strict: bool = False, expect: Optional[int] = None,
               keep_figures: bool = False) -> Call:
        """Call ``function(*args, **kwargs)`` in the learner's module, in its worker.

        seed: ``keras.utils.set_random_seed(seed)`` (NumPy's and Python's seeds for the
            NumPy exercises) right before the call.
        replace: ``{"name": value}`` or ``{"ex5_1.name": value}``: during the call, that
            module-level function returns ``value`` whatever it is given, wherever the
            learner's code can reach it (its own module, or a name imported from it).
        spy: names as in ``replace``; each call of them is recorded in ``Call.spied``.
        strict: NumPy's overflow, invalid-value and divide-by-zero raise FloatingPointError.
        expect: the most numbers the answer may hold; a larger answer fails the test unread
            (default: ``kata.worker.bounds``'s generous bound).
        keep_figures: the pyplot figures the call opens stay open in the worker, so that the
            next call finds pyplot's state as this one left it, as in a notebook where the
            learner's functions run one after another (the next call without it closes them).

        A call that changes an array it was given (values, shape or dtype) fails the test
        that made it, whichever test that is (``changed_in_place``, ``kata.worker.changes``).
        """
        result = "failed"
        try:
            call = workers().call(self._exercise.name, function, args, kwargs, seed=seed,
                                  replace=replace, spy=spy, strict=strict, expect=expect,
                                  keep_figures=keep_figures)
            if call.changed:
                pytest.fail(changed_in_place(self._exercise.name, function, call.changed), pytrace=False)
            return call
        except client.AnswerTooLarge as error:
            problem = str(error)
        except client.SolutionImportError as error:
            problem, result = str(error), error.result
        except client.Unfaithful as error:
            problem = (f"{self._exercise.name} `{function}`: the model it was given is, after the "
                       f"call, no longer the model the kata's copy of it rebuilds to, so the tests "
                       f"cannot follow it: {error.reason}.")
        except client.MissingFunction:
            problem = (f"{self._exercise.name}: {workers().settings.tree / self._exercise.filename} "
                       f"defines no `{function}`. The exercise's README lists the functions to "
                       f"write; keep their names.")
        raise ModuleUnusable(problem, result)  # outside the except blocks: no chained traceback


def changed_in_place(exercise: str, function: str, changed: Mapping[str, str]) -> str:
    """The failure of a call that changed the caller's arrays (``Call.changed``): every test
    that hands the learner's function an array checks this, the caller's own array or a copy."""
    found = "; ".join(f"{label}: {what}" for label, what in changed.items())
    return (f"{exercise} `{function}`: the arrays passed to {function} left as they were, values, "
            f"shape and dtype; found {found}.\n"
            "  This looks like: an argument changed in place (`a -= ...`, `a[...] = ...`, "
            "`a.shape = ...`, `out=a`), which changes the caller's data.\n"
            "  Concept: a function computes its result in new arrays (`a - a.max()`, "
            "`a.reshape(...)`, `np.maximum(0, z)`) and leaves what it was given as it was: the "
            "caller may use it again (the raw images, a layer's pre-activations), and a change "
            "made in place shows up far from where it was made.")


class ModuleUnusable(pytest.fail.Exception):
    """A test failure (like ``pytest.fail``) because the module cannot be used at all;
    ``result`` says how the test ends: failed, crashed or timeout."""

    def __init__(self, message: str, result: str):
        super().__init__(message, pytrace=False)
        self.result = result


class LearnerFunction:
    """``learner.name``: calling it calls the learner's function; the kata's training
    helpers also read which function it is, to seed the worker right before it runs."""

    def __init__(self, module: LearnerModule, name: str):
        self.module = module
        self.name = name

    def __call__(self, *args, **kwargs):
        return self.module.invoke(self.name, args, kwargs).value

    def __repr__(self) -> str:
        return f"<{self.module.exercise} `{self.name}`>"
