"""The gradebook: one row per submission, the percentage of each exercise's tests
passed, a weighted total, the status and its reason.

Tools side; works on the reports that ``grade_submission`` returns.

``gradebook.csv`` columns: ``submission``, one per exercise, ``total``,
``status``, ``reason``. The first row (``submission`` = ``tests``) holds each
exercise's number of tests (and their sum under ``total``); then one row per
submission, sorted by name, so that the same grades give the same file however
they were scheduled.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Dict, Mapping, Sequence

from kata.tools.common import write_atomically

COLUMNS_AFTER = ("total", "status", "reason")


def percent(row: dict) -> float:
    counted = row["passed"] + row["failed"]
    return 100.0 * row["passed"] / counted if counted else 0.0


def exercise_percents(report: dict, names: Sequence[str]) -> Dict[str, float]:
    """Each exercise's percentage (0 where the report has none: a refused submission)."""
    rows = {row["exercise"]: row for row in report.get("exercises", [])}
    return {name: percent(rows[name]) if name in rows else 0.0 for name in names}


def total(report: dict, points: Mapping[str, float]) -> float:
    """The weighted percentage: each exercise's share of its tests passed, times its
    points, over all the points."""
    shares = exercise_percents(report, list(points))
    possible = sum(points.values())
    return sum(shares[name] * weight for name, weight in points.items()) / possible if possible else 0.0


def points_earned(report: dict, points: Mapping[str, float]) -> float:
    return total(report, points) * sum(points.values()) / 100.0


def number(value: float) -> str:
    """A percentage as the gradebook writes it: at most one decimal, no trailing zero."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def render(reports: Mapping[str, dict], points: Mapping[str, float],
           test_counts: Mapping[str, int]) -> str:
    names = list(points)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["submission", *names, *COLUMNS_AFTER])
    writer.writerow(["tests", *(test_counts[name] for name in names),
                     sum(test_counts[name] for name in names), "", ""])
    for submission in sorted(reports):
        report = reports[submission]
        shares = exercise_percents(report, names)
        writer.writerow([submission, *(number(shares[name]) for name in names),
                         number(total(report, points)), report["status"], report.get("reason", "")])
    return buffer.getvalue()


def write(path: Path, reports: Mapping[str, dict], points: Mapping[str, float],
          test_counts: Mapping[str, int]) -> None:
    write_atomically(path, render(reports, points, test_counts))
