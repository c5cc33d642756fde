"""What a learner reads while working: the names of their own errors, the board's key,
a function that never returns, and counts that add up (issue 24, items 1 to 5).
In-process where possible: nothing here starts a judge unless it says so."""

import builtins
import traceback

import pytest

from kata.worker.results import LearnerError, learner_error_class

pytestmark = [pytest.mark.tooling, pytest.mark.timeout(60)]


@pytest.mark.parametrize("builtin", ["ValueError", "TypeError", "ZeroDivisionError"])
def test_a_learner_exception_keeps_its_own_name(builtin):
    """The learner's code raised a ValueError: every message says ValueError, never the
    wrapper's name, and tests can still catch it as a ValueError."""
    cls = learner_error_class(builtin)
    error = cls("ex5_2", "predict", builtin, "The truth value of an array is ambiguous", [], "")
    assert isinstance(error, LearnerError) and isinstance(error, getattr(builtins, builtin))
    assert type(error).__name__ == builtin
    assert "Learner" not in repr(error)
    shown = "".join(traceback.format_exception_only(type(error), error))
    assert shown == f"{builtin}: The truth value of an array is ambiguous\n"
    assert learner_error_class(builtin) is cls  # one class per built-in type


def test_an_unknown_type_stays_a_learner_error():
    assert learner_error_class("MyOwnError") is LearnerError
    assert learner_error_class(None) is LearnerError
