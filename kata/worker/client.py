"""Starting workers and talking to them, from the judge's process (the judge's end of the boundary).

The judge never imports learner code: for each exercise it starts a worker
process (``kata.worker.boot``), which confines itself (``kata.worker.sandbox``)
and imports that exercise's module from a private copy of the solution tree.
Calls go out and answers come back as ``kata.worker.wire`` messages; what
comes back is decoded into plain values and, for Keras models, histories
and figures, into objects rebuilt from data (``kata.worker.objects``).

Every wait has a deadline. A worker that does not answer in time is asked
for its stack (so the message can name the line that was running) and then
killed with SIGKILL, with everything it started; a worker that exits is
noticed at once. Either way the next call starts a fresh worker, except
when the module itself could not be imported: that is remembered, and every
later call of that exercise fails at once with the same reason.
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
import threading
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

import kata
from kata import catalog, data
from kata.worker import objects, wire

MAX_WORKERS = 4  # alive at once; the least recently used one is stopped first
MAX_MODULE_BYTES = 2 << 20
PASSED_ENVIRONMENT = ("KERAS_BACKEND", "CUDA_VISIBLE_DEVICES", "TF_CPP_MIN_LOG_LEVEL",
                      "TF_FORCE_GPU_ALLOW_GROWTH", "XLA_PYTHON_CLIENT_PREALLOCATE",
                      "TF_ENABLE_ONEDNN_OPTS", "OMP_NUM_THREADS", "TF_NUM_INTEROP_THREADS",
                      "TF_NUM_INTRAOP_THREADS", "XLA_FLAGS", "JAX_PLATFORMS", "LANG", "LC_ALL")
MEMORY_SETTING, DEFAULT_MEMORY_MB = "KATA_WORKER_MEMORY_MB", 6144  # per worker
SANDBOX_SETTING = "KATA_SANDBOX"  # "process": no namespaces, for debugging and comparison
BOOT = ("import sys; sys.path.insert(0, {parent!r}); "
        "from kata.worker.boot import main; main()")


# --- what a call can end in, besides a value ----------------------------------------------

class SolutionImportError(Exception):
    """The exercise's module is missing, or could not be imported; the message says why.
    ``result`` is how its tests end: failed, or crashed (the worker died while importing
    it), or timeout (importing it never finished)."""

    def __init__(self, message: str, result: str = "failed"):
        super().__init__(message)
        self.result = result


class LearnerError(Exception):
    """The learner's function raised. Subclasses also derive from the built-in exception
    it raised (ValueError, NotImplementedError, ...), so tests can catch those."""

    def __init__(self, exercise: str, function: str, type_name: str, message: str,
                 frames: List[Tuple[str, int, str]], traceback_text: str):
        super().__init__(message)
        self.exercise = exercise
        self.function = function
        self.type_name = type_name
        self.frames = frames  # (path relative to the tree, line, function), outermost first
        self.traceback_text = traceback_text

    def __str__(self) -> str:
        return self.args[0] if self.args else ""


_ERROR_CLASSES: Dict[str, type] = {}


def learner_error_class(builtin_name: Optional[str]) -> type:
    """LearnerError, combined with the built-in Exception subclass of that name, if any."""
    base = getattr(__import__("builtins"), builtin_name or "", None)
    if not (isinstance(base, type) and issubclass(base, Exception)) or base is Exception:
        return LearnerError
    if builtin_name not in _ERROR_CLASSES:
        _ERROR_CLASSES[builtin_name] = type(f"Learner{builtin_name}", (LearnerError, base),
                                            {"__str__": LearnerError.__str__})
    return _ERROR_CLASSES[builtin_name]


class LearnerTimeout(Exception):
    """No answer before the deadline: the worker was killed."""

    def __init__(self, exercise: str, function: str, seconds: float, where: Optional[Tuple[str, int, str]]):
        super().__init__(f"{exercise} `{function}`: no answer within {seconds:g} s")
        self.exercise, self.function, self.seconds, self.where = exercise, function, seconds, where


class WorkerDied(Exception):
    """The worker process ended without answering."""

    def __init__(self, exercise: str, during: str, status: str):
        super().__init__(f"{exercise}: the worker exited during {during} ({status})")
        self.exercise, self.during, self.status = exercise, during, status


class MissingFunction(Exception):
    def __init__(self, exercise: str, function: str):
        super().__init__(function)
        self.exercise, self.function = exercise, function


@dataclass(frozen=True)
class DataRef:
    """MNIST arrays named rather than sent: the worker loads them itself (``kata.data``).

    ``name`` is x_train, y_train, x_test or y_test; ``prepared`` selects the kata's own
    preparation (flat float32 images in [0, 1], one-hot labels) over the raw arrays;
    ``stop`` keeps the first ``stop`` rows only."""

    name: str
    prepared: bool = True
    stop: Optional[int] = None


@dataclass
class Call:
    """What one call of a learner function gave back, and what was seen during it."""

    value: Any
    spied: List[str] = field(default_factory=list)  # calls of the spied functions, in order
    seconds: float = 0.0  # as the worker measured it
    leaked_figures: int = 0  # pyplot figures left open besides the one returned
    output: str = ""  # what the learner's code printed


class Unrebuildable:
    """A model the worker returned that cannot be rebuilt safely; ``reason`` says why."""

    def __init__(self, reason: str):
        self.reason = reason

    def __repr__(self) -> str:
        return f"<a Keras model the kata cannot rebuild: {self.reason}>"


# --- settings -----------------------------------------------------------------------------

@dataclass
class Settings:
    tree: Path  # the solution tree, as the learner knows it
    checkout: Optional[Path] = None  # the judge's checkout (reference/, the tests): never shown


@dataclass
class Confinement:
    namespaces: bool
    detail: str


# --- one worker process -------------------------------------------------------------------

class Worker:
    """One worker process serving one exercise."""

    def __init__(self, exercise: str, settings: Settings):
        self.exercise = exercise
        self.settings = settings
        self.scratch = Path(tempfile.mkdtemp(prefix=f"kata-{exercise}-"))
        self.output = _Drain()
        self.confinement: Optional[Confinement] = None
        self.loaded = False
        self.process = self._start()

    def _start(self) -> subprocess.Popen:
        tree = self.scratch / "inbox" / "tree"
        copy_modules(self.settings.tree, tree)
        (self.scratch / "root").mkdir()
        output_read, output_write = os.pipe()
        mnist = data.npz_path()
        package = Path(kata.__file__).resolve().parent
        libraries = library_paths(self.settings)
        config = {
            "plan": {"root": str(self.scratch / "root"), "inbox": str(self.scratch / "inbox"),
                     "readonly": readable_paths(package, libraries),
                     "files": {str(mnist): "/kata/mnist.npz"} if mnist else {},
                     "namespaces": os.environ.get(SANDBOX_SETTING, "").lower() != "process",
                     "memory_mb": int(os.environ.get(MEMORY_SETTING) or DEFAULT_MEMORY_MB)},
            "env": {**{k: os.environ[k] for k in PASSED_ENVIRONMENT if k in os.environ},
                    "PATH": os.environ.get("PATH", "") if os.name == "nt" else "/usr/local/bin:/usr/bin:/bin",
                    "TF_CPP_MIN_LOG_LEVEL": "3"},
            "display_tree": str(self.settings.tree),
            "path": libraries,
            "mnist": str(mnist) if mnist else None,
            "keras": catalog.get(self.exercise).uses_tensorflow,
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
                progress: Optional[Callable[[int, int], None]]) -> Tuple[dict, List[bytes]]:
        wire.send(self.commands, document, blobs)
        while True:
            answer, answer_blobs = self._receive(deadline, during)
            if answer.get("op") == "progress":
                if progress is not None:
                    progress(_int(answer.get("epoch")), _int(answer.get("epochs")))
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
        before = len(self.output.text())
        if not hasattr(signal, "SIGUSR1"):
            return None
        for pid in (self.process.pid, *_children(self.process.pid)):
            try:
                os.kill(pid, signal.SIGUSR1)
            except OSError:
                pass
        time.sleep(0.5)
        dump = self.output.text()[before:]
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


# --- the judge's pool of workers ------------------------------------------------------------

class Workers:
    """All the workers of one judge session, and the rules for using them."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.pool: "OrderedDict[str, Worker]" = OrderedDict()
        self.import_failures: Dict[str, Exception] = {}
        self.deadline: Optional[float] = None
        self.limit: float = 60.0
        self.progress: Optional[Callable[[str, int, int], None]] = None
        self.on_output: Optional[Callable[[str], None]] = None
        self.confinement: Optional[Confinement] = None
        self._handles: "weakref.WeakKeyDictionary[Any, Tuple[Worker, int]]" = weakref.WeakKeyDictionary()

    def set_deadline(self, seconds: float) -> None:
        self.limit = seconds
        self.deadline = time.monotonic() + seconds

    def worker(self, exercise: str) -> Worker:
        worker = self.pool.get(exercise)
        if worker is not None and not worker.alive:
            worker.close()
            worker = None
        if worker is None:
            while len(self.pool) >= MAX_WORKERS:
                _, oldest = self.pool.popitem(last=False)
                oldest.close()
            worker = Worker(exercise, self.settings)
            self.pool[exercise] = worker
        self.pool.move_to_end(exercise)
        return worker

    def prestart(self, exercise: str) -> None:
        """Start ``exercise``'s worker now, so that its imports overlap the judge's own work."""
        if exercise not in self.pool and exercise not in self.import_failures:
            self.worker(exercise)

    def call(self, exercise: str, function: str, args: Sequence[Any] = (),
             kwargs: Optional[Mapping[str, Any]] = None, *, seed: Optional[int] = None,
             replace: Optional[Mapping[str, Any]] = None, spy: Sequence[str] = (),
             strict: bool = False) -> Call:
        if exercise in self.import_failures:
            raise self.import_failures[exercise]
        deadline = self.deadline if self.deadline is not None else time.monotonic() + self.limit
        worker = self.worker(exercise)
        try:
            self.confinement = worker.hello(deadline)
            worker.load(deadline)
        except (SolutionImportError, WorkerDied) as error:
            if isinstance(error, WorkerDied) and error.during == "start-up":
                failure = SolutionImportError(
                    f"{exercise}: the kata's worker could not start, so none of the tests could run "
                    f"({error.status}). This is a problem with the kata's installation, not with "
                    f"{self._module(exercise)}.", "crashed")
            else:
                failure = error if isinstance(error, SolutionImportError) else SolutionImportError(
                    f"{exercise}: {self._module(exercise)} could not be imported: the worker exited "
                    f"during import ({error.status}). Does the module call os._exit, or crash "
                    f"Python?", "crashed")
            self.import_failures[exercise] = failure
            worker.kill()
            raise failure from None
        except wire.Timeout:
            where = worker.stack()
            worker.kill()
            failure = SolutionImportError(
                f"{exercise}: importing {self._module(exercise)} took longer than {self.limit:g} s, "
                f"so it was stopped" + (f" at line {where[1]}" if where else "")
                + ". Code at the top level of a module runs on import: keep it to definitions.",
                "timeout")
            self.import_failures[exercise] = failure
            raise failure from None
        tokens: Dict[int, Any] = {}  # models sent by value in this call, by token
        encoder = wire.Encoder(lambda value, enc: self._encode(value, enc, worker, tokens))
        document = {"op": "call", "exercise": exercise, "function": function,
                    "args": encoder.encode(list(args)), "kwargs": encoder.encode(dict(kwargs or {})),
                    "seed": seed, "replace": encoder.encode(dict(replace or {})),
                    "spy": list(spy), "strict": strict}
        progress = (lambda epoch, epochs: self.progress(exercise, epoch, epochs)) if self.progress else None
        try:
            answer, blobs = worker.request(document, encoder.blobs, deadline, f"`{function}`", progress)
        except wire.Timeout:
            where = worker.stack()
            worker.kill()
            self._flush_output(worker)
            raise LearnerTimeout(exercise, function, self.limit, where) from None
        except WorkerDied:
            self._flush_output(worker)
            raise
        output = self._flush_output(worker)
        return self._answer(worker, exercise, function, answer, blobs, args, kwargs, output, tokens)

    def _answer(self, worker, exercise, function, answer, blobs, args, kwargs, output, tokens) -> Call:
        if answer.get("missing"):
            raise MissingFunction(exercise, function)
        if answer.get("import_error"):
            failure = SolutionImportError(str(answer["import_error"]))
            self.import_failures[exercise] = failure
            raise failure
        if not answer.get("ok"):
            error = answer.get("error") if isinstance(answer.get("error"), dict) else {}
            frames = [(str(f[0]), _int(f[1]), str(f[2])) for f in error.get("frames") or []
                      if isinstance(f, list) and len(f) == 3]
            cls = learner_error_class(error.get("builtin"))
            raise cls(exercise, function, str(error.get("type", "Exception")),
                      str(error.get("message", "")), frames, str(error.get("traceback", "")))
        decoder = wire.Decoder(blobs, {"model": lambda node, dec: self._model(node, dec, worker),
                                       "history": objects.rebuild_history,
                                       "figure": objects.rebuild_figure})
        try:
            value = decoder.decode(answer.get("value"))
            for key, array in decoder.decode(answer.get("mutated")) or []:
                _copy_back(args, kwargs, key, array)
            for token, handle, node in answer.get("models") or []:
                self._refresh_argument(worker, tokens.get(token), handle, node, decoder)
        except wire.WireError as error:
            raise WorkerDied(exercise, f"`{function}`", f"it sent a malformed answer: {error}") from None
        return Call(value, [str(s) for s in answer.get("spied") or []],
                    float(answer.get("seconds") or 0.0), _int(answer.get("leaked_figures")), output)

    # --- models across the boundary -------------------------------------------------------

    def _encode(self, value: Any, encoder: wire.Encoder, worker: Worker,
                tokens: Dict[int, Any]) -> Optional[dict]:
        if isinstance(value, DataRef):
            return {wire.TAG: "dataref", "name": value.name, "prepared": value.prepared,
                    "stop": value.stop}
        if objects.is_model(value):
            owner = self._handles.get(value)
            if owner is not None and owner[0] is worker and worker.alive:
                return {wire.TAG: "handle", "id": owner[1]}
            token = len(tokens) + 1
            tokens[token] = value
            return {**objects.describe_model(value, encoder), "token": token}
        if objects.is_history(value):
            return objects.describe_history(value, encoder)
        return None

    def _refresh_argument(self, worker: Worker, sent: Any, handle: Any, node: Any,
                          decoder: wire.Decoder) -> None:
        """A model passed to the call, as the worker holds it now: the judge's object follows
        (weights, compile settings), and from now on it is passed by handle."""
        target = sent if sent is not None else next(
            (model for model, (owner, number) in list(self._handles.items())
             if owner is worker and number == handle), None)
        if target is None or not isinstance(node, dict) or not isinstance(handle, int):
            return
        try:
            fresh = objects.rebuild_model(node, decoder)
        except objects.Refused:
            return
        _refresh(target, fresh)
        self._handles[target] = (worker, handle)

    def _model(self, node: dict, decoder: wire.Decoder, worker: Worker):
        """Rebuild a model the worker sent; a model the judge already holds is updated in place."""
        handle = node.get("handle")
        for model, (owner, number) in list(self._handles.items()):
            if owner is worker and number == handle:
                try:
                    fresh = objects.rebuild_model(node, decoder)
                except objects.Refused as problem:
                    return Unrebuildable(str(problem))
                _refresh(model, fresh)
                return model
        try:
            model = objects.rebuild_model(node, decoder)
        except objects.Refused as problem:
            return Unrebuildable(str(problem))
        if isinstance(handle, int):
            self._handles[model] = (worker, handle)
        return model

    # --- housekeeping ---------------------------------------------------------------------

    def _flush_output(self, worker: Worker) -> str:
        time.sleep(0.005)
        text = worker.output.take()
        if text and self.on_output is not None:
            self.on_output(text)
        return text

    def _module(self, exercise: str) -> str:
        return str(self.settings.tree / catalog.get(exercise).filename)

    def close(self) -> None:
        while self.pool:
            _, worker = self.pool.popitem()
            worker.close()


