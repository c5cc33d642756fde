"""``kata hint``: the hints of an exercise, one more each time.

The ladder's state (how many hints of each exercise were shown) lives in
``.kata/hints.json`` and is shared by ``kata hint`` and ``kata.hint()`` in a
notebook. :func:`take_hints` returns data; the command line and the notebook
each word it.

Runs on the tools' side: it reads ``HINTS.md`` files, never learner code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Tuple

from kata import catalog
from kata.tools.common import EXERCISES, UsageError, exercise_named, load_state, save_state


@dataclass(frozen=True)
class Hint:
    exercise: str
    number: int
    total: int
    text: str
    seen_before: bool = False  # shown again: the ladder had already reached it

    @property
    def last(self) -> bool:
        return self.number == self.total

    def heading(self) -> str:
        text = f"Hint {self.number} of {self.total} for {self.exercise}"
        if self.last:
            text += " (the last one, shown again)" if self.seen_before else " (the last one)"
        return text


def hints_of(exercise: catalog.Exercise) -> List[str]:
    path = EXERCISES / exercise.name / "HINTS.md"
    if not path.exists():
        return []
    sections = re.split(r"^## .*$", path.read_text(), flags=re.MULTILINE)[1:]
    return [section.strip() for section in sections if section.strip()]


def hint_progress(exercise: catalog.Exercise) -> Tuple[int, int]:
    """(hints shown so far, hints there are) for ``exercise``."""
    total = len(hints_of(exercise))
    return min(load_state("hints").get(exercise.name, 0), total), total


def take_hints(exercise: catalog.Exercise, everything: bool = False) -> List[Hint]:
    """The next hint (and remember it was shown), or every hint (``everything``;
    the ladder is left where it was). Raises UsageError when there are none."""
    texts = hints_of(exercise)
    if not texts:
        raise UsageError(f"{exercise.name} has no hints")
    total = len(texts)
    state = load_state("hints")
    before = min(state.get(exercise.name, 0), total)
    if everything:
        return [Hint(exercise.name, n, total, texts[n - 1], seen_before=n <= before)
                for n in range(1, total + 1)]
    number = min(before + 1, total)
    state[exercise.name] = number
    save_state("hints", state)
    return [Hint(exercise.name, number, total, texts[number - 1], seen_before=number <= before)]


def closing_line(hint: Hint, again: str) -> str:
    """What follows a single hint: how to get the next, or that this was the last."""
    if not hint.last:
        return f"Run {again} again for the next one."
    return "That was the last hint: there are no more."


def command_hint(args) -> int:
    exercise = exercise_named(args.exercise)
    shown = take_hints(exercise, everything=args.all)
    for hint in shown:
        print(f"{hint.heading()}:\n{hint.text}\n")
    if not args.all:
        print(closing_line(shown[0], f"`kata hint {exercise.name}`"))
    return 0
