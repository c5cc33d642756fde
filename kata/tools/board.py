"""``kata`` and ``kata list``: the board of exercises, their status and what comes next.

The board is data (:func:`board`); :func:`board_lines` words it for a terminal and
``kata.notebook.display`` for a notebook. Runs on the tools' side: the status comes
from a separate pytest process; nothing here imports learner code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional

from kata import catalog
from kata.judge import cache as results_cache
from kata.tools import stubs, term
from kata.tools.common import EXERCISES, load_state, save_state
from kata.outcomes import ExerciseResult, Outcome
from kata.tools.runner import run_tests

QUICK = "not slow and not full"  # the board's tests: none that trains a model


def key_of(exercise: catalog.Exercise, tree: Path = EXERCISES) -> str:
    """What an exercise's status depends on, keyed as the result cache keys a training
    result (``kata.judge.cache.key_for``): the learner's modules (helpers beside them
    included), the exercises it requires, the kata's tests and code, library versions and
    the data. Equal key, same status."""
    from kata.judge.training import seed

    return results_cache.key_for("board", exercise.name, tree, EXERCISES, seed(), False)


def status_of(outcomes: List[Outcome]) -> str:
    """done, not started or in progress (kata.outcomes decides what passed)."""
    status = ExerciseResult("", list(outcomes)).status
    return {"ok": "done", "not started": "not started"}.get(status, "in progress")


def row_for(key: str, outcomes: List[Outcome], not_run: int, collected_only: bool = False) -> dict:
    """A board row: the tests counted as ``kata check`` counts them, one per case, those a
    quick run left out (they train a model) among them as ``not_run``."""
    return {"key": key, "status": "not started" if collected_only else status_of(outcomes),
            "passed": 0 if collected_only else sum(o.passed for o in outcomes),
            "total": len(outcomes) + not_run, "not_run": not_run}


def fresh_rows() -> Dict[str, dict]:
    """The saved rows whose key still holds, by exercise name; runs nothing."""
    saved = load_state("board")
    rows = {}
    for exercise in catalog.EXERCISES:
        row = saved.get(exercise.name)
        if isinstance(row, dict) and row.get("key") == key_of(exercise):
            rows[exercise.name] = row
    return rows


def record(exercise: catalog.Exercise, outcomes: List[Outcome], not_run: int = 0) -> None:
    """What a check of ``exercise`` found becomes its row: the board and ``kata check``
    never disagree, and a check never leaves the board behind it."""
    saved = load_state("board")
    if outcomes:
        saved[exercise.name] = row_for(key_of(exercise), outcomes, not_run)
    else:  # the run could not judge the code: the next board finds out again
        saved.pop(exercise.name, None)
    save_state("board", saved)


def board() -> List[dict]:
    """Status of every exercise from its quick tests (training tests deselected),
    re-run only for exercises whose key changed since their row was made."""
    return refresh(catalog.EXERCISES)


def refresh(exercises) -> List[dict]:
    """Bring the rows of ``exercises`` up to date (their quick tests, in one judge process,
    for those whose key changed); every row of the board, in order."""
    cache = load_state("board")
    keys = {e.name: key_of(e) for e in exercises}
    stale = [e for e in exercises if cache.get(e.name, {}).get("key") != keys[e.name]]
    # An untouched stub fails every test (the release and CI prove it), so for those only
    # the tests are counted, which starts no worker and trains nothing.
    untouched = [e for e in stale if stubs.is_pristine(EXERCISES, e)]
    for group, extra in (([e for e in stale if e not in untouched], []), (untouched, ["--collect-only"])):
        if not group:
            continue
        run = run_tests(EXERCISES, [e.name for e in group], extra_args=["-m", QUICK, *extra])
        for exercise in group:
            outcomes = [o for o in run.outcomes if o.exercise == exercise.name]
            cache[exercise.name] = row_for(keys[exercise.name], outcomes, run.not_run.get(exercise.name, 0),
                                           collected_only=bool(extra))
    if stale:
        save_state("board", cache)
    return [{"exercise": e, **cache[e.name]} for e in catalog.EXERCISES if e.name in cache]


def next_to_check(current: Optional[str] = None) -> Optional[catalog.Exercise]:
    """The first exercise not known to be done. Exercises before ``current`` (the one the
    learner checked last) whose rows are out of date (a library or the kata changed, an
    earlier module was edited) get the board's quick run first; from ``current`` on nothing
    runs here: ``kata check`` runs the chosen exercise's tests once, and its own result
    becomes its row."""
    names = [e.name for e in catalog.EXERCISES]
    rows = fresh_rows()
    behind = [e for e in catalog.EXERCISES[:names.index(current) if current in names else 0]
              if e.name not in rows]
    if behind:
        refresh(behind)
        rows = fresh_rows()
    return next((e for e in catalog.EXERCISES if rows.get(e.name, {}).get("status") != "done"), None)


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
        lines.append(f"  {e.name:<18} {e.title:<{width}}  {status} {count_text(row)}")
    return lines


def count_text(row: dict) -> str:
    """"9/13 tests (4 not run yet: they train a model)": counted as ``kata check`` counts."""
    text = f"{row['passed']}/{row['total']} tests"
    not_run = row.get("not_run", 0)
    if not_run and row["status"] != "not started":
        text += f" ({not_run} not run yet: {'they train' if not_run > 1 else 'it trains'} a model)"
    return text


def command_list(args) -> int:
    rows = board()
    print(summary(rows) + "\n")
    print("\n".join(board_lines(rows)))
    print("\n" + next_step(rows))
    return 0
