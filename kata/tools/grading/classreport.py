"""The class report: what an instructor reads before the next lecture.

Tools side; built from the reports ``grade_submission`` returned. For each
exercise (most often failed first): how many submissions failed it and its
mean score; for each test (a parametrized test counts once, with all its
cases): how many of the submissions whose exercise ran to the end failed it,
and their failure messages, grouped by diagnosis, most common first (those
stopped by a timeout or a crash are listed apart). Written as
``class-report.md`` and ``class-report.json``.

A message is grouped by the function it names and its "This looks like:"
diagnosis (or its "Concept:" line when it gives none), else by its first line
without the value found, so that the same mistake made on other numbers, or by
another learner, lands in one group.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter, OrderedDict
from pathlib import Path
from typing import Dict, List, Mapping

from kata import catalog
from kata.tools.common import write_atomically
from kata.tools.grading import gradebook

SHOWN_MESSAGES = 3
SHOWN_NAMES = 6
MESSAGE_CHARACTERS = 400
_FOUND = re.compile(r";\s+found\b.*$")
_FAILED = re.compile(r"^Failed:\s*")  # pytest.fail's prefix in JUnit messages
UNFINISHED = ("timeout", "crashed")
LESSON_ORDER = {exercise.name: position for position, exercise in enumerate(catalog.EXERCISES)}


def score(value: float) -> str:
    """A percentage as the report writes every score: one decimal, always (95.0 %, 95.6 %)."""
    return f"{value:.1f} %"


def in_lesson_order(names) -> List[str]:
    return sorted(names, key=lambda name: LESSON_ORDER.get(name, len(LESSON_ORDER)))


def diagnosis(message: str, label: str) -> str:
    """The part of a failure message that names the mistake, not the submission's values:
    "ex5_1 `relu` / This looks like: abs() instead of ReLU." (or its Concept line when it
    gives no diagnosis), else the first line without the value found."""
    lines = [line.strip() for line in message.replace(label, "<submission>").splitlines() if line.strip()]
    if not lines:
        return "(no message)"
    first = _FAILED.sub("", lines[0])
    named = next((line for line in lines[1:] if line.startswith("This looks like:")),
                 next((line for line in lines[1:] if line.startswith("Concept:")), None))
    if named:
        return f"{first.split(':', 1)[0]} / {named}"
    return _FOUND.sub("", first)


def _shortened(message: str, label: str) -> str:
    text = " / ".join(_FAILED.sub("", line.strip()) for line in
                      message.replace(label, "<submission>").splitlines() if line.strip())
    return text if len(text) <= MESSAGE_CHARACTERS else text[:MESSAGE_CHARACTERS - 3] + "..."


def build(reports: Mapping[str, dict], points: Mapping[str, float], test_counts: Mapping[str, int],
          fingerprint: str) -> dict:
    statuses = Counter(report["status"] for report in reports.values())
    totals = [gradebook.total(report, points) for report in reports.values()]
    graded = {name: report for name, report in reports.items() if report["status"] != "refused"}
    exercises = [_exercise(name, graded, points[name], test_counts[name]) for name in points]
    exercises.sort(key=lambda e: (-e["failure_rate"], e["mean_percent"], LESSON_ORDER.get(e["exercise"], 0)))
    return {
        "submissions": len(reports),
        "graded": len(graded),
        "fingerprint": fingerprint,
        "statuses": {status: statuses[status] for status in sorted(statuses)},
        "total": {"mean": round(statistics.mean(totals), 1) if totals else 0.0,
                  "median": round(statistics.median(totals), 1) if totals else 0.0,
                  "lowest": round(min(totals), 1) if totals else 0.0,
                  "highest": round(max(totals), 1) if totals else 0.0},
        "refused": {name: report["reason"] for name, report in sorted(reports.items())
                    if report["status"] == "refused"},
        # without a grade: refused, or their grading failed (kata grade --class exits 1)
        "not_graded": {name: report["reason"] for name, report in sorted(reports.items())
                       if not report.get("exercises")},
        "exercises": exercises,
    }


def _exercise(name: str, graded: Mapping[str, dict], points: float, tests: int) -> dict:
    """One exercise across the class. Per-test statistics count the submissions whose
    exercise ran to the end; those stopped by a timeout or a crash are listed apart
    (every test of theirs failed, for that one reason)."""
    failing, shares, unfinished, finished = [], [], {}, 0
    per_test: "OrderedDict[str, Dict[str, object]]" = OrderedDict()
    for submission in sorted(graded):
        report = graded[submission]
        row = next((r for r in report["exercises"] if r["exercise"] == name), None)
        if row is None:
            continue
        shares.append(gradebook.percent(row))
        if row["failed"]:
            failing.append(submission)
        if row["status"] in UNFINISHED:
            unfinished[submission] = f"{row['status']}: {row['reason']}"
            continue
        finished += 1
        seen = set()
        for failure in row["failures"]:
            test = failure["test"].split("[")[0]
            entry = per_test.setdefault(test, {"submissions": [], "cases": set(), "groups": Counter(),
                                               "examples": {}})
            entry["cases"].add(failure["test"])
            if submission not in entry["submissions"]:
                entry["submissions"].append(submission)
            group = diagnosis(failure["message"], report["solutions"])
            if (test, group) not in seen:  # a submission counts once per test and diagnosis
                seen.add((test, group))
                entry["groups"][group] += 1
                entry["examples"].setdefault(group, _shortened(failure["message"], report["solutions"]))
    count = len(shares)
    ranked = sorted(per_test.items(), key=lambda item: (-len(item[1]["submissions"]), item[0]))
    return {
        "exercise": name,
        "points": points,
        "tests": tests,
        "graded": count,
        "failed_by": len(failing),
        "failure_rate": round(len(failing) / count, 3) if count else 0.0,
        "mean_percent": round(statistics.mean(shares), 1) if shares else 0.0,
        "failing": failing,
        "unfinished": unfinished,
        "finished": finished,
        "failed_tests": [{
            "test": test,
            "failed_by": len(entry["submissions"]),
            "submissions": entry["submissions"],
            "cases_failed": len(entry["cases"]),
            "messages": [{"count": number, "diagnosis": group, "example": entry["examples"][group]}
                         for group, number in sorted(entry["groups"].items(), key=lambda g: (-g[1], g[0]))],
        } for test, entry in ranked],
    }


def _names(names: List[str]) -> str:
    shown = ", ".join(names[:SHOWN_NAMES])
    return shown + (f" and {len(names) - SHOWN_NAMES} more" if len(names) > SHOWN_NAMES else "")


def markdown(report: dict) -> str:
    statuses = ", ".join(f"{count} {status}" for status, count in report["statuses"].items())
    total = report["total"]
    lines = [
        "# Class report", "",
        f"{report['submissions']} submissions ({statuses}), graded on "
        f"{', '.join(in_lesson_order(e['exercise'] for e in report['exercises']))}.",
        f"Total: mean {score(total['mean'])}, median {score(total['median'])}, "
        f"lowest {score(total['lowest'])}, highest {score(total['highest'])}.", "",
        "## Exercises, most often failed first", "",
        "| exercise | points | tests | submissions failing it | mean score |",
        "|---|---:|---:|---:|---:|",
    ]
    for exercise in report["exercises"]:
        rate = f"{exercise['failed_by']} of {exercise['graded']} ({score(100 * exercise['failure_rate'])})"
        lines.append(f"| {exercise['exercise']} | {gradebook.number(exercise['points'])} | "
                     f"{exercise['tests']} | {rate} | {score(exercise['mean_percent'])} |")
    if report["not_graded"]:
        lines += ["", "## Not graded", ""]
        lines += [f"- {name}: {reason}" for name, reason in report["not_graded"].items()]
    lines += ["", "## Tests, most often failed first", ""]
    for exercise in report["exercises"]:
        if not exercise["failed_tests"] and not exercise["unfinished"]:
            continue
        lines += [f"### {exercise['exercise']}", ""]
        if exercise["unfinished"]:
            stopped = "; ".join(f"{name} ({why})" for name, why in exercise["unfinished"].items())
            lines += [f"Did not run to the end, so left out below: {stopped}.", ""]
        for test in exercise["failed_tests"]:
            cases = f", {test['cases_failed']} cases" if test["cases_failed"] > 1 else ""
            lines.append(f"- `{test['test']}`: failed by {test['failed_by']} of {exercise['finished']}"
                         f"{cases} ({_names(test['submissions'])})")
            for message in test["messages"][:SHOWN_MESSAGES]:
                lines.append(f"  - {message['count']}x: {message['example']}")
            hidden = len(test["messages"]) - SHOWN_MESSAGES
            if hidden > 0:
                lines.append(f"  - ... and {hidden} other message{'s' if hidden > 1 else ''} "
                             f"(class-report.json has them all)")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write(folder: Path, reports: Mapping[str, dict], points: Mapping[str, float],
          test_counts: Mapping[str, int], fingerprint: str) -> dict:
    report = build(reports, points, test_counts, fingerprint)
    write_atomically(folder / "class-report.json", json.dumps(report, indent=2))
    write_atomically(folder / "class-report.md", markdown(report))
    return report
