"""What the exercise tests are written with: a handle on the learner's module
and failures that teach.

Every failure message has the same shape, so a learner learns to read it once:

    ex5_1 `relu`: relu(-2.0) should be 0.0; found -2.0.
      This looks like: abs() instead of ReLU.
      Concept: ReLU keeps positive inputs and replaces negative ones with 0.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any, List, Mapping, Optional, Sequence, Tuple

import numpy as np
import pytest

from kata import catalog, data
from kata.judge import training
from kata.worker.trees import SolutionImportError, import_solution


@dataclass(frozen=True)
class DataRef:
    """MNIST arrays named rather than sent: the side that runs the learner's code loads
    them itself (``kata.data``), so 60,000 images are never copied per call.

    ``name`` is one of x_train, y_train, x_test, y_test; ``prepared`` selects the kata's
    own preparation (flat float32 images in [0, 1], one-hot labels) over the raw arrays;
    ``stop`` keeps the first ``stop`` rows only."""

    name: str
    prepared: bool = True
    stop: Optional[int] = None

    def resolve(self):
        source = data.prepared_mnist() if self.prepared else data.load_mnist()
        return getattr(source, self.name)[:self.stop]


def prepared_ref(name: str, stop: Optional[int] = None) -> DataRef:
    return DataRef(name, True, stop)


@dataclass
class Call:
    """What one call of a learner function gave back, and what was seen during it."""

    value: Any  # the return value, as data
    spied: List[str] = field(default_factory=list)  # calls of the spied functions, in order
    seconds: float = 0.0
    leaked_figures: int = 0  # pyplot figures left open besides the one returned


class LearnerModule:
    """A handle on one exercise's module in the tree under test.

    ``learner.relu(z)`` calls the learner's ``relu`` and returns its result;
    ``learner.invoke(...)`` does the same with options (a seed set right before the
    call, functions replaced or spied on during it, NumPy's floating-point errors
    raised). A module that is missing or broken fails its own tests with a message
    naming the file and the error, and leaves every other exercise running.
    """

    def __init__(self, exercise: str):
        self._exercise = catalog.get(exercise)

    @property
    def exercise(self) -> str:
        return self._exercise.name

    def _module(self):
        try:
            return import_solution(self._exercise.name)
        except SolutionImportError as error:
            problem = str(error)
        pytest.fail(problem, pytrace=False)

    def _function(self, name: str):
        module = self._module()
        if hasattr(module, name):
            return getattr(module, name)
        pytest.fail(f"{self._exercise.name}: {module.__file__} defines no `{name}`. "
                    f"The exercise's README lists the functions to write; keep their names.",
                    pytrace=False)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.invoke(name, args, kwargs).value

    def invoke(self, function: str, args: Sequence[Any] = (), kwargs: Optional[Mapping[str, Any]] = None,
               *, seed: Optional[int] = None, replace: Optional[Mapping[str, Any]] = None,
               spy: Sequence[str] = (), strict: bool = False) -> Call:
        """Call ``function(*args, **kwargs)`` in the learner's module.

        seed: ``keras.utils.set_random_seed(seed)`` right before the call.
        replace: ``{"name": value}`` or ``{"ex5_1.name": value}``: during the call, that
            module-level function returns ``value`` whatever it is given, wherever the
            learner's code can reach it (its own module, or a name imported from it).
        spy: names as in ``replace``; each call of them is recorded in ``Call.spied``.
        strict: NumPy's overflow, invalid-value and divide-by-zero raise FloatingPointError.
        """
        import time

        target = self._function(function)
        args = [a.resolve() if isinstance(a, DataRef) else a for a in args]
        kwargs = {k: v.resolve() if isinstance(v, DataRef) else v for k, v in (kwargs or {}).items()}
        spied: List[str] = []
        patches = {}
        for name, value in (replace or {}).items():
            patches[self._qualified(name)] = lambda *a, _value=value, **k: _value
        for name in spy:
            qualified = self._qualified(name)
            original = self._resolve_function(qualified)

            def record(*a, _name=name, _original=original, **k):
                spied.append(_name)
                return _original(*a, **k)

            patches[qualified] = record
        if seed is not None:
            training.set_seed(seed)
        before = _open_figures()
        started = time.perf_counter()
        with _patched(patches, self._resolve_function), _strictness(strict):
            value = target(*args, **kwargs)
        seconds = time.perf_counter() - started
        leaked = len((_open_figures() - before) - {getattr(value, "number", None)})
        return Call(value, spied, seconds, leaked)

    def _qualified(self, name: str) -> Tuple[str, str]:
        exercise, _, function = name.rpartition(".")
        return (exercise or self._exercise.name, function)

    def _resolve_function(self, qualified: Tuple[str, str]):
        exercise, function = qualified
        module = LearnerModule(exercise)._module()
        if not hasattr(module, function):
            pytest.fail(f"{exercise}: {module.__file__} defines no `{function}`.", pytrace=False)
        return getattr(module, function)


def _open_figures() -> set:
    import sys

    if "matplotlib.pyplot" not in sys.modules:
        return set()
    return set(sys.modules["matplotlib.pyplot"].get_fignums())


@contextlib.contextmanager
def _patched(patches, resolve):
    """Bind each replacement wherever the original function is bound in the tree's modules."""
    import sys

    saved = []
    try:
        for qualified, replacement in patches.items():
            original = resolve(qualified)
            for module in list(sys.modules.values()):
                name = getattr(module, "__name__", "")
                if name.split(".")[0] not in catalog.BY_NAME:
                    continue
                for attribute, bound in list(vars(module).items()):
                    if bound is original:
                        saved.append((module, attribute, bound))
                        setattr(module, attribute, replacement)
        yield
    finally:
        for module, attribute, bound in reversed(saved):
            setattr(module, attribute, bound)


@contextlib.contextmanager
def _strictness(strict: bool):
    if not strict:
        yield
        return
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            yield


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
    kind = type(found).__name__
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
