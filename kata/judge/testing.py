"""What the exercise tests are written with: a handle on the learner's module
and failures that teach.

Every failure message has the same shape, so a learner learns to read it once:

    ex5_1 `relu`: relu(-2.0) should be 0.0; found -2.0.
      This looks like: abs() instead of ReLU.
      Concept: ReLU keeps positive inputs and replaces negative ones with 0.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

import numpy as np
import pytest

from kata import catalog, data
from kata.judge import training
from kata.judge.learner import Call, DataRef, LearnerModule, prepared_ref  # noqa: F401  (re-exported)
from kata.worker.client import SolutionImportError


class Teacher:
    """Builds the failure messages of one exercise."""

    def __init__(self, exercise: str):
        self.exercise = catalog.get(exercise).name

    def fail(self, function: str, expected: str, found: Any, concept: str,
             looks_like: Optional[str] = None) -> None:
        lines = [f"{self.exercise} `{function}`: {expected}; found {show(found)}."]
        if looks_like:
            lines.append(f"  This looks like: {looks_like}.")
        lines.append(f"  Concept: {concept}")
        pytest.fail("\n".join(lines), pytrace=False)

    def expect(self, ok: bool, function: str, expected: str, found: Any, concept: str,
               looks_like: Optional[str] = None) -> None:
        if not ok:
            self.fail(function, expected, found, concept, looks_like)


def show(value: Any) -> str:
    """A short, readable rendering of a value for a failure message."""
    if isinstance(value, np.ndarray):
        text = np.array2string(value, precision=4, suppress_small=True, separator=", ")
        return f"array({text}, shape={value.shape}, dtype={value.dtype})"
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.6g}"
    text = repr(value)
    return text if len(text) < 200 else text[:197] + "..."


def same_values(found: Any, expected: Any, atol: float = 1e-6) -> bool:
    """True when ``found`` has ``expected``'s shape and values (lists, tuples and arrays alike)."""
    try:
        found_array = np.asarray(found, dtype=float)
    except (TypeError, ValueError):
        return False
    expected_array = np.asarray(expected, dtype=float)
    return found_array.shape == expected_array.shape and bool(
        np.allclose(found_array, expected_array, atol=atol)
    )


def recognise(found: Any, mistakes: Mapping[str, Any]) -> Optional[str]:
    """Name the known mistake whose result equals ``found``, if there is one."""
    for description, wrong_result in mistakes.items():
        if same_values(found, wrong_result):
            return description
    return None


def mnist() -> "data.Mnist":
    """The raw MNIST arrays, or a one-line failure that says how to provide them."""
    try:
        return data.load_mnist()
    except data.MnistUnavailable as error:
        problem = str(error)
    pytest.fail(f"MNIST is not available. {problem}", pytrace=False)  # outside except: no chained traceback


def prepared_mnist() -> "data.Prepared":
    """MNIST flattened, scaled and one-hot encoded by the kata itself."""
    mnist()
    return data.prepared_mnist()


def shared(key: str, factory):
    """``factory()`` once per session (see kata.judge.training.once), with missing data
    or a broken solution module reported as a one-line failure."""
    try:
        return training.once(key, factory)
    except (data.MnistUnavailable, SolutionImportError) as error:
        problem = str(error)
    pytest.fail(problem, pytrace=False)


def call_strictly(teacher: Teacher, function: str, learner: "LearnerModule", *args,
                  concept: str, **kwargs):
    """Call a learner's function with NumPy's overflow, invalid-value and divide-by-zero
    warnings turned into errors, and report any as a teaching failure."""
    problem = None
    try:
        return learner.invoke(function, args, kwargs, strict=True).value
    except (FloatingPointError, RuntimeWarning) as error:
        problem = f"{type(error).__name__}: {error}"
    teacher.fail(function, "no overflow, division by zero or invalid value", problem, concept)
