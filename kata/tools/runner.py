"""Run the exercise tests in a separate pytest process and read back each outcome.

Used wherever one process must judge several solution trees (the gallery
meta-test, grading): a tree's modules are imported by exercise name, so two
trees never share a process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence

from kata import catalog
from kata.worker import trees as solutions

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Outcome:
    """One test's result: ``test`` is the function name, ``case`` the full id."""

    exercise: str
    test: str
    case: str
    passed: bool
    message: str
    seconds: float
    skipped: bool = False


@dataclass(frozen=True)
class Run:
    returncode: int
    outcomes: List[Outcome]
    output: str

    def counted(self) -> List[Outcome]:
        """The outcomes of the tests that ran (skipped ones, such as --full tests, left out)."""
        return [o for o in self.outcomes if not o.skipped]

    def failed(self) -> List[Outcome]:
        return [o for o in self.counted() if not o.passed]


def run_tests(tree: Path, targets: Sequence[str], extra_args: Sequence[str] = (),
              timeout: Optional[float] = None, root: Path = REPO_ROOT) -> Run:
    """Run ``pytest exercises/<name> ... --solutions tree`` in the checkout ``root``
    (this one, or a copy such as a learner release) and collect the outcomes.

    A target is an exercise name or a pytest node id below ``exercises/``.
    """
    env = {k: v for k, v in os.environ.items()
           if k not in (solutions.ENV_VAR, "PYTEST_ADDOPTS", "PYTEST_CURRENT_TEST")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # leave no __pycache__ in the trees it runs (a release)
    with tempfile.TemporaryDirectory(prefix="kata-run-") as scratch:
        report = Path(scratch) / "report.xml"
        command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                   f"--solutions={tree}", f"--junitxml={report}", *extra_args,
                   *(f"exercises/{target}" for target in targets)]
        process = subprocess.run(command, cwd=root, env=env, capture_output=True,
                                 text=True, timeout=timeout)
        outcomes = read_junit(report) if report.exists() else []
    return Run(process.returncode, outcomes, process.stdout + process.stderr)


def read_junit(path: Path) -> List[Outcome]:
    outcomes = []
    for case in ElementTree.parse(path).iter("testcase"):
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        skipped = case.find("skipped")
        classname = case.get("classname", "")
        exercise = next((part for part in classname.split(".") if part in catalog.BY_NAME), "")
        name = case.get("name", "")
        message = ""
        if problem is not None:
            message = problem.get("message") or problem.text or ""
        elif skipped is not None:
            message = skipped.get("message") or "skipped"
        outcomes.append(Outcome(exercise=exercise, test=name.split("[")[0], case=name,
                                passed=problem is None and skipped is None, message=message,
                                seconds=float(case.get("time") or 0.0),
                                skipped=problem is None and skipped is not None))
    return outcomes


def stub_problems(run: Run) -> List[str]:
    """What is wrong with a run on untouched stubs, which must fail every test it runs
    and say "not implemented yet" each time: one line per offending test."""
    counted = run.counted()
    if not counted:
        return ["no test ran:\n" + run.output[-3000:]]
    return ([f"{o.exercise} {o.case} passes on the untouched stubs, so it tests nothing"
             for o in counted if o.passed]
            + [f"{o.exercise} {o.case} fails without saying 'not implemented yet': {o.message}"
               for o in counted if not o.passed and "not implemented yet" not in o.message])
