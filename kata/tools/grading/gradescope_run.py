"""What ``run_autograder`` runs on Gradescope, for one submission:
``python -m kata.tools.grading.gradescope_run`` from the bundle's ``dnn-kata/``.

Tools side. It finds the learner's files in ``$ROOT/submission``, grades them
through ``submissions.grade_snapshot`` (the path every ``kata grade`` takes:
a scratch copy, the sandboxed judge, the same tests), and writes
``$ROOT/results/results.json`` in Gradescope's format (autograder
specification, "Output format"): ``score``, ``max_score``, ``execution_time``,
``output``, ``visibility``, ``stdout_visibility`` and ``tests``, each test with
``name``, ``score``, ``max_score``, ``status``, ``output`` (the teaching message)
and ``visibility``. An exercise's points (``gradescope.json``, from
grading.toml) are shared equally among its tests, as in the gradebook.

Why it never raises: Gradescope shows a student nothing useful when
results.json is missing, so whatever goes wrong (no exercise found, a fault of
the grader's own) still ends in a results.json that says what happened, with
0 points, and the details on stdout for the instructor.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Dict, List, Optional

from kata import catalog
from kata.tools.common import write_atomically
from kata.tools.grading import gradebook, submissions, suite
from kata.tools.grading.gradescope import DEFAULT_ROOT, ROOT_VAR, SETTINGS
from kata.tools.runner import REPO_ROOT

VISIBILITY = "visible"  # the messages teach; a student should read them after each submission
MAX_OUTPUT = 4000  # characters of one test's message shown on Gradescope
LAYOUT = ("Submit your exercise folders as they are in exercises/ (ex5_1/forward.py, ...), "
          "or the exercise modules alone (forward.py, xor.py, ...), or one .zip of either.")


def autograder_root() -> Path:
    return Path(os.environ.get(ROOT_VAR) or DEFAULT_ROOT)


def find_submission(folder: Path) -> submissions.Snapshot:
    """The learner's tree in ``folder``: laid out like exercises/ (perhaps inside one top
    folder), or the exercise modules alone, or a zip of either. NotASubmission otherwise."""
    try:
        return submissions.read_folder(folder)
    except submissions.NotASubmission as error:
        if "holds none of the exercise modules" not in str(error):
            raise
    modules = {Path(e.filename).name: e.filename for e in catalog.EXERCISES}
    bare = {modules[p.name]: p.read_bytes() for p in sorted(folder.iterdir())
            if p.name in modules and p.is_file() and not p.is_symlink()}
    if bare:
        return submissions.Snapshot(bare)
    problems = []
    for archive in sorted(p for p in folder.iterdir() if p.suffix.lower() == ".zip" and p.is_file()):
        try:
            return submissions.read_zip(archive)
        except submissions.NotASubmission as error:
            problems.append(f"{archive.name}: {error}")
    raise submissions.NotASubmission("; ".join(problems) or "no exercise module was found")


def _test(name: str, score: float, worth: float, output: str) -> dict:
    passed = score >= worth
    text = output if len(output) <= MAX_OUTPUT else output[:MAX_OUTPUT] + " [...]"
    # Unrounded: an exercise's tests share its points, and rounded shares need not add up
    # to them (43 tests of 10 points: 43 x 0.2326 = 10.0018); only the totals are rounded.
    return {"name": name, "score": score, "max_score": worth,
            "status": "passed" if passed else "failed", "output": text or ("Passed." if passed else ""),
            "visibility": VISIBILITY}


def exercise_tests(name: str, worth: float, row: Optional[dict], expected: List[str],
                   why_missing: str) -> List[dict]:
    """Gradescope's tests for one exercise: one per test of the suite when the judge's
    report accounts for each, else one for the whole exercise (its share passed)."""
    if row is None:
        return [_test(name, 0.0, worth, why_missing)]
    failed = {suite.test_key(f["test"]): f["message"] for f in row["failures"]}
    accounted = (expected and set(failed) <= set(expected)
                 and row["passed"] == len(expected) - len(failed))
    if not accounted:
        note = f"{row['status']}: {row['reason']}" if row.get("reason") else row["status"]
        messages = "\n\n".join([note, *failed.values()])
        return [_test(name, worth * gradebook.percent(row) / 100.0, worth, messages)]
    each = worth / len(expected)
    return [_test(f"{name}: {test}", 0.0 if test in failed else each, each, failed.get(test, ""))
            for test in expected]


def results(report: dict, expected: Dict[str, List[str]], points: Dict[str, float],
            seconds: float) -> dict:
    """results.json for a report of ``grade_submission`` (or a refused one)."""
    rows = {row["exercise"]: row for row in report.get("exercises", [])}
    why = report.get("reason") or "not graded"
    tests = [test for name, worth in points.items()
             for test in exercise_tests(name, worth, rows.get(name), expected.get(name, []), why)]
    status = report.get("status", "crashed")
    summary = ("Every test passed." if status == "ok" else f"{status}: {why}")
    return {"score": round(sum(test["score"] for test in tests), 4),
            "max_score": round(sum(points.values()), 4), "execution_time": int(round(seconds)),
            "output": summary, "visibility": VISIBILITY, "stdout_visibility": "hidden",
            "tests": tests}


def grade(root: Path, settings: dict) -> dict:
    started = time.monotonic()
    names, points = settings["exercises"], settings["points"]
    try:
        snapshot = find_submission(root / "submission")
    except (submissions.NotASubmission, OSError) as error:
        report = submissions.refused("submission", f"no submission to grade: {error}. {LAYOUT}")
        return results(report, {}, points, time.monotonic() - started)
    expected = suite.expected_tests(names)
    report = submissions.grade_snapshot(snapshot, "submission", settings.get("timeout"), names)
    from kata.tools.grade import print_table

    print_table(report, gradebook.total(report, points))
    if report.get("sandbox"):
        print(f"Sandbox: {report['sandbox']}")
    return results(report, expected, points, time.monotonic() - started)


def main() -> int:
    root = autograder_root()
    started = time.monotonic()
    settings = json.loads((REPO_ROOT / SETTINGS).read_text(encoding="utf-8"))
    try:
        answer = grade(root, settings)
    except Exception as error:  # the grader's own fault: still a results.json, and the trace here
        traceback.print_exc()
        failed = {"status": "crashed", "reason": f"the autograder failed ({type(error).__name__}); "
                  f"tell your instructor", "exercises": []}
        answer = results(failed, {}, settings["points"], time.monotonic() - started)
    (root / "results").mkdir(parents=True, exist_ok=True)
    write_atomically(root / "results" / "results.json", json.dumps(answer, indent=2))
    print(f"Score {answer['score']:g} of {answer['max_score']:g}; results in {root / 'results' / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