def _refresh(model, fresh) -> None:
    """Make the judge's copy of a model match what the worker now holds."""
    from kata import keras_compat

    if keras_compat.is_built(fresh) and [w.shape for w in model.get_weights()] == \
            [w.shape for w in fresh.get_weights()]:
        model.set_weights(fresh.get_weights())
    objects.COMPILE_PROBLEMS.pop(id(model), None)
    if id(fresh) in objects.COMPILE_PROBLEMS:
        objects.COMPILE_PROBLEMS[id(model)] = objects.COMPILE_PROBLEMS[id(fresh)]
    if getattr(fresh, "optimizer", None) is not None:
        config = fresh.get_compile_config()
        if config and config != (model.get_compile_config() if model.optimizer is not None else None):
            model.compile_from_config(config)


def _copy_back(args, kwargs, key: Any, array: Any) -> None:
    """An array argument the learner's function changed in place: change the judge's too."""
    import numpy as np

    target = kwargs.get(key) if isinstance(key, str) and not key.isdigit() else \
        (args[int(key)] if str(key).isdigit() and int(key) < len(args) else None)
    if isinstance(target, np.ndarray) and isinstance(array, np.ndarray) and target.shape == array.shape:
        np.copyto(target, array, casting="unsafe")


def copy_modules(tree: Path, target: Path) -> None:
    """The tree's exercise modules, and nothing else: no tests, no links, no large files."""
    target.mkdir(parents=True)
    for exercise in catalog.EXERCISES:
        folder = tree / exercise.name
        if not folder.is_dir() or folder.is_symlink():
            continue
        for source in folder.glob("*.py"):
            if source.name.startswith("test_") or source.name == "conftest.py" or source.is_symlink() \
                    or not source.is_file() or source.stat().st_size > MAX_MODULE_BYTES:
                continue
            destination = target / exercise.name / source.name
            destination.parent.mkdir(exist_ok=True)
            shutil.copyfile(source, destination)


