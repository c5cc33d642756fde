"""One worker process, seen from the judge: started, spoken to, and killed (the judge's end).

``Worker`` copies the solution tree's modules into a private folder, starts
``python -I -B -c "...kata.worker.boot..."`` with the sandbox plan, and then
exchanges ``kata.worker.wire`` messages with it over its stdin and stdout; what
the learner's code prints arrives on its stderr and is drained as it comes.
A worker that has to be stopped is asked for its stack first (so that the
message can name the line that was running), then killed with SIGKILL along
with everything it started.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, List, Optional, Tuple

import kata
from kata import catalog, data
from kata.worker import wire
from kata.worker.plan import (DEFAULT_MEMORY_MB, MEMORY_SETTING, PASSED_ENVIRONMENT,
                              SANDBOX_SETTING, Settings, copy_modules, library_paths,
                              readable_paths)
from kata.worker.results import SolutionImportError, WorkerDied
from kata.worker.tail import Drain

BOOT = ("import sys; sys.path.insert(0, {parent!r}); "
        "from kata.worker.boot import main; main()")



@dataclass
class Confinement:
    namespaces: bool
    detail: str


class Worker:
    """One worker process serving one exercise."""

    def __init__(self, exercise: str, settings: Settings):
        self.exercise = exercise
        self.settings = settings
        self.scratch = Path(tempfile.mkdtemp(prefix=f"kata-{exercise}-"))
        self.output = Drain()
        self.confinement: Optional[Confinement] = None
        self.loaded = False
        self.process = self._start()

    def _start(self) -> subprocess.Popen:
        tree = self.scratch / "inbox" / "tree"
        copy_modules(self.settings.tree, tree)
        (self.scratch / "root").mkdir()
        output_read, output_write = os.pipe()
        mnist = data.npz_path()
        if mnist is not None and not mnist.is_file():  # MNIST_NPZ names no file: the judge says so
            mnist = None
        package = Path(kata.__file__).resolve().parent
        libraries = library_paths(self.settings)
        config = {
            "plan": {"root": str(self.scratch / "root"), "inbox": str(self.scratch / "inbox"),
                     "readonly": readable_paths(package, libraries),
                     # a MNIST_NPZ naming no file is the data's problem, said where data is read,
                     # not a worker that cannot start (ex5_1 reads no data at all)
                     "files": {str(mnist): "/kata/mnist.npz"} if mnist and mnist.is_file() else {},
                     "namespaces": os.environ.get(SANDBOX_SETTING, "").lower() != "process",
                     "memory_mb": int(os.environ.get(MEMORY_SETTING) or DEFAULT_MEMORY_MB)},
            "env": {**{k: os.environ[k] for k in PASSED_ENVIRONMENT if k in os.environ},
                    "PATH": os.environ.get("PATH", "") if os.name == "nt" else "/usr/local/bin:/usr/bin:/bin",
                    "TF_CPP_MIN_LOG_LEVEL": "3"},
            "display_tree": str(self.settings.tree),
            "path": libraries,
            "mnist": str(mnist) if mnist else None,
            "keras": catalog.get(self.exercise).uses_tensorflow,
            "preload_mnist": bool(mnist) and catalog.get(self.exercise).trains_on_mnist,
        }
        command = [sys.executable, "-I", "-B", "-c", BOOT.format(parent=str(package.parent)), json.dumps(config)]
        # The worker answers on its stdout and reads requests on its stdin; what the
        # learner's code prints goes to its stderr, which the drain below reads.
        isolation = {"start_new_session": True} if os.name == "posix" else \
            {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}
        try:
            process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       stderr=output_write, cwd=str(self.scratch), env=config["env"],
                                       **isolation)
        finally:
            os.close(output_write)
        self.commands, self.answers = process.stdin.fileno(), process.stdout.fileno()
        self.output.start(output_read)
        return process

    # --- conversation ---------------------------------------------------------------------

    def hello(self, deadline: float) -> Confinement:
        if self.confinement is None:
            try:
                document, _ = self._receive(deadline, "start-up")
            except WorkerDied as died:
                lines = [line for line in self.output.text().splitlines() if line.strip()]
                raise WorkerDied(self.exercise, "start-up", f"{died.status}; it said: "
                                 f"{lines[-1] if lines else 'nothing'}") from None
            if document.get("op") != "hello":
                raise wire.WireError("the worker did not introduce itself")
            self.confinement = Confinement(bool(document.get("namespaces")), str(document.get("detail")))
        return self.confinement

    def load(self, deadline: float) -> None:
        if self.loaded:
            return
        self.hello(deadline)
        wire.send(self.commands, {"op": "load", "exercise": self.exercise})
        document, _ = self._receive(deadline, "import")
        if not document.get("ok"):
            raise SolutionImportError(str(document.get("import_error") or "the module could not be imported"))
        self.loaded = True

    def request(self, document: dict, blobs: List[bytes], deadline: float, during: str,
                progress: Optional[Callable[[int, int, dict], None]]) -> Tuple[dict, List[bytes]]:
        wire.send(self.commands, document, blobs)
        while True:
            answer, answer_blobs = self._receive(deadline, during)
            if answer.get("op") == "progress":
                if progress is not None:
                    progress(_int(answer.get("epoch")), _int(answer.get("epochs")),
                             _metrics(answer.get("metrics")))
                continue
            return answer, answer_blobs

    def _receive(self, deadline: float, during: str) -> Tuple[dict, List[bytes]]:
        try:
            return _receive(self.answers, deadline)
        except wire.Closed:
            raise WorkerDied(self.exercise, during, self._exit_status()) from None
        except wire.WireError as error:
            self.kill()
            raise WorkerDied(self.exercise, during, f"it sent a malformed answer: {error}") from None
        except OSError as error:
            self.kill()
            raise WorkerDied(self.exercise, during, f"the pipe broke: {error}") from None

    def _exit_status(self) -> str:
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            return "it closed its channel and was killed"
        self.output.wait(1.0)
        if code < 0:
            return f"killed by signal {signal.Signals(-code).name}"
        return f"status {code}"

    def stack(self) -> Optional[Tuple[str, int, str]]:
        """Ask a stuck worker where it is (faulthandler on SIGUSR1); the innermost frame
        inside the tree, as (path relative to the tree, line, function)."""
        before = self.output.mark()
        if not hasattr(signal, "SIGUSR1"):
            return None
        for pid in (self.process.pid, *_children(self.process.pid)):
            try:
                os.kill(pid, signal.SIGUSR1)
            except OSError:
                pass
        time.sleep(0.5)
        dump = self.output.since(before)
        frames = re.findall(r'File "([^"]+)", line (\d+) in (\S+)', dump)
        for path, line, function in frames:  # faulthandler lists the innermost frame first
            relative = _tree_relative(path)
            if relative is not None:
                return relative, int(line), function
        return None

    def kill(self) -> None:
        """SIGKILL the worker and everything it started (its PID namespace, its group)."""
        for pid in _children(self.process.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            if os.name == "posix":
                os.killpg(self.process.pid, signal.SIGKILL)
            else:
                self.process.kill()
        except OSError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        self._close()

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                wire.send(self.commands, {"op": "bye"})
                self.process.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                pass
        if self.process.poll() is None:
            self.kill()
        self._close()

    def _close(self) -> None:
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self.commands = self.answers = None
        shutil.rmtree(self.scratch, ignore_errors=True)

    @property
    def alive(self) -> bool:
        return self.process.poll() is None and self.commands is not None


def _children(pid: int) -> List[int]:
    """Every process descended from ``pid`` (the worker's confined processes), deepest last."""
    parents = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        for child, parent in parents.items():
            if parent == current and child not in found:
                found.append(child)
                frontier.append(child)
    return found


def _tree_relative(path: str) -> Optional[str]:
    """A worker-side path inside its tree copy, as a path relative to the tree."""
    marker = "/tree/"
    if marker not in path:
        return None
    relative = path.split(marker, 1)[1]
    return relative if relative.split("/")[0] in catalog.BY_NAME else None


def _receive(fd: int, deadline: float) -> Tuple[dict, List[bytes]]:
    """``wire.receive`` with a deadline: select() where pipes support it (POSIX), a
    helper thread elsewhere (Windows), which ends when the killed worker's pipe closes."""
    if os.name == "posix":
        return wire.receive(fd, deadline)
    from concurrent.futures import ThreadPoolExecutor, TimeoutError as Late

    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(wire.receive, fd, None)
    pool.shutdown(wait=False)
    try:
        return future.result(timeout=max(0.0, deadline - time.monotonic()))
    except Late:
        raise wire.Timeout() from None


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


PROGRESS_METRICS = ("loss", "accuracy", "val_loss", "val_accuracy")


def _metrics(value: Any) -> dict:
    """An epoch's metrics as the worker sent them, kept only where they are the known
    names with plain numbers (the worker runs the learner's code: trust nothing)."""
    if not isinstance(value, dict):
        return {}
    return {name: float(value[name]) for name in PROGRESS_METRICS
            if isinstance(value.get(name), (int, float)) and not isinstance(value.get(name), bool)}
