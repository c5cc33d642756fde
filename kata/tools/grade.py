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

Today it grades through pytest processes (``runner.run_tests``), in two passes:
first every exercise in one process (the common case: one start-up, and a model
trained once is shared by the exercises that use it); then each exercise that
did not report every one of its tests there (a crash, a hang: the process is
killed and its report lost) again in a process of its own, under its own time
limit, so that a hang or a crash costs only that exercise (and those that
import it). An exercise whose tests took longer than its limit in the first pass
is ``timeout`` as well. The sandboxed judge will replace these internals and
keep the signature and the report.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, TypeVar

from kata import catalog
from kata.tools.common import UsageError, write_atomically
from kata.tools.grading import suite
from kata.tools.grading.gradebook import percent
from kata.tools.runner import Outcome, Run, run_tests

# Statuses, best first; a submission has the worst of its exercises'.
STATUSES = ("ok", "failed", "crashed", "timeout", "refused")
# A run_tests call that outlives its own timeout by this much is abandoned
# (a process the submission started keeps its output pipes open).
GRACE_SECONDS = 60.0
# In the first pass a test past its own time limit ends the process (pytest-timeout's
# timer thread), even when the code under test ignores SIGALRM: its exercise is then
# graded alone, where the limit is enforced from outside.
TOGETHER = ("-o", "timeout_method=thread")

T = TypeVar("T")


class _Abandoned(Exception):
    pass


def grade_submission(tree: Path, timeout: Optional[float] = None,
                     exercises: Optional[Sequence[str]] = None) -> dict:
    """Grade the solution tree ``tree`` on ``exercises`` (default: all), each exercise
    bounded by ``timeout`` seconds (default: its own limit, ``suite.default_limit``).

    Returns ``{"solutions", "status", "reason", "seconds", "exercises": [...]}`` where
    each exercise is ``{"exercise", "passed", "failed", "seconds", "wall_seconds",
    "failures": [{"test", "message"}], "status", "reason"}``; ``status`` is one of
    ``ok``, ``failed``, ``crashed``, ``timeout`` (and, for a submission, ``refused``).
    At the top, ``seconds`` is the wall time of the whole grade; per exercise, ``seconds``
    is the time of its tests and ``wall_seconds`` adds its share of starting the
    processes that ran them (for an exercise stopped at its limit, both are that time).
    """
    started = time.monotonic()
    tree = Path(tree).resolve()
    selected = suite.selection(exercises) if exercises else list(catalog.EXERCISES)
    expected = suite.expected_tests([e.name for e in selected])
    limits = {e.name: float(timeout) if timeout else suite.default_limit(e) for e in selected}
    rows = _together(tree, selected, expected, limits)
    for exercise in selected:
        if exercise.name not in rows:
            rows[exercise.name] = _alone(tree, exercise, expected[exercise.name], limits[exercise.name])
    ordered = [rows[e.name] for e in selected]
    status, reason = summary(ordered)
    return {"solutions": str(tree), "status": status, "reason": reason,
            "seconds": round(time.monotonic() - started, 3), "exercises": ordered}


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


def _together(tree: Path, selected: List[catalog.Exercise], expected: Dict[str, List[str]],
              limits: Dict[str, float]) -> Dict[str, dict]:
    """The first pass: every exercise in one process. Returns the rows of the exercises
    all of whose tests reported; the others are graded alone."""
    if len(selected) < 2:
        return {}
    names = [e.name for e in selected]
    budget = sum(limits.values())
    started = time.monotonic()
    try:
        run = _within(lambda: run_tests(tree, names, extra_args=[*suite.MARKS, *TOGETHER], timeout=budget),
                      budget + GRACE_SECONDS)
    except (subprocess.TimeoutExpired, _Abandoned):
        return {}
    reported = [_reported(run, e) for e in selected]
    tests_time = sum(sum(o.seconds for o in mine.values()) for mine in reported) or 1.0
    start_up = max(0.0, time.monotonic() - started - tests_time)
    rows = {}
    for exercise, mine in zip(selected, reported):
        if any(test not in mine for test in expected[exercise.name]):
            continue
        took = sum(o.seconds for o in mine.values())
        limit = limits[exercise.name]
        if took > limit:
            rows[exercise.name] = _unanswered(exercise, expected[exercise.name], "timeout",
                                              f"ran {took:.0f} s, past its limit of {limit:g} s", took)
        else:
            rows[exercise.name] = _scored(exercise, expected[exercise.name], run,
                                          took + start_up * took / tests_time)
    return rows


def _alone(tree: Path, exercise: catalog.Exercise, expected: List[str], limit: float) -> dict:
    """The second pass: one exercise in a process of its own, killed after ``limit`` s."""
    started = time.monotonic()
    try:
        run = _within(lambda: run_tests(tree, [exercise.name], extra_args=suite.MARKS, timeout=limit),
                      limit + GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        return _unanswered(exercise, expected, "timeout", f"no answer within {limit:g} s: killed",
                           time.monotonic() - started)
    except _Abandoned:
        return _unanswered(exercise, expected, "timeout",
                           f"no answer within {limit:g} s: killed, but a process it started "
                           f"kept running", time.monotonic() - started)
    return _scored(exercise, expected, run, time.monotonic() - started)


def _reported(run: Run, exercise: catalog.Exercise) -> Dict[str, Outcome]:
    return {suite.test_key(o.case): o for o in run.outcomes if o.exercise == exercise.name}


def _scored(exercise: catalog.Exercise, expected: List[str], run: Run, wall: float) -> dict:
    reported = _reported(run, exercise)
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
           "wall_seconds": round(wall, 3), "failures": failures,
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
                seconds: float) -> dict:
    return {"exercise": exercise.name, "passed": 0, "failed": len(expected), "seconds": round(seconds, 3),
            "wall_seconds": round(seconds, 3),
            "failures": [{"test": test, "message": reason} for test in expected],
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
    try:
        report = submissions.grade_snapshot(snapshot, submissions.label_of(source, snapshot),
                                            plan.timeout, plan.exercise_names)
    except suite.SuiteError as error:
        print(f"kata: {error}", file=sys.stderr)
        return 1
    total = gradebook.total(report, plan.points)
    print_table(report, total)
    if len({points for points in plan.points.values()}) > 1:
        print(f"(the total weighs the exercises by their points in {plan.config_source})")
    if json_path:
        write_atomically(Path(json_path), json.dumps(report, indent=2))
        print(f"\nJSON report written to {json_path}")
    return 0 if report["status"] == "ok" else 1
