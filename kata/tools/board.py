"""``kata`` and ``kata list``: the board of exercises, their status and what comes next."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import List, Optional

from kata import catalog
from kata.tools import term
from kata.tools.common import EXERCISES, load_state, save_state
from kata.outcomes import ExerciseResult, Outcome
from kata.tools.runner import run_tests

def source_digest(tree: Path, exercise: catalog.Exercise) -> str:
    """A hash of what decides an exercise's status: its module, the modules it imports,
    and its tests (which change when the kata is updated). Equal hash, same status."""
    digest = hashlib.sha256()
    paths = [tree / catalog.get(name).filename for name in (exercise.name, *exercise.requires)]
    paths += sorted((EXERCISES / exercise.name).glob("test_*.py"))
    for path in paths:
        digest.update(path.read_bytes() if path.exists() else b"missing")
    return digest.hexdigest()


def status_of(outcomes: List[Outcome]) -> str:
    """done, not started or in progress (kata.outcomes decides what passed)."""
    status = ExerciseResult("", list(outcomes)).status
    return {"ok": "done", "not started": "not started"}.get(status, "in progress")


def board() -> List[dict]:
    """Status of every exercise from its quick tests (training tests deselected),
    re-run only for exercises whose source changed since the last board."""
    cache = load_state("board")
    digests = {e.name: source_digest(EXERCISES, e) for e in catalog.EXERCISES}
    stale = [e for e in catalog.EXERCISES if cache.get(e.name, {}).get("digest") != digests[e.name]]
    if stale:
        run = run_tests(EXERCISES, [e.name for e in stale], extra_args=["-m", "not slow and not full"])
        for exercise in stale:
            outcomes = [o for o in run.outcomes if o.exercise == exercise.name]
            cache[exercise.name] = {"digest": digests[exercise.name],
                                    "status": status_of(outcomes),
                                    "passed": sum(o.passed for o in outcomes),
                                    "total": len(outcomes)}
        save_state("board", cache)
    return [{"exercise": e, **cache[e.name]} for e in catalog.EXERCISES]


def next_exercise(rows: List[dict]) -> Optional[catalog.Exercise]:
    return next((row["exercise"] for row in rows if row["status"] != "done"), None)


def command_list(args) -> int:
    rows = board()
    done = sum(row["status"] == "done" for row in rows)
    width = max(len(e.title) for e in catalog.EXERCISES)
    print(f"dnn-kata: {done} of {len(rows)} exercises done (quick tests; `kata check` also trains)\n")
    for row in rows:
        e = row["exercise"]
        print(f"  {e.name:<18} {e.title:<{width}}  {term.status(row['status'], 12)} "
              f"{row['passed']}/{row['total']} tests")
    upcoming = next_exercise(rows)
    if upcoming:
        print(f"\nNext: {upcoming.name}. Read exercises/{upcoming.name}/README.md, edit "
              f"exercises/{upcoming.filename}, then run `kata check {upcoming.name}`.")
    else:
        print("\nEverything passes. Try `pytest exercises/ex5_7 exercises/ex5_8 --full`.")
    return 0
