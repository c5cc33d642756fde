"""The end of a test run, in words: each exercise's tally and what to do next (judge side).

Printed by the plugin after pytest's own summary, so that it is the first
thing a learner reads. Pass and fail come from ``kata.outcomes``.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path
from typing import Dict, List

from kata import catalog, outcomes


def lines(record: outcomes.Record, todo: Dict[str, "OrderedDict[tuple, None]"], tree: Path,
          exercises_dir: Path, here: Path) -> List[str]:
    """The summary's lines; the last one says what to do next. ``todo`` maps an exercise to
    the (owner, function) stubs its tests ran into."""
    def shown(path: Path) -> str:
        try:
            relative = os.path.relpath(path, here)
        except ValueError:  # another drive on Windows
            return str(path)
        return str(path) if relative.startswith("..") else relative

    ran = {t["exercise"] for t in record.expected if t["nodeid"] in record.results}
    ordered = [e for e in catalog.EXERCISES if e.name in ran]
    if not ordered:
        return []
    results = outcomes.by_exercise(record.outcomes(), [])
    width = max(len(e.title) for e in ordered)
    name_width = max(len(e.name) for e in ordered)
    indent = " " * (name_width + 3)
    found = [f"Solutions under test: {shown(tree)}"]
    for exercise in ordered:
        result = results[exercise.name]
        status = "done" if result.failed == 0 else f"{result.passed} of {len(result.outcomes)} passed"
        found.append(f"  {exercise.name:<{name_width}} {exercise.title:<{width}}  {status}")
        waiting = todo.get(exercise.name, {})
        mine = [f for owner, f in waiting if owner == exercise.name]
        others = OrderedDict((owner, None) for owner, _ in waiting if owner != exercise.name)
        if mine:
            found.append(f"{indent}not implemented yet: {', '.join(mine)}")
        if others and result.failed:
            found.append(f"{indent}waits for: {', '.join(others)}")
    found.append(next_step(ordered, results, todo, tree, exercises_dir, shown))
    return found


def next_step(ordered, results, todo, tree: Path, exercises_dir: Path, shown) -> str:
    for exercise in ordered:
        if results[exercise.name].failed == 0:
            continue
        readme = shown(exercises_dir / exercise.name / "README.md")
        hints = shown(exercises_dir / exercise.name / "HINTS.md")
        module = shown(tree / exercise.filename)
        waiting = todo.get(exercise.name, {})
        mine = [f for owner, f in waiting if owner == exercise.name]
        theirs = [owner for owner, _ in waiting if owner != exercise.name]
        if mine:
            action = f"open {module} and implement `{mine[0]}`"
        elif theirs:
            action = f"finish {theirs[0]} first, then come back to {exercise.name}"
        else:
            action = f"fix {exercise.name}: each failure above says what was expected and what was found"
        return (f"Next: {action}.\n      The task is in {readme}; "
                f"stuck? `kata hint {exercise.name}` gives one hint at a time ({hints}).")
    names = ", ".join(e.name for e in ordered)
    return f"All selected exercises pass ({names}). Well done."
