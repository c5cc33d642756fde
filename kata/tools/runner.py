"""Run the judge (a pytest process) on a solution tree and read back what happened (tools side).

Every tool that needs test results goes through ``run_tests``: the board,
``kata check``, grading, the release check and the gallery meta-test. The
judge writes a report of every test it collected and of each result as it
comes (``--kata-report``); ``kata.outcomes`` turns that record into
outcomes, so a test that was skipped, crashed or never ran counts as failed,
and a judge that had to be stopped leaves its unfinished tests failed with
the reason, never silently missing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

from kata import outcomes
from kata.judge import switch
from kata.outcomes import Outcome  # noqa: F401  (re-exported: what the tools read)

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Run:
    returncode: int
    outcomes: List[Outcome]
    output: str
    sandbox: str = ""
    problem: str = ""  # why the judge itself did not finish, if it did not
    notes: List[str] = field(default_factory=list)  # what the judge wants said (a reused result)
    not_run: Dict[str, int] = field(default_factory=dict)  # exercise -> tests -m left out

    def counted(self) -> List[Outcome]:
        """Every expected test: all count, whatever happened to them."""
        return list(self.outcomes)

    def failed(self) -> List[Outcome]:
        return [o for o in self.outcomes if not o.passed]

    def by_exercise(self, order: Sequence[str] = ()) -> "dict":
        return outcomes.by_exercise(self.outcomes, order)


STOPPED = "the test run was stopped after"

# The judges this process is running, on any thread: Ctrl-C reaches only the main thread,
# so class grading ends the others' judges with ``stop_all`` before it returns.
_RUNNING: "set[subprocess.Popen]" = set()
_RUNNING_LOCK = threading.Lock()


def stop_all(wait: float = 10.0) -> int:
    """Kill every judge still running (its workers die with it: they are bound to it by
    PDEATHSIG) and wait, up to ``wait`` seconds each, until it is gone. Returns how many."""
    with _RUNNING_LOCK:
        running = [process for process in _RUNNING if process.poll() is None]
    for process in running:
        _kill(process)
    for process in running:
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            pass
    return len(running)


def run_tests(tree: Path, targets: Sequence[str], extra_args: Sequence[str] = (),
              timeout: Optional[float] = None, root: Path = REPO_ROOT,
              progress: Optional[Callable[[dict], None]] = None,
              memory_mb: Optional[int] = None) -> Run:
    """Run ``pytest exercises/<target> ... --solutions tree`` in the checkout ``root``
    (this one, or a copy such as a learner release) and collect the outcomes.

    A target is an exercise name or a pytest node id below ``exercises/``. ``timeout``
    bounds the whole judge; ``progress`` receives the judge's live events (a test
    starting, an epoch of training done) as dicts; ``memory_mb`` caps the judge process's
    memory (``limit_memory``)."""
    env = {k: v for k, v in os.environ.items()
           if k not in (switch.ENV_VAR, "PYTEST_ADDOPTS", "PYTEST_CURRENT_TEST", "KATA_PROGRESS_FD")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # leave no __pycache__ in the trees it runs (a release)
    with tempfile.TemporaryDirectory(prefix="kata-run-") as scratch:
        report = Path(scratch) / "report.jsonl"
        command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                   f"--solutions={tree}", f"--kata-report={report}", *extra_args,
                   *(f"exercises/{target}" for target in targets)]
        read_fd = write_fd = None
        if progress is not None:
            read_fd, write_fd = os.pipe()
            env["KATA_PROGRESS_FD"] = str(write_fd)
        process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, start_new_session=True,
                                   pass_fds=(write_fd,) if write_fd is not None else ())
        with _RUNNING_LOCK:
            _RUNNING.add(process)
        if memory_mb:
            limit_memory(process.pid, memory_mb)
        if write_fd is not None:
            os.close(write_fd)
            listener = threading.Thread(target=_listen, args=(read_fd, progress), daemon=True)
            listener.start()
        problem = ""
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            output, _ = process.communicate()
            problem = f"{STOPPED} {timeout:g} s"
        except BaseException:  # Ctrl-C: stop the judge and its workers, then go on stopping
            _kill(process)
            raise
        finally:
            with _RUNNING_LOCK:
                _RUNNING.discard(process)
        record = outcomes.read_record(report)
    if not problem and record.finished is None and process.returncode not in (0, 1):
        problem = f"the test run ended with status {process.returncode} before it finished"
    found = record.outcomes(problem)
    return Run(process.returncode, found, output or "", record.sandbox, problem, record.notes, record.not_run)


def limit_memory(pid: int, megabytes: int) -> bool:
    """Cap what process ``pid`` may allocate (its soft RLIMIT_DATA: heap and private
    mappings, not the address space TensorFlow reserves), so that a judge that meets an
    answer too large for it fails with MemoryError instead of exhausting the machine. Its
    workers start under it and set their own limit. False where the system cannot."""
    import resource

    if not hasattr(resource, "prlimit"):  # macOS, Windows
        return False
    try:
        _, hard = resource.prlimit(pid, resource.RLIMIT_DATA)
        wanted = megabytes << 20
        if hard != resource.RLIM_INFINITY:
            wanted = min(wanted, hard)
        resource.prlimit(pid, resource.RLIMIT_DATA, (wanted, hard))
    except (OSError, ValueError):  # it already exited, or the system refuses
        return False
    return True


def _kill(process: subprocess.Popen) -> None:
    import signal

    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass


def _listen(fd: int, progress: Callable[[dict], None]) -> None:
    with os.fdopen(fd, encoding="utf-8") as stream:
        for line in stream:
            try:
                progress(json.loads(line))
            except ValueError:
                continue


def stub_problems(run: Run) -> List[str]:
    """What is wrong with a run on untouched stubs, which must fail every test it runs
    and say "not implemented yet" each time: one line per offending test."""
    if not run.outcomes:
        return ["no test ran:\n" + run.output[-3000:]]
    return ([f"{o.exercise} {o.case} passes on the untouched stubs, so it tests nothing"
             for o in run.outcomes if o.passed]
            + [f"{o.exercise} {o.case} fails without saying 'not implemented yet': {o.message}"
               for o in run.outcomes if not o.passed and outcomes.NOT_IMPLEMENTED not in o.message])