def library_paths(settings: Settings) -> List[str]:
    """The judge's import path, for the worker to import from: the interpreter's libraries,
    virtual environments and PYTHONPATH folders, wherever they are; but not the checkout (a
    virtual environment's packages inside it excepted), a folder above it, or anything in
    the solution tree."""
    checkout = settings.checkout.resolve() if settings.checkout else None
    tree = settings.tree.resolve()
    found: List[Path] = []
    for entry in sys.path:
        if not entry or not os.path.exists(entry):
            continue
        real = Path(entry).resolve()
        if real == tree or tree in real.parents:
            continue
        if checkout is not None:
            if real == checkout or real in checkout.parents:
                continue
            if checkout in real.parents and not {"site-packages", "dist-packages"} & set(real.parts):
                continue
        if real not in found:
            found.append(real)
    return [str(path) for path in found]


def readable_paths(package: Path, libraries: Sequence[str]) -> List[str]:
    """What a worker may read: the system, the interpreter and its libraries, and the kata
    package itself; never the checkout around it."""
    return ["/usr", "/etc", "/opt/nvidia", "/usr/local/nvidia", "/usr/local/cuda",  # GPU drivers
            sys.base_prefix, sys.prefix, sys.exec_prefix, str(package), *libraries]


def _children(pid: int) -> List[int]:
    """Processes whose parent is ``pid`` (the worker's confined first process)."""
    found = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return found
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
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


class _Drain:
    """Reads a worker's stdout and stderr as they come (a full pipe would block it)."""

    LIMIT = 1 << 20

    def __init__(self):
        self._chunks: List[str] = []
        self._all = ""
        self._lock = threading.Lock()
        self._fd: Optional[int] = None

    def start(self, fd: int) -> None:
        self._fd = fd
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def wait(self, seconds: float) -> None:
        """Give the reader a moment to catch up with what a finished worker wrote."""
        thread = getattr(self, "_thread", None)
        if thread is not None:
            thread.join(seconds)

    def _run(self) -> None:
        fd = self._fd
        while fd is not None:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            text = chunk.decode("utf-8", "replace")
            with self._lock:
                self._chunks.append(text)
                self._all = (self._all + text)[-self.LIMIT:]
        try:
            os.close(fd)
        except OSError:
            pass

    def take(self) -> str:
        with self._lock:
            text, self._chunks = "".join(self._chunks), []
        return text[-self.LIMIT:]

    def text(self) -> str:
        with self._lock:
            return self._all
