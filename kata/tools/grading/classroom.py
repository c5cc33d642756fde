"""The GitHub Classroom autograding workflow that ``kata release OUTDIR --classroom``
writes to ``OUTDIR/.github/workflows/classroom.yml``.

Tools side. One ``classroom-resources/autograding-command-grader@v1`` step per
graded exercise (its points from grading.toml as ``max-score``; the step
passes when every test of the exercise passes), then the
``autograding-grading-reporter@v1`` step that adds them up. That grader runs
each ``setup-command`` and ``command`` with ``/bin/sh`` and only ``PATH`` and
``HOME`` in the environment, so the commands set what they need themselves,
and MNIST comes from Keras's cache under ``HOME`` (downloaded once).

The YAML is written by hand (no YAML library needed at release time); every
string is a JSON string, which YAML reads as a double-quoted scalar.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import List, Optional

from kata import catalog
from kata.tools.common import write_atomically
from kata.tools.grading import config as grading_config
from kata.tools.grading import suite

WORKFLOW = Path(".github") / "workflows" / "classroom.yml"
GRADER = "classroom-resources/autograding-command-grader@v1"
REPORTER = "classroom-resources/autograding-grading-reporter@v1"
PYTHON = "3.11"
# Imported by the tests; when one is missing, the step installs the kata first.
NEEDED = ("numpy", "tensorflow", "keras", "matplotlib", "pytest", "pytest_timeout")
SETUP = ("python3 -c \"import importlib.util as u, sys; "
         f"sys.exit(any(u.find_spec(m) is None for m in {NEEDED!r}))\" "
         "|| python3 -m pip install --quiet -e .")
# Minutes added to an exercise's limit for the step: starting Python, and the setup check.
SLACK_MINUTES = 2


def command(exercise: catalog.Exercise) -> str:
    """The grading command of one exercise, as the grader runs it from the repository root."""
    return (f"PYTHONDONTWRITEBYTECODE=1 TF_CPP_MIN_LOG_LEVEL=3 python3 -m pytest "
            f"exercises/{exercise.name} -p no:cacheprovider -q {suite.MARKS[0]} \"{suite.MARKS[1]}\"")


def step_id(exercise: catalog.Exercise) -> str:
    """The grader step's id; the reporter reads its result from ``ID.upper() + "_RESULTS"``."""
    return exercise.name


def minutes(exercise: catalog.Exercise, timeout: Optional[float]) -> int:
    return math.ceil((timeout or suite.default_limit(exercise)) / 60) + SLACK_MINUTES


def render(settings: grading_config.GradingConfig) -> str:
    graded = suite.selection(settings.points)
    text = json.dumps
    lines: List[str] = [
        "# GitHub Classroom autograding for dnn-kata, written by `kata release --classroom`.",
        "# One step per exercise: it earns its points when every test of the exercise passes.",
        "# The grader gives each command only PATH and HOME; the commands set the rest.",
        "name: Autograding Tests",
        "\"on\":",
        "  - push",
        "  - repository_dispatch",
        "permissions:",
        "  checks: write",
        "  actions: read",
        "  contents: read",
        "jobs:",
        "  run-autograding-tests:",
        "    runs-on: ubuntu-latest",
        "    if: github.actor != 'github-classroom[bot]'",
        "    steps:",
        "      - name: Checkout code",
        "        uses: actions/checkout@v4",
        "      - name: Set up Python",
        "        uses: actions/setup-python@v5",
        "        with:",
        f"          python-version: {text(PYTHON)}",
        "      - name: Install the kata",
        "        run: python -m pip install --quiet -e .",
    ]
    for exercise in graded:
        lines += [
            f"      - name: {text(exercise.name)}",
            f"        id: {step_id(exercise)}",
            f"        uses: {GRADER}",
            "        with:",
            f"          test-name: {text(f'{exercise.name}: {exercise.title}')}",
            f"          setup-command: {text(SETUP)}",
            f"          command: {text(command(exercise))}",
            f"          timeout: {minutes(exercise, settings.timeout)}",
            f"          max-score: {int(round(settings.points[exercise.name]))}",
        ]
    lines += [
        "      - name: Autograding Reporter",
        f"        uses: {REPORTER}",
        "        env:",
    ]
    lines += [f"          {step_id(e).upper()}_RESULTS: "
              f"{text('${{steps.' + step_id(e) + '.outputs.result}}')}" for e in graded]
    lines += [
        "        with:",
        f"          runners: {text(','.join(step_id(e) for e in graded))}",
    ]
    return "\n".join(lines) + "\n"


def write_workflow(outdir: Path, settings: Optional[grading_config.GradingConfig] = None) -> Path:
    """Write the workflow into the release ``outdir``; return its path."""
    settings = settings or grading_config.load()
    path = outdir / WORKFLOW
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, render(settings))
    return path
