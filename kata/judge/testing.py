"""What the exercise tests are written with: a handle on the learner's module
and failures that teach.

Every failure message has the same shape, so a learner learns to read it once:

    ex5_1 `relu`: relu(-2.0) should be 0.0; found -2.0.
      This looks like: abs() instead of ReLU.
      Concept: ReLU keeps positive inputs and replaces negative ones with 0.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence, Tuple

import numpy as np
import pytest

from kata import catalog, data
from kata.judge import training
from kata.outcomes import MISSING_DATA
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


def type_name(value: Any) -> str:
    """The type of a value the learner's code returned, as the learner would name it: a value
    that crossed from the worker by name only (an Axes, a custom object) keeps its own name,
    and a model the kata could not rebuild says why."""
    from kata.worker import wire
    from kata.worker.results import Unrebuildable

    if isinstance(value, wire.Opaque):
        return value.type_name
    if isinstance(value, Unrebuildable):
        return f"Keras model the kata cannot check ({value.reason})"
    return type(value).__name__


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


def diagnose(found: Any, mistakes: Mapping[str, Tuple[Any, str]],
             concept: str) -> Tuple[Optional[str], str]:
    """Like ``recognise``, for mistakes that each teach their own concept: ``mistakes`` maps
    a description to (the wrong result, the concept that explains it). Returns the
    description and concept of the mistake whose result equals ``found``, else
    (None, ``concept``), so that a failure's Concept line always matches its diagnosis."""
    for description, (wrong_result, its_concept) in mistakes.items():
        if same_values(found, wrong_result):
            return description, its_concept
    return None, concept


class verbatim(str):
    """A description standing in for a found value ("shape (3, 784)"), which ``show``
    prints as it is, without the quotes of a string's repr."""

    def __repr__(self) -> str:
        return str(self)


# What a learner's function returns is untrusted: None after a forgotten `return`, a list,
# a string, an array of the wrong shape. The three checks below turn it into the number,
# array or tuple a test computes with, or fail with a message that names the wrong return
# value, so that test code never crashes on it and never misreads it as a wrong answer.

NO_RETURN = "a missing `return`: a Python function that ends without one gives back None"


def _numeric(found: Any) -> Optional[np.ndarray]:
    """``found`` as a float array when it holds only numbers (no strings, None or ragged rows)."""
    if isinstance(found, (str, bytes)):
        return None
    try:
        array = np.asarray(found)
    except (TypeError, ValueError):  # ragged nested lists
        return None
    if array.dtype.kind not in "biuf":
        return None
    return array.astype(float)


def _wrong_return(teacher: Teacher, function: str, call: str, what: str, found: Any,
                  concept: str, part: Optional[str] = None) -> None:
    kind = type_name(found)
    not_kind = "" if found is None or isinstance(found, (np.ndarray, list, tuple)) \
        else f", not {'an' if kind[0] in 'aeiou' else 'a'} {kind}"
    array = _numeric(found)
    if array is not None and array.size > 24:  # a wrong shape is clearer than pages of numbers
        found = verbatim(f"an array of shape {array.shape}, dtype {np.asarray(found).dtype}")
    what = what if part is None else f"{part} as {what}"
    teacher.fail(function, f"{call} should return {what}{not_kind}", found, concept,
                 looks_like=NO_RETURN if found is None else None)


def returned_number(teacher: Teacher, function: str, found: Any, *, call: str,
                    concept: str, part: Optional[str] = None) -> float:
    """``found`` as a float when it is a single number, else a failure that names it.
    ``part``: the name of ``found`` when it is one of several values ``call`` returns."""
    array = _numeric(found)
    if array is None or array.ndim != 0:
        _wrong_return(teacher, function, call, "a number", found, concept, part)
    return float(array)


def returned_array(teacher: Teacher, function: str, found: Any, *, call: str, concept: str,
                   shape: Optional[Tuple[int, ...]] = None, part: Optional[str] = None) -> np.ndarray:
    """``found`` as a float array (of ``shape``, when given), else a failure that names it.
    The array is a copy to compute with; show the learner ``found`` itself. ``part``: the
    name of ``found`` when it is one of several values ``call`` returns."""
    array = _numeric(found)
    if array is None or (shape is not None and array.shape != tuple(shape)):
        what = "an array of numbers" if shape is None else f"an array of shape {tuple(shape)}"
        _wrong_return(teacher, function, call, what, found, concept, part)
    return array


def returned_tuple(teacher: Teacher, function: str, found: Any, *, call: str,
                   names: Sequence[str], concept: str) -> tuple:
    """``found`` when it is a tuple (or list) of ``len(names)`` values, else a failure that
    names it: for a function that returns several values, such as ``(H, y_hat)``."""
    if not isinstance(found, (tuple, list)) or len(found) != len(names):
        what = f"{len(names)} values, ({', '.join(names)})"
        _wrong_return(teacher, function, call, what, found, concept)
    return tuple(found)


def mnist() -> "data.Mnist":
    """The raw MNIST arrays, or a one-line failure that says how to provide them."""
    try:
        return data.load_mnist()
    except data.MnistUnavailable as error:
        problem = str(error)
    pytest.fail(f"{MISSING_DATA}: {problem}", pytrace=False)  # outside except: no chained traceback


def prepared_mnist() -> "data.Prepared":
    """MNIST flattened, scaled and one-hot encoded by the kata itself."""
    mnist()
    return data.prepared_mnist()


def shared(key: str, factory):
    """``factory()`` once per session (see kata.judge.training.once), with missing data
    or a broken solution module reported as a one-line failure."""
    try:
        return training.once(key, factory)
    except data.MnistUnavailable as error:
        problem = f"{MISSING_DATA}: {error}"
    except SolutionImportError as error:
        problem = str(error)
    pytest.fail(problem, pytrace=False)


def call_strictly(teacher: Teacher, function: str, learner: "LearnerModule", *args,
                  concept: str, looks_like: Optional[str] = None, **kwargs):
    """Call a learner's function with NumPy's overflow, invalid-value and divide-by-zero
    warnings turned into errors, and report any as a teaching failure."""
    problem = None
    try:
        return learner.invoke(function, args, kwargs, strict=True).value
    except (FloatingPointError, RuntimeWarning) as error:
        problem = f"{type(error).__name__}: {error}"
    teacher.fail(function, "no overflow, division by zero or invalid value", verbatim(problem), concept,
                 looks_like=looks_like)
