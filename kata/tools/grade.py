"""``kata grade``: score one submission, or a whole class.

Tools side of the trust boundary. ``grade_submission`` is the one function
through which every grade is made, for one submission on the command line,
for each submission of a class, and on each Dask worker; everything else in
grading only prepares its input and writes down its output.

What grade_submission promises (the rest of grading relies on exactly this):

- it is given a folder laid out like ``exercises/`` that nothing else uses
  while it runs, a time limit per exercise and the exercises to grade;
- every test the instructor's suite defines for an exercise is expected: one
  that fails, errors, is skipped, or never reports (a crash, a kill) counts as
  failed, with its message or the reason;
- an exercise that runs past its limit is stopped and is ``timeout``;
- it returns plain data (see ``grade_submission``) and never raises for
  anything the submission does.

Today each exercise runs in its own pytest process (``runner.run_tests``), so
that a hang or a crash costs only that exercise (and those that import it).
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, TypeVar

from kata import catalog
from kata.tools.common import UsageError, write_atomically
from kata.tools.grading import suite
from kata.tools.grading.gradebook import percent
from kata.tools.runner import Run, run_tests

# Statuses, best first; a submission has the worst of its exercises'.
STATUSES = ("ok", "failed", "crashed", "timeout", "refused")
# A run_tests call that outlives its own timeout by this much is abandoned
# (a process the submission started keeps its output pipes open).
GRACE_SECONDS = 60.0

T = TypeVar("T")


class _Abandoned(Exception):
    pass


def grade_submission(tree: Path, timeout: Optional[float] = None,
                     exercises: Optional[Sequence[str]] = None) -> dict:
    """Grade the solution tree ``tree`` on ``exercises`` (default: all), each exercise
    bounded by ``timeout`` seconds (default: its own limit, ``suite.default_limit``).

    Returns ``{"solutions", "status", "reason", "exercises": [...]}`` where each
    exercise is ``{"exercise", "passed", "failed", "seconds", "wall_seconds",
    "failures": [{"test", "message"}], "status", "reason"}``; ``status`` is one of
    ``ok``, ``failed``, ``crashed``, ``timeout`` (and, for a submission, ``refused``).
    """
    tree = Path(tree).resolve()
    selected = suite.selection(exercises) if exercises else list(catalog.EXERCISES)
    expected = suite.expected_tests([e.name for e in selected])
    rows = [_grade_exercise(tree, e, expected[e.name],
                            timeout if timeout else suite.default_limit(e)) for e in selected]
    status, reason = summary(rows)
    return {"solutions": str(tree), "status": status, "reason": reason, "exercises": rows}


def summary(rows: List[dict]) -> tuple:
    """A submission's status (its exercises' worst) and a one-line reason."""
    status = max((row["status"] for row in rows), key=STATUSES.index, default="ok")
    if status == "ok":
        return status, ""
    if status == "failed":
        failing = [row for row in rows if row["failed"]]
        count = sum(row["failed"] for row in failing)
        return status, (f"{count} test{'s' if count != 1 else ''} failed in "
                        f"{', '.join(row['exercise'] for row in failing)}")
    worst = [row for row in rows if row["status"] == status]
    more = f" (and {len(worst) - 1} more exercise{'s' if len(worst) > 2 else ''})" if len(worst) > 1 else ""
    return status, f"{worst[0]['exercise']}: {worst[0]['reason']}{more}"


def _grade_exercise(tree: Path, exercise: catalog.Exercise, expected: List[str], limit: float) -> dict:
    started = time.monotonic()
    try:
        run = _within(lambda: run_tests(tree, [exercise.name], extra_args=suite.MARKS, timeout=limit),
                      limit + GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        return _unanswered(exercise, expected, "timeout", f"no answer within {limit:g} s: killed",
                           started)
    except _Abandoned:
        return _unanswered(exercise, expected, "timeout",
                           f"no answer within {limit:g} s: killed, but a process it started "
                           f"kept running", started)
    return _scored(exercise, expected, run, started)


def _scored(exercise: catalog.Exercise, expected: List[str], run: Run, started: float) -> dict:
    reported = {suite.test_key(o.case): o for o in run.outcomes if o.exercise == exercise.name}
    failures, passed, silent = [], 0, 0
    ended = f"the grading process ended (exit status {run.returncode}) before reporting it"
    for test in expected:
        outcome = reported.get(test)
        if outcome is None:
            silent += 1
            failures.append({"test": test, "message": f"did not run: {ended}"})
        elif outcome.passed:
            passed += 1
        elif outcome.skipped:
            failures.append({"test": test, "message": f"skipped ({outcome.message}); a test that "
                                                      f"does not run counts as failed"})
        else:
            failures.append({"test": test, "message": outcome.message})
    row = {"exercise": exercise.name, "passed": passed, "failed": len(failures),
           "seconds": round(sum(o.seconds for o in reported.values()), 3),
           "wall_seconds": round(time.monotonic() - started, 3), "failures": failures,
           "status": "ok" if not failures else "failed", "reason": ""}
    if silent:
        row["status"] = "crashed"
        row["reason"] = (f"the grading process ended (exit status {run.returncode}) before "
                         f"reporting {'any of the' if silent == len(expected) else f'{silent} of the'} "
                         f"{len(expected)} tests")
    elif failures:
        row["reason"] = f"{len(failures)} of {len(expected)} tests failed"
    return row


def _unanswered(exercise: catalog.Exercise, expected: List[str], status: str, reason: str,
                started: float) -> dict:
    elapsed = round(time.monotonic() - started, 3)
    return {"exercise": exercise.name, "passed": 0, "failed": len(expected), "seconds": elapsed,
            "wall_seconds": elapsed, "failures": [{"test": test, "message": reason} for test in expected],
            "status": status, "reason": reason}


def _within(call: Callable[[], T], seconds: float) -> T:
    """``call()``, or _Abandoned when it has not returned after ``seconds``."""
    box: Dict[str, object] = {}

    def target():
        try:
            box["value"] = call()
        except BaseException as error:  # handed to the caller below
            box["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise _Abandoned()
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


def print_table(report: dict, total: float) -> None:
    rows = report["exercises"]
    width = max([len("exercise"), len("total")] + [len(row["exercise"]) for row in rows])
    print(f"{'exercise':<{width}}  passed  failed  score")
    for row in rows:
        counted = row["passed"] + row["failed"]
        score = f"{percent(row):.0f}%" if counted else "-"
        note = f"  {row['status']}: {row['reason']}" if row["status"] in ("timeout", "crashed") else ""
        print(f"{row['exercise']:<{width}}  {row['passed']:>6}  {row['failed']:>6}  {score:>5}{note}")
    print(f"{'total':<{width}}  {sum(r['passed'] for r in rows):>6}  "
          f"{sum(r['failed'] for r in rows):>6}  {total:>4.0f}%")


def command_grade(args) -> int:
    from kata.tools.grading import classrun

    plan = classrun.plan_from_arguments(args)
    if not plan.is_class:
        return _grade_one(plan, args.json)
    if args.json:
        raise UsageError("--json is for one submission; a class gets one JSON per submission "
                         "in --out")
    return classrun.grade_class(plan)


def _grade_one(plan, json_path: Optional[str]) -> int:
    from kata.tools.grading import gradebook, submissions

    if json_path and (Path(json_path).suffix.lower() != ".json" or not Path(json_path).parent.is_dir()):
        raise UsageError(f"{json_path}: the report goes to a file ending in .json, in a folder that "
                         f"exists")
    source = plan.sources[0]
    snapshot = submissions.snapshot_or_usage_error(source)
    report = submissions.grade_snapshot(snapshot, source.label, plan.timeout, plan.exercise_names)
    total = gradebook.total(report, plan.points)
    print_table(report, total)
    if len({points for points in plan.points.values()}) > 1:
        print(f"(the total weighs the exercises by their points in {plan.config_source})")
    if json_path:
        write_atomically(Path(json_path), json.dumps(report, indent=2))
        print(f"\nJSON report written to {json_path}")
    return 0 if report["status"] == "ok" else 1
