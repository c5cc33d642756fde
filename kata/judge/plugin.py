"""The judge's pytest plugin: the ``--solutions`` switch, the workers, and failures
that read as a to-do list rather than a wall of tracebacks (judge side).

Loaded by the repository's ``conftest.py``. It starts no worker until a test
calls learner code, gives every test a deadline that its worker calls must
meet, words what comes back from the worker (a stub, an exception, a hang,
a crash) as one teaching failure, and, for the tools, writes a report of
every expected test and what happened to it (``kata.outcomes``).
"""

from __future__ import annotations

import json
import os
import time
from collections import OrderedDict
from pathlib import Path
from typing import Dict, List, Optional

import pytest

from kata import catalog, outcomes, quiet
from kata.judge import cache, learner, replay, summary, switch, training
from kata.worker import client

quiet.environment()  # before any test module can import TensorFlow
os.environ["MPLBACKEND"] = "Agg"  # plots render off-screen: no window ever blocks a test

TIMEOUT_MARKER = "from pytest-timeout"
BACKSTOP = 60  # pytest-timeout's extra seconds: the judge's own deadline comes first
LIMIT = pytest.StashKey[float]()
PROGRESS_FD = "KATA_PROGRESS_FD"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("kata", "dnn-kata")
    group.addoption(
        "--solutions", metavar="DIR", default=None,
        help="test the solution tree DIR (laid out like exercises/) instead of the learner's "
        f"exercises/; 'reference' tests the reference solutions. Default: ${switch.ENV_VAR} "
        "if set, else exercises/.")
    group.addoption(
        "--full", action="store_true",
        help="also run the lesson's full-length training runs (80 epochs for ex5_7 and ex5_8; "
        "tens of minutes on a CPU) and check the lesson's claims against them.")
    group.addoption(
        "--keep-plots", metavar="DIR", default=None,
        help="save the figures of the plotting exercises as PNG files in DIR, from the "
        "lesson's full training run, so that a person can look at them.")
    group.addoption(
        "--time-limit", metavar="SECONDS", type=float, default=None,
        help="at most SECONDS for all the tests of each exercise (grading); a test that would "
        "run past it fails as timed out. Default: each test's own limit only.")
    group.addoption(
        "--no-cache", action="store_true", dest="kata_no_cache",
        help="train every model again instead of reusing a result kept in .kata/cache from an "
        "earlier run with the same code, seed and library versions.")
    group.addoption("--kata-report", metavar="FILE", default=None,
                    help="write what happened to every test to FILE, for the kata's tools")


def pytest_configure(config: pytest.Config) -> None:
    value = config.getoption("--solutions") or os.environ.get(switch.ENV_VAR)
    try:
        tree = switch.resolve_tree(value, config.rootpath, config.invocation_params.dir)
    except switch.TreeNotFound as error:
        raise pytest.UsageError(str(error)) from None
    for line in quiet.KNOWN_WARNINGS:
        config.addinivalue_line("filterwarnings", line)
    workers = client.Workers(client.Settings(tree, config.rootpath))
    learner.use(workers)
    kept = None if config.getoption("kata_no_cache") else config.rootpath / ".kata" / "cache"
    tests, full = config.rootpath / switch.DEFAULT_TREE, bool(config.getoption("--full"))
    training.keep_results(cache.Cache(kept), tests, full)
    if kept is not None:
        workers.recorder = replay.Recorder(config.rootpath / ".kata" / "answers", tree, tests,
                                           training.seed(), full)
    config.pluginmanager.register(KataReporter(config, tree, workers), "kata-reporter")


def pytest_report_header(config: pytest.Config) -> str:
    return f"kata: testing the solutions in {learner.workers().settings.tree}"


