"""What a call of learner code can end in, besides a value (both sides of the boundary).

The judge raises these when the worker's answer says so; tests may catch the
learner's own exception types (``LearnerError`` subclasses the built-in one it
stands for). ``Call``, ``DataRef`` and ``Unrebuildable`` are the plain data a
call carries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

class SolutionImportError(Exception):
    """The exercise's module is missing, or could not be imported; the message says why.
    ``result`` is how its tests end: failed, or crashed (the worker died while importing
    it), or timeout (importing it never finished)."""

    def __init__(self, message: str, result: str = "failed"):
        super().__init__(message)
        self.result = result


class LearnerError(Exception):
    """The learner's function raised. Subclasses also derive from the built-in exception
    it raised (ValueError, NotImplementedError, ...), so tests can catch those."""

    def __init__(self, exercise: str, function: str, type_name: str, message: str,
                 frames: List[Tuple[str, int, str]], traceback_text: str):
        super().__init__(message)
        self.exercise = exercise
        self.function = function
        self.type_name = type_name
        self.frames = frames  # (path relative to the tree, line, function), outermost first
        self.traceback_text = traceback_text

    def __str__(self) -> str:
        return self.args[0] if self.args else ""


_ERROR_CLASSES: Dict[str, type] = {}


def learner_error_class(builtin_name: Optional[str]) -> type:
    """LearnerError, combined with the built-in Exception subclass of that name, if any."""
    base = getattr(__import__("builtins"), builtin_name or "", None)
    if not (isinstance(base, type) and issubclass(base, Exception)) or base is Exception:
        return LearnerError
    if builtin_name not in _ERROR_CLASSES:
        # Named as the learner's code named it: every message, traceback and report that
        # writes the type (``type(error).__name__``) says ValueError, not an internal name.
        _ERROR_CLASSES[builtin_name] = type(builtin_name, (LearnerError, base),
                                            {"__str__": LearnerError.__str__, "__module__": "builtins",
                                             "__qualname__": builtin_name})
    return _ERROR_CLASSES[builtin_name]


class LearnerTimeout(Exception):
    """No answer before the deadline: the worker was killed."""

    def __init__(self, exercise: str, function: str, seconds: float, where: Optional[Tuple[str, int, str]]):
        super().__init__(f"{exercise} `{function}`: no answer within {seconds:g} s")
        self.exercise, self.function, self.seconds, self.where = exercise, function, seconds, where


class WorkerDied(Exception):
    """The worker process ended without answering."""

    def __init__(self, exercise: str, during: str, status: str):
        super().__init__(f"{exercise}: the worker exited during {during} ({status})")
        self.exercise, self.during, self.status = exercise, during, status


class Unfaithful(Exception):
    """A model passed to the call is, after it, no longer what the judge's copy of it
    rebuilds to (a setting changed on its built layers, say); ``reason`` says what differs."""

    def __init__(self, exercise: str, function: str, reason: str):
        super().__init__(reason)
        self.exercise, self.function, self.reason = exercise, function, reason


class MissingFunction(Exception):
    def __init__(self, exercise: str, function: str):
        super().__init__(function)
        self.exercise, self.function = exercise, function


@dataclass(frozen=True)
class DataRef:
    """MNIST arrays named rather than sent: the worker loads them itself (``kata.data``).

    ``name`` is x_train, y_train, x_test or y_test; ``prepared`` selects the kata's own
    preparation (flat float32 images in [0, 1], one-hot labels) over the raw arrays;
    ``stop`` keeps the first ``stop`` rows only."""

    name: str
    prepared: bool = True
    stop: Optional[int] = None


@dataclass
class Call:
    """What one call of a learner function gave back, and what was seen during it."""

    value: Any
    spied: List[str] = field(default_factory=list)  # calls of the spied functions, in order
    seconds: float = 0.0  # as the worker measured it
    leaked_figures: int = 0  # pyplot figures left open besides the one returned
    output: str = ""  # what the learner's code printed
    # array arguments the call changed in place: {"`images` (argument 1)": "its shape changed ..."}
    changed: Dict[str, str] = field(default_factory=dict)


class Unrebuildable:
    """A model the worker returned that cannot be rebuilt safely; ``reason`` says why."""

    def __init__(self, reason: str):
        self.reason = reason

    def __repr__(self) -> str:
        return f"<a Keras model the kata cannot rebuild: {self.reason}>"
