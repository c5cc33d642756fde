"""The pytest side of the kata: the ``--solutions`` switch, MNIST, and failures
that read as a to-do list rather than a wall of tracebacks.

Loaded by the repository's ``conftest.py``; it does nothing outside this repo.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import pytest

from kata import catalog, quiet
from kata.worker import trees as solutions

quiet.environment()  # before any test module can import TensorFlow
os.environ["MPLBACKEND"] = "Agg"  # plots render off-screen: no window ever blocks a test

TIMEOUT_MARKER = "from pytest-timeout"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("kata", "dnn-kata")
    group.addoption(
        "--solutions",
        metavar="DIR",
        default=None,
        help="test the solution tree DIR (laid out like exercises/) instead of the learner's "
        f"exercises/; 'reference' tests the reference solutions. Default: ${solutions.ENV_VAR} "
        "if set, else exercises/.",
    )
    group.addoption(
        "--full",
        action="store_true",
        help="also run the lesson's full-length training runs (80 epochs for ex5_7 and ex5_8; "
        "tens of minutes on a CPU) and check the lesson's claims against them.",
    )
    group.addoption(
        "--keep-plots",
        metavar="DIR",
        default=None,
        help="save the figures of the plotting exercises as PNG files in DIR, from the "
        "lesson's full training run, so that a person can look at them.",
    )


def pytest_collection_modifyitems(config: pytest.Config, items) -> None:
    if config.getoption("--full"):
        return
    skip = pytest.mark.skip(reason="the lesson's full-length run; pass --full to run it")
    for item in items:
        if item.get_closest_marker("full"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def keep_plots(pytestconfig) -> Optional[Path]:
    """The folder given by --keep-plots (created if needed), or None."""
    value = pytestconfig.getoption("--keep-plots")
    if not value:
        return None
    folder = Path(value).expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def pytest_configure(config: pytest.Config) -> None:
    value = config.getoption("--solutions") or os.environ.get(solutions.ENV_VAR)
    try:
        tree = solutions.resolve_tree(value, config.rootpath, config.invocation_params.dir)
    except solutions.TreeNotFound as error:
        raise pytest.UsageError(str(error)) from None
    solutions.activate(tree)
    for line in quiet.KNOWN_WARNINGS:
        config.addinivalue_line("filterwarnings", line)
    config.pluginmanager.register(KataReporter(config, tree), "kata-reporter")


def pytest_report_header(config: pytest.Config) -> str:
    return f"kata: testing the solutions in {solutions.active_root()}"


def pytest_runtest_setup(item: pytest.Item) -> None:
    quiet.tensorflow_logs()  # no-op until a solution has imported TensorFlow


@dataclass
class ExerciseTally:
    passed: int = 0
    failed: int = 0
    todo: "OrderedDict[Tuple[str, str], None]" = field(default_factory=OrderedDict)


class KataReporter:
    """Rewrites stub and timeout failures into one line, and closes the run with
    a summary per exercise that says what to do next."""

    def __init__(self, config: pytest.Config, tree: Path):
        self.config = config
        self.tree = tree
        self.exercises_dir = (config.rootpath / solutions.DEFAULT_TREE).resolve()
        self.tallies: Dict[str, ExerciseTally] = OrderedDict()

    def exercise_of(self, item: pytest.Item) -> Optional[str]:
        owner = solutions.owner_of(Path(item.path), self.exercises_dir)
        return owner if owner in catalog.BY_NAME else None

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        outcome = yield
        report = outcome.get_result()
        report.sections = [(title, quiet.strip_native_logs(content) if "stderr" in title else content)
                           for title, content in report.sections]
        report.sections = [(title, content) for title, content in report.sections if content.strip()]
        exercise = self.exercise_of(item)
        if exercise is None or call.excinfo is None or not report.failed:
            return
        excinfo = call.excinfo
        frame = solutions.innermost_frame_in(excinfo.tb, self.tree)
        if excinfo.errisinstance(NotImplementedError) and frame is not None:
            report.longrepr, todo = self._not_implemented(exercise, frame, excinfo.value)
            report.kata_todo = todo
        elif excinfo.errisinstance(pytest.fail.Exception) and TIMEOUT_MARKER in str(excinfo.value):
            report.longrepr = self._timed_out(exercise, item, frame)

    def _not_implemented(self, exercise: str, frame, error) -> Tuple[str, Tuple[str, str]]:
        path, _, function = frame
        owner = solutions.owner_of(path, self.tree) or exercise
        hint = str(error).strip()
        hint = f" Hint: {hint}" if hint else ""
        if owner == exercise:
            return f"{exercise} `{function}`: not implemented yet.{hint}", (owner, function)
        return (
            f"{exercise} needs {owner} `{function}`, which is not implemented yet: "
            f"finish {owner} first.{hint}",
            (owner, function),
        )

    def _timed_out(self, exercise: str, item: pytest.Item, frame) -> str:
        marker = item.get_closest_marker("timeout")
        limit = marker.args[0] if marker and marker.args else self.config.getini("timeout")
        where = f"{exercise} `{frame[2]}`" if frame else f"{exercise} ({item.name})"
        line = f", line {frame[1]} of {frame[0]}" if frame else ""
        return (
            f"{where}: still running after {limit} s, so pytest-timeout stopped it{line}. "
            f"Look for a loop whose exit condition never becomes true."
        )

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        exercise = solutions.owner_of(Path(report.fspath).resolve(), self.exercises_dir) \
            if report.fspath else None
        if exercise not in catalog.BY_NAME:
            return
        if report.when != "call" and not report.failed:
            return
        tally = self.tallies.setdefault(exercise, ExerciseTally())
        if report.passed:
            tally.passed += 1
        elif report.failed:
            tally.failed += 1
            todo = getattr(report, "kata_todo", None)
            if todo:
                tally.todo[todo] = None

    @pytest.hookimpl(hookwrapper=True, tryfirst=True)
    def pytest_terminal_summary(self, terminalreporter):
        # A wrapper around pytest's own summary, so that ours is printed last,
        # after the short test summary: it is what the learner reads first.
        yield
        if self.tallies:
            self._summarise(terminalreporter)

    def _summarise(self, terminalreporter) -> None:
        write = terminalreporter.write_line
        terminalreporter.write_sep("-", "dnn-kata")
        write(f"Solutions under test: {self._shown(self.tree)}")
        ordered = [e for e in catalog.EXERCISES if e.name in self.tallies]
        width = max(len(e.title) for e in ordered)
        name_width = max(len(e.name) for e in ordered)
        indent = " " * (name_width + 3)
        for exercise in ordered:
            tally = self.tallies[exercise.name]
            total = tally.passed + tally.failed
            status = "done" if tally.failed == 0 else f"{tally.passed} of {total} passed"
            write(f"  {exercise.name:<{name_width}} {exercise.title:<{width}}  {status}")
            mine = [f for owner, f in tally.todo if owner == exercise.name]
            others = OrderedDict((owner, None) for owner, _ in tally.todo if owner != exercise.name)
            if mine:
                write(f"{indent}not implemented yet: {', '.join(mine)}")
            if others:
                write(f"{indent}waits for: {', '.join(others)}")
        write(self._next_step(ordered))

    def _next_step(self, ordered: List[catalog.Exercise]) -> str:
        for exercise in ordered:
            tally = self.tallies[exercise.name]
            if tally.failed == 0:
                continue
            readme = self._shown(self.exercises_dir / exercise.name / "README.md")
            hints = self._shown(self.exercises_dir / exercise.name / "HINTS.md")
            module = self._shown(self.tree / exercise.filename)
            mine = [f for owner, f in tally.todo if owner == exercise.name]
            if mine:
                action = f"open {module} and implement `{mine[0]}`"
            elif tally.todo:
                action = f"finish {next(iter(tally.todo))[0]} first, then come back to {exercise.name}"
            else:
                action = f"fix {exercise.name}: each failure above says what was expected and what was found"
            return (f"Next: {action}.\n      The task is in {readme}; "
                    f"stuck? read {hints} one hint at a time.")
        names = ", ".join(e.name for e in ordered)
        return f"All selected exercises pass ({names}). Well done."

    def _shown(self, path: Path) -> str:
        """A path relative to where pytest was started, when that is shorter."""
        try:
            relative = os.path.relpath(path, self.config.invocation_params.dir)
        except ValueError:  # another drive on Windows
            return str(path)
        return str(path) if relative.startswith("..") else relative
