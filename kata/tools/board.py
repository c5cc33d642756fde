"""``kata`` and ``kata list``: the board of exercises, their status and what comes next.

The board is data (:func:`board`); :func:`board_lines` words it for a terminal and
``kata.notebook.display`` for a notebook. Runs on the tools' side: the status comes
from a separate pytest process; nothing here imports learner code.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import List, Optional

from kata import catalog
from kata.tools import stubs, term
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


QUICK = "not slow and not full"  # the board's tests: none that trains a model


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
    # An untouched stub fails every test (the release and CI prove it), so for those only
    # the tests are counted, which starts no worker and trains nothing.
    untouched = [e for e in stale if stubs.is_pristine(EXERCISES, e)]
    for exercises, extra in (([e for e in stale if e not in untouched], []), (untouched, ["--collect-only"])):
        if not exercises:
            continue
        run = run_tests(EXERCISES, [e.name for e in exercises], extra_args=["-m", QUICK, *extra])
        for exercise in exercises:
            outcomes = [o for o in run.outcomes if o.exercise == exercise.name]
            cache[exercise.name] = {"digest": digests[exercise.name],
                                    "status": "not started" if extra else status_of(outcomes),
                                    "passed": 0 if extra else sum(o.passed for o in outcomes),
                                    "total": len(outcomes)}
    if stale:
        save_state("board", cache)
    return [{"exercise": e, **cache[e.name]} for e in catalog.EXERCISES]


def next_exercise(rows: List[dict]) -> Optional[catalog.Exercise]:
    return next((row["exercise"] for row in rows if row["status"] != "done"), None)


def summary(rows: List[dict], check: str = "`kata check`") -> str:
    done = sum(row["status"] == "done" for row in rows)
    return f"dnn-kata: {done} of {len(rows)} exercises done (quick tests; {check} also trains)"


def next_step(rows: List[dict]) -> str:
    """What to do next, for the command line."""
    upcoming = next_exercise(rows)
    if upcoming is None:
        return "Everything passes. Try `pytest exercises/ex5_7 exercises/ex5_8 --full`."
    return (f"Next: {upcoming.name}. Read exercises/{upcoming.name}/README.md, edit "
            f"exercises/{upcoming.filename}, then run `kata check {upcoming.name}`.")


def board_lines(rows: List[dict], colour: bool = True) -> List[str]:
    """One line per exercise: name, title, status and tests passed (plain when ``colour`` is off)."""
    width = max(len(e.title) for e in catalog.EXERCISES)
    lines = []
    for row in rows:
        e = row["exercise"]
        status = term.status(row["status"], 12) if colour else f"{row['status']:<12}"
        lines.append(f"  {e.name:<18} {e.title:<{width}}  {status} {row['passed']}/{row['total']} tests")
    return lines


def command_list(args) -> int:
    rows = board()
    print(summary(rows) + "\n")
    print("\n".join(board_lines(rows)))
    print("\n" + next_step(rows))
    return 0
