"""One submission, judged: every exercise's tests run by the judge, results as JSON (tools side).

This is what ``kata grade`` reports for one submission and what class grading
builds on. The judge runs in its own process; the submission's code runs only
in its sandboxed workers. Each exercise gets a time budget (``--time-limit``);
the judge process as a whole is bounded too, in time and memory, and whatever did not finish
counts as failed, with the reason. A grade never reads results kept by
earlier runs (``--no-cache``): whatever is in the submission's or the
grader's ``.kata/`` cannot change it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional

from kata import catalog
from kata.tools.runner import run_tests

STARTUP_SECONDS = 120  # the judge's own start, on top of the exercises' budgets
# The judge process's own memory (RLIMIT_DATA): it peaks at about 1.6 GiB grading the whole
# kata; every answer it reads is bounded (kata.worker.bounds), and this is the backstop.
JUDGE_MEMORY_MB = 4096


def judge_submission(tree: Path, timeout: Optional[float] = None,
                     exercises: Optional[Iterable[str]] = None) -> dict:
    """``{"solutions", "status", "reason", "sandbox", "exercises": [...]}`` for ``tree``;
    ``timeout`` bounds each exercise (default: its own limit from the catalog)."""
    chosen = [catalog.get(name) for name in exercises] if exercises else list(catalog.EXERCISES)
    budget = max((timeout or e.time_limit) for e in chosen)
    run = run_tests(tree.resolve(), [e.name for e in chosen],
                    extra_args=["-m", "not full", f"--time-limit={budget:g}", "--no-cache"],
                    timeout=STARTUP_SECONDS + sum(timeout or e.time_limit for e in chosen),
                    memory_mb=JUDGE_MEMORY_MB)
    results = run.by_exercise([e.name for e in chosen])
    rows = []
    for exercise in chosen:
        result = results[exercise.name]
        row = result.as_json()
        if not result.outcomes:
            row.update(status="crashed", reason=run.problem or "no test of this exercise was collected")
        rows.append(row)
    bad = [row for row in rows if row["status"] != "ok"]
    status = "ok" if not bad else next((s for s in ("timeout", "crashed") if any(r["status"] == s for r in bad)),
                                       "failed")
    reason = "" if not bad else bad[0]["reason"]
    if bad and not reason.startswith(bad[0]["exercise"]):
        reason = f"{bad[0]['exercise']}: {reason}"
    return {"solutions": str(tree.resolve()), "status": status, "reason": reason,
            "sandbox": run.sandbox, "exercises": rows}