@pytest.fixture(scope="session")
def keep_plots(pytestconfig) -> Optional[Path]:
    """The folder given by --keep-plots (created if needed), or None."""
    value = pytestconfig.getoption("--keep-plots")
    if not value:
        return None
    folder = Path(value).expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class KataReporter:
    """Deadlines for worker calls, one-line failures, a summary per exercise that says
    what to do next, and the report for the tools."""

    def __init__(self, config: pytest.Config, tree: Path, workers: client.Workers):
        self.config = config
        self.tree = tree
        self.workers = workers
        self.exercises_dir = (config.rootpath / switch.DEFAULT_TREE).resolve()
        self.expected: List[dict] = []
        self.not_run: Dict[str, int] = {}  # exercise -> tests left out by -m (training ones)
        self.results: Dict[str, dict] = {}
        self.todo: Dict[str, "OrderedDict[tuple, None]"] = {}  # exercise -> (owner, function)
        self.spent: Dict[str, float] = {}
        self.started: Optional[float] = None
        path = config.getoption("--kata-report")
        self.report = outcomes.ReportWriter(Path(path)) if path else None
        self.progress = _progress_stream()
        workers.on_output = _show_output
        if self.progress is not None:
            workers.progress = lambda exercise, epoch, epochs, metrics=None, function="": self._emit(
                "epoch", exercise=exercise, epoch=epoch, epochs=epochs, metrics=metrics or {},
                function=function)

    def exercise_of(self, item) -> Optional[str]:
        owner = switch.owner_of(Path(item.path), self.exercises_dir)
        return owner if owner in catalog.BY_NAME else None

    # --- collection ------------------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection(self, session: pytest.Session) -> None:
        """Start the worker of the exercise named first on the command line before collecting:
        its imports (TensorFlow, for a Keras exercise) then overlap the judge's own."""
        if self.config.option.collectonly:
            return
        for argument in self.config.args:
            path = Path(self.config.invocation_params.dir, argument.split("::")[0])
            exercise = switch.owner_of(path, self.exercises_dir)
            if exercise in catalog.BY_NAME:
                self.workers.prestart(exercise)
                return

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list) -> None:
        if not config.getoption("--full"):
            full = [item for item in items if item.get_closest_marker("full")]
            if full:
                config.hook.pytest_deselected(items=full)
                items[:] = [item for item in items if item not in full]
        default = float(config.getini("timeout") or 120)
        for item in items:
            marker = item.get_closest_marker("timeout")
            limit = float(marker.args[0]) if marker and marker.args else default
            item.stash[LIMIT] = limit
            item.add_marker(pytest.mark.timeout(limit + BACKSTOP), append=False)

    def pytest_deselected(self, items) -> None:
        """Tests a quick run leaves out still count (as not run yet); --full ones do not."""
        for item in items:
            exercise = self.exercise_of(item)
            if exercise is not None and not item.get_closest_marker("full"):
                self.not_run[exercise] = self.not_run.get(exercise, 0) + 1

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        for item in session.items:
            exercise = self.exercise_of(item)
            if exercise is not None:
                self.expected.append({"nodeid": item.nodeid, "exercise": exercise,
                                      "test": getattr(item, "originalname", item.name), "case": item.name})
        if self.report is not None:
            self.report.write("collected", tests=self.expected, not_run=self.not_run)
        counts = OrderedDict()
        for test in self.expected:
            counts[test["exercise"]] = counts.get(test["exercise"], 0) + 1
        self._emit("collected", exercises=counts)
        if self.expected and not self.config.option.collectonly:
            self.workers.prestart(self.expected[0]["exercise"])

    # --- running ---------------------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item) -> None:
        quiet.tensorflow_logs()  # no-op until TensorFlow is imported
        exercise = self.exercise_of(item)
        self.started = time.monotonic()
        limit = item.stash.get(LIMIT, 120.0)
        budget = self.config.getoption("--time-limit")
        if exercise is not None and budget:
            left = budget - self.spent.get(exercise, 0.0)
            if left <= 0:
                pytest.fail(f"{exercise}: no time left: its tests have used the {budget:g} s "
                            f"allowed for the whole exercise", pytrace=False)
            limit = min(limit, left)
        self.workers.set_deadline(limit)
        if exercise is not None:
            self._emit("start", exercise=exercise, test=item.name, limit=limit)
            self._prestart_after(exercise)

    def _prestart_after(self, exercise: str) -> None:
        names = list(OrderedDict((t["exercise"], None) for t in self.expected))
        if exercise in names and names.index(exercise) + 1 < len(names):
            self.workers.prestart(names[names.index(exercise) + 1])

    def pytest_runtest_teardown(self, item) -> None:
        exercise = self.exercise_of(item)
        if exercise is not None and self.started is not None:
            self.spent[exercise] = self.spent.get(exercise, 0.0) + time.monotonic() - self.started

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        report.sections = [(title, quiet.strip_native_logs(content) if "stderr" in title else content)
                           for title, content in report.sections]
        report.sections = [(title, content) for title, content in report.sections if content.strip()]
        exercise = self.exercise_of(item)
        report.kata_result = outcomes.PASSED if report.passed else (
            outcomes.SKIPPED if report.skipped else (outcomes.FAILED if report.when == "call" else outcomes.ERROR))
        if exercise is None or call.excinfo is None or not report.failed:
            return
        error = call.excinfo.value
        if isinstance(error, client.LearnerError):
            report.longrepr = self._learner_error(exercise, error)
        elif isinstance(error, client.LearnerTimeout):
            report.longrepr = self._timed_out(exercise, error.function, error.seconds, error.where)
            report.kata_result = outcomes.TIMEOUT
        elif isinstance(error, client.WorkerDied):
            report.longrepr = (f"{error.exercise}: the worker running the learner's code exited during "
                               f"{error.during} ({error.status}), so this test got no answer. Does the "
                               f"code call exit(), quit() or os._exit(), or crash Python?")
            report.kata_result = outcomes.CRASHED
        elif isinstance(error, learner.ModuleUnusable):
            report.kata_result = {"crashed": outcomes.CRASHED, "timeout": outcomes.TIMEOUT}.get(
                error.result, outcomes.FAILED)
        elif call.excinfo.errisinstance(pytest.fail.Exception) and TIMEOUT_MARKER in str(error):
            report.longrepr = self._timed_out(exercise, item.name, item.stash.get(LIMIT, 0.0), None)
            report.kata_result = outcomes.TIMEOUT

    def _learner_error(self, exercise: str, error: client.LearnerError) -> str:
        frame = error.frames[-1] if error.frames else None
        if error.type_name == "NotImplementedError" and frame is not None:
            owner = Path(frame[0]).parts[0]
            self.todo.setdefault(exercise, OrderedDict())[(owner, frame[2])] = None
            hint = str(error).strip()
            hint = f" Hint: {hint}" if hint else ""
            if owner == exercise:
                return f"{exercise} `{frame[2]}`: not implemented yet.{hint}"
            return (f"{exercise} needs {owner} `{frame[2]}`, which is not implemented yet: "
                    f"finish {owner} first.{hint}")
        where = f"`{frame[2]}`" if frame else f"`{error.function}`"
        return (f"{exercise} {where} raised {error.type_name}: {error}\n"
                + "\n".join(f"  {line}" for line in error.traceback_text.splitlines()))

    def _timed_out(self, exercise: str, function: str, limit: float, where) -> str:
        """Where the code was when it was stopped: the function and its file (not the line,
        which depends on the moment it was stopped: the same code must get the same message)."""
        place = ""
        if where is not None:
            place = f", in {self.tree / where[0]}"
            function = where[2]
        return (f"{exercise} `{function}`: still running after {limit:g} s, so the kata stopped "
                f"it{place}. Look for a loop whose exit condition never becomes true.")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        test = next((t for t in self.expected if t["nodeid"] == report.nodeid), None)
        if test is None:
            return
        result = getattr(report, "kata_result", outcomes.PASSED if report.passed else outcomes.FAILED)
        known = self.results.get(report.nodeid)
        if report.when == "call" or report.failed or (report.skipped and known is None):
            if known is None or known["result"] == outcomes.PASSED:
                message = _message(report) if not report.passed else ""
                self.results[report.nodeid] = {"result": result, "message": message,
                                               "seconds": round(report.duration, 3)}
        if report.when == "teardown" and self.report is not None:
            self.report.write("result", nodeid=report.nodeid, **self.results.get(
                report.nodeid, {"result": outcomes.ERROR, "message": "no result", "seconds": 0.0}))

    # --- the end -----------------------------------------------------------------------------

    @pytest.hookimpl(hookwrapper=True, tryfirst=True)
    def pytest_terminal_summary(self, terminalreporter):
        # A wrapper around pytest's own summary, so that ours is printed last,
        # after the short test summary: it is what the learner reads first.
        yield
        if self.results:
            self._summarise(terminalreporter)

    def pytest_sessionfinish(self, session, exitstatus) -> None:
        confinement = self.workers.confinement
        if self.workers.recorder is not None:
            self.workers.recorder.save()
        if self.report is not None:
            for line in self._notes():
                self.report.write("note", text=line)
            if confinement is not None:
                self.report.write("sandbox", namespaces=confinement.namespaces, detail=confinement.detail)
            self.report.write("finished", status=int(exitstatus))

    def pytest_unconfigure(self, config) -> None:
        self.workers.close()
        learner.use(None)
        if self.report is not None:
            self.report.close()

    def _record(self) -> outcomes.Record:
        return outcomes.Record(self.expected, self.results)

    def _summarise(self, terminalreporter) -> None:
        lines = summary.lines(self._record(), self.todo, self.tree, self.exercises_dir,
                              self.config.invocation_params.dir)
        if not lines:
            return
        terminalreporter.write_sep("-", "dnn-kata")
        for line in lines[:-1] + self._notes() + lines[-1:]:
            terminalreporter.write_line(line)
        if self.workers.confinement is not None:
            terminalreporter.write_line(f"Sandbox: {self.workers.confinement.detail}.")

    def _notes(self) -> List[str]:
        """What this run reused instead of running again, a line each."""
        recorder, notes = self.workers.recorder, list(training.MEASURED) + list(training.REUSED)
        replayed = [e.name for e in catalog.EXERCISES
                    if recorder is not None and e.name in recorder.replayed and e.name not in recorder.asked]
        if replayed:
            notes.append(f"{', '.join(replayed)}: answered from the record of an earlier run of the same "
                         f"code, without starting a worker; --no-cache runs the code again")
        return notes

    def _emit(self, event: str, **fields) -> None:
        if self.progress is not None:
            try:
                self.progress.write(json.dumps({"event": event, **fields}) + "\n")
                self.progress.flush()
            except (OSError, ValueError):
                self.progress = None


def _message(report: pytest.TestReport) -> str:
    """The whole failure message: the reworded one-liner, or pytest's text."""
    if report.skipped and isinstance(report.longrepr, tuple):
        return str(report.longrepr[2])
    text = report.longreprtext if hasattr(report, "longreprtext") else str(report.longrepr)
    if text.startswith("Failed: "):
        text = text[len("Failed: "):]
    return text.strip()


def _progress_stream():
    """The tools may pass a pipe for live progress (``KATA_PROGRESS_FD``)."""
    value = os.environ.get(PROGRESS_FD)
    if not value or not value.isdigit():
        return None
    try:
        return os.fdopen(int(value), "w", buffering=1, encoding="utf-8")
    except OSError:
        return None


def _show_output(text: str) -> None:
    """What the learner's code printed, into the test's captured output."""
    import sys

    cleaned = quiet.strip_native_logs(text)
    if cleaned.strip():
        sys.stdout.write(cleaned)
