"""``kata hint``: the hints of an exercise, one more each time."""

from __future__ import annotations

import re
from typing import List

from kata import catalog
from kata.tools.common import EXERCISES, UsageError, exercise_named, load_state, save_state

def hints_of(exercise: catalog.Exercise) -> List[str]:
    path = EXERCISES / exercise.name / "HINTS.md"
    if not path.exists():
        return []
    sections = re.split(r"^## .*$", path.read_text(), flags=re.MULTILINE)[1:]
    return [section.strip() for section in sections if section.strip()]


def command_hint(args) -> int:
    exercise = exercise_named(args.exercise)
    hints = hints_of(exercise)
    if not hints:
        raise UsageError(f"{exercise.name} has no hints")
    state = load_state("hints")
    shown = len(hints) if args.all else min(state.get(exercise.name, 0) + 1, len(hints))
    for number in range(1, shown + 1) if args.all else [shown]:
        print(f"Hint {number} of {len(hints)} for {exercise.name}:\n{hints[number - 1]}\n")
    if not args.all:
        state[exercise.name] = shown
        save_state("hints", state)
        if shown < len(hints):
            print(f"Run `kata hint {exercise.name}` again for the next one.")
    return 0
