"""Learner functions that never returned, remembered for the rest of a judge session
(the judge's end of the boundary).

A loop that never ends costs one deadline, not one per test: once a call of a function
was stopped for running past its deadline, later calls of that function in the same
session fail at once with the same diagnosis (``LearnerTimeout``): a direct call without
a worker, a call that reaches it through other code (``predict`` calling ``output``) as
soon as it does, because the worker is told which functions to stop at once.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Tuple

from kata import catalog
from kata.worker.results import LearnerTimeout


class HungFunctions:
    """(exercise, function) -> the timeout it ended in."""

    def __init__(self):
        self.known: Dict[Tuple[str, str], LearnerTimeout] = {}

    def remember(self, error: LearnerTimeout) -> LearnerTimeout:
        """Note that ``error.function`` hung, and so did the learner function it was stopped
        in (``error.where``: ex5_2's ``predict`` may hang inside ex5_1's ``output``)."""
        self.known[(error.exercise, error.function)] = error
        if error.where is not None:
            owner = error.where[0].replace("\\", "/").split("/")[0]
            if owner in catalog.BY_NAME:
                self.known.setdefault((owner, error.where[2]), error)
        return error

    def earlier(self, exercise: str, function: str,
                replace: Optional[Mapping[str, Any]] = None) -> Optional[LearnerTimeout]:
        """An earlier hang of this function, as a fresh error with the same diagnosis; None
        when it has not hung, or when this call swaps out the function that hung."""
        found = self.known.get((exercise, function))
        if found is None:
            return None
        if found.where is not None and any(str(name).split(".")[-1] == found.where[2]
                                           for name in (replace or {})):
            return None
        return LearnerTimeout(found.exercise, found.function, found.seconds, found.where)

    def names(self, exercise: str) -> List[str]:
        """The functions that hung that a call of ``exercise`` can reach (its own, and those
        of the exercises it requires), as ``exercise.function``, for the worker to stop at
        once. Other exercises' modules are left alone: patching one means importing it."""
        known = catalog.BY_NAME.get(exercise)
        reachable = {exercise, *(known.requires if known else ())}
        return sorted(f"{owner}.{function}" for owner, function in self.known if owner in reachable)

    def named(self, qualified: str, exercise: str, function: str) -> LearnerTimeout:
        """The worker stopped ``qualified`` (one of :meth:`names`) at once: its diagnosis."""
        owner, _, name = qualified.rpartition(".")
        found = self.known.get((owner, name))
        if found is None:
            return LearnerTimeout(exercise, function, 0.0, None)
        return LearnerTimeout(found.exercise, found.function, found.seconds, found.where)
