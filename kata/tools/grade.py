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

It grades through the sandboxed judge (``kata.tools.judging``): one judge
process runs every selected exercise, the submission's code runs only in its
workers, each exercise has its time budget (``--time-limit``), and the judge
as a whole is bounded too; whatever did not finish counts as failed, with the
reason, and a grade never reads a results cache.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import List, Optional, Sequence

from kata import catalog
from kata.tools.common import UsageError, write_atomically
from kata.tools.grading import suite
from kata.tools.grading.gradebook import percent
from kata.tools.judging import judge_submission

# Statuses, best first; a submission has the worst of its exercises'.
STATUSES = ("ok", "failed", "crashed", "timeout", "refused")
# The judge's words for an exercise, as a grade says them: an untouched stub simply failed,
# an exercise none of whose tests was ever collected crashed.
GRADED = {"not started": "failed", "missing": "crashed"}


def grade_submission(tree: Path, timeout: Optional[float] = None,
                     exercises: Optional[Sequence[str]] = None) -> dict:
    """Grade the solution tree ``tree`` on ``exercises`` (default: all), each exercise
    bounded by ``timeout`` seconds (default: its own limit, ``suite.default_limit``).

    Returns ``{"solutions", "status", "reason", "sandbox", "seconds", "exercises": [...]}``
    where each exercise is ``{"exercise", "passed", "failed", "seconds", "failures":
    [{"test", "message", "result"}], "status", "reason"}``; ``status`` is one of ``ok``,
    ``failed``, ``crashed``, ``timeout`` (and, for a submission, ``refused``).
    """
    started = time.monotonic()
    selected = suite.selection(exercises) if exercises else list(catalog.EXERCISES)
    judged = judge_submission(Path(tree).resolve(), timeout, [e.name for e in selected])
    for row in judged["exercises"]:
        row["status"] = GRADED.get(row["status"], row["status"])
    judged["status"], judged["reason"] = summary(judged["exercises"])
    judged["seconds"] = round(time.monotonic() - started, 3)
    return judged


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
    wants_lms = bool(getattr(args, "roster", None) or getattr(args, "export", None))
    if wants_lms and not (plan.is_class and args.roster and args.export):
        raise UsageError("--roster and --export go together, with a class (--class FOLDER): "
                         "kata grade --class DIR --roster roster.csv --export canvas")
    if not plan.is_class:
        return _grade_one(plan, args.json)
    if args.json:
        raise UsageError("--json is for one submission; a class gets one JSON per submission "
                         "in --out")
    if wants_lms:
        plan.after = _lms_export(args, plan)
    return classrun.grade_class(plan)


def _lms_export(args, plan):
    """The step after grading that writes the LMS's CSV; the roster is read now, so that a
    bad one stops the run before any grading."""
    from kata.tools.common import shown
    from kata.tools.grading import lms

    roster = lms.read_roster(Path(args.roster).expanduser(), args.export)

    def export(entries: dict) -> None:
        path, matched = lms.export(args.export, roster, entries, sum(plan.points.values()),
                                   plan.out, args.assignment)
        print(f"{args.export.capitalize()} gradebook: {shown(path)} ({len(matched.pairs)} students)")
        lines = lms.listing(matched)
        if lines:
            print(f"Not matched ({len(lines)}); check the roster:")
            print("\n".join(lines))

    return export


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
    if report.get("sandbox"):
        print(f"Sandbox: {report['sandbox']}")
    return 0 if report["status"] == "ok" else 1
