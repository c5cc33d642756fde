"""The worker's loop: import learner modules, call their functions, answer with data (worker side).

This module runs inside the sandbox (``kata.worker.boot`` puts it there)
and is the only place where learner code is imported and called. Requests
and answers are ``kata.worker.wire`` messages:

    {"op": "load", "exercise": "ex5_1"}
        -> {"ok": true} or {"ok": false, "import_error": "..."}
    {"op": "call", "exercise", "function", "args", "kwargs", "seed", "replace", "spy", "strict", "hung",
     "keep_figures"}
        -> {"ok": true, "value", "spied", "seconds", "leaked_figures", "mutated", "parameters", "models"}
           ("mutated": the array arguments the call changed, values, shape or dtype;
           "parameters": the function's positional parameter names, when any changed)
        or {"ok": false, "error": {"type", "builtin", "message", "frames", "traceback"}}
        or {"ok": false, "hung": "ex5_1.output"} (it reached a function named in "hung")
        (while a model trains: {"op": "progress", "epoch": i, "epochs": n} first)
    {"op": "drop", "handles": [...]}   forget models the judge no longer holds
    {"op": "bye"}

Nothing here is trusted by the judge: learner code shares this process and
could change any of it. What keeps grades true is that the judge checks
every answer as data.
"""

from __future__ import annotations

import builtins
import contextlib
import os
import random
import sys
import time
import traceback
import warnings
from typing import Any, Dict, List, Optional, Set, Tuple

import numpy as np

from kata import catalog, data
from kata.worker import changes, objects, trees, wire

NOT_FOUND = "kata-no-such-function"


class Worker:
    def __init__(self, commands: int, answers: int):
        self.commands = commands
        self.answers = answers
        self.handles: Dict[int, Any] = {}
        self.next_handle = 1
        self.tokens: Dict[int, Any] = {}  # this call's models sent by value, by the judge's token
        self.loaded: Set[int] = set()  # ids of this call's arrays loaded here (MNIST), not sent
        self.kept: Set[int] = set()  # pyplot figures left open for the next call (keep_figures)

    # --- encoding -------------------------------------------------------------------------

    def handle_of(self, model) -> int:
        for number, known in self.handles.items():
            if known is model:
                return number
        number = self.next_handle
        self.next_handle += 1
        self.handles[number] = model
        return number

    def encode_special(self, value: Any, encoder: wire.Encoder) -> Optional[dict]:
        if objects.is_model(value):
            return objects.describe_model(value, encoder, self.handle_of(value), measured=True)
        if objects.is_history(value):
            return objects.describe_history(value, encoder)
        if objects.is_figure(value):
            return objects.describe_figure(value, encoder)
        module = type(value).__module__.split(".")[0]
        if module in ("tensorflow", "jax", "jaxlib", "keras", "torch") and hasattr(value, "__array__"):
            try:
                return encoder.encode(np.asarray(value))
            except Exception:
                return None
        return None

    def decoder(self, blobs: List[bytes]) -> wire.Decoder:
        return wire.Decoder(blobs, {
            "model": self._model_by_value,
            "handle": self._model_by_handle,
            "history": objects.rebuild_history,
            "dataref": self._load_data,
        })

    def _model_by_value(self, node: dict, decoder: wire.Decoder):
        model = objects.rebuild_model(node, decoder)
        self.handle_of(model)
        if isinstance(node.get("token"), int):  # the judge's name for its own copy
            self.tokens[node["token"]] = model
        return model

    def _load_data(self, node: dict, decoder: wire.Decoder) -> np.ndarray:
        """An MNIST array the judge named instead of sending: a private copy of it, so that
        a learner's function that changes its arguments in place spoils no later call."""
        name = node.get("name")
        if name not in ("x_train", "y_train", "x_test", "y_test"):
            raise wire.WireError(f"no MNIST array called {name!r}")
        source = data.prepared_mnist() if node.get("prepared") else data.load_mnist()
        stop = node.get("stop")
        array = getattr(source, name)[:stop if isinstance(stop, int) else None].copy()
        self.loaded.add(id(array))
        return array

    def _model_by_handle(self, node: dict, decoder: wire.Decoder):
        number = node.get("id")
        if number not in self.handles:
            raise wire.WireError(f"no model with handle {number!r}")
        return self.handles[number]

    def reply(self, document: dict, value: Any = None, **extra) -> None:
        encoder = wire.Encoder(self.encode_special)
        try:
            encoded = encoder.encode(value)
            extra = {key: encoder.encode(item) for key, item in extra.items()}
        except wire.WireError as error:
            encoder = wire.Encoder()
            encoded, extra = wire.opaque(f"<a value too large to send: {error}>"), {}
        wire.send(self.answers, {**document, "value": encoded, **extra}, encoder.blobs)

    # --- requests -------------------------------------------------------------------------

    def serve(self) -> None:
        while True:
            try:
                request, blobs = wire.receive(self.commands)
            except wire.Closed:
                return
            op = request.get("op")
            if op == "bye":
                return
            if op == "load":
                self.load(str(request.get("exercise")))
            elif op == "call":
                self.call(request, blobs)
            elif op == "drop":
                for number in request.get("handles") or []:
                    self.handles.pop(number, None)
            else:
                wire.send(self.answers, {"ok": False, "protocol": f"unknown op {op!r}"})

    def load(self, exercise: str) -> None:
        try:
            trees.import_solution(exercise)
        except trees.SolutionImportError as error:
            wire.send(self.answers, {"ok": False, "import_error": str(error)})
            return
        wire.send(self.answers, {"ok": True})

    def call(self, request: dict, blobs: List[bytes]) -> None:
        exercise = str(request.get("exercise"))
        name = str(request.get("function"))
        try:
            module = trees.import_solution(exercise)
        except trees.SolutionImportError as error:
            wire.send(self.answers, {"ok": False, "import_error": str(error)})
            return
        function = getattr(module, name, None)
        if not callable(function):
            wire.send(self.answers, {"ok": False, "missing": NOT_FOUND})
            return
        decoder = self.decoder(blobs)
        self.tokens, self.loaded = {}, set()
        args = decoder.decode(request.get("args"))
        kwargs = decoder.decode(request.get("kwargs"))
        passed_models = {number: model for number, model in self.handles.items()
                         if _contains(args, model) or _contains(kwargs, model)}
        tokens = {id(model): token for token, model in self.tokens.items()}
        spied: List[str] = []
        # Functions stopped earlier in this session for never returning fail at once.
        stops = {_qualified(exercise, qualified): _hung(str(qualified))
                 for qualified in request.get("hung") or []}
        patches = dict(stops)
        for qualified, replacement in (decoder.decode(request.get("replace")) or {}).items():
            patches[_qualified(exercise, qualified)] = _returning(replacement)
        for qualified in request.get("spy") or []:
            target = _qualified(exercise, qualified)
            patches[target] = _recording(qualified, stops.get(target) or _function(*target), spied)
        before_arrays = _array_arguments(args, kwargs, self.loaded)
        before_figures = _open_figures()
        _seed(request.get("seed"), exercise)
        started = time.perf_counter()
        try:
            with _patched(patches), _strictness(bool(request.get("strict"))), _progress(self):
                value = function(*args, **kwargs)
        except AlreadyHung as error:
            wire.send(self.answers, {"ok": False, "hung": error.args[0]})
            return
        except BaseException as error:  # whatever the learner's code raises, SystemExit included
            self.fail(error)
            return
        finally:
            _flush()
        seconds = time.perf_counter() - started
        mutated = [[key, array] for key, array in _array_arguments(args, kwargs, self.loaded).items()
                   if not _same(before_arrays.get(key), array)]
        returned = getattr(value, "number", None) if objects.is_figure(value) else None
        new_figures = _open_figures() - before_figures
        try:
            self.reply({"ok": True, "spied": spied, "seconds": seconds,
                        "leaked_figures": len(new_figures - {returned}),
                        "parameters": changes.parameter_names(function, len(args)) if mutated else []},
                       value, mutated=mutated,
                       models=[[tokens.get(id(model)), number, model]
                               for number, model in passed_models.items()])
        except Exception as error:  # describing the value ran the learner's objects' code, which raised
            self.fail(error)
        if request.get("keep_figures"):  # as in a notebook: the next call finds pyplot as this one left it
            self.kept |= new_figures
        else:
            _close_figures(new_figures | self.kept)
            self.kept = set()

    def fail(self, error: BaseException) -> None:
        frames = trees.frames_in_tree(error.__traceback__)
        text = "".join(traceback.format_exception_only(type(error), error)).strip()
        listing = "".join(f"  {trees.shown(f)}, line {line}, in {function}\n"
                          for f, line, function in frames)
        builtin = type(error).__name__ if getattr(builtins, type(error).__name__, None) is type(error) \
            else None
        try:
            message = str(error)
        except Exception:
            message = f"<{type(error).__name__}>"
        wire.send(self.answers, {"ok": False, "error": {
            "type": type(error).__name__, "builtin": builtin, "message": message[:5000],
            "frames": [[os.path.relpath(f, str(trees.root())), line, function]
                       for f, line, function in frames],
            "traceback": (listing + text)[:5000]}})


def _contains(value: Any, target: Any) -> bool:
    if value is target:
        return True
    if isinstance(value, (list, tuple)):
        return any(_contains(item, target) for item in value)
    if isinstance(value, dict):
        return any(_contains(item, target) for item in value.values())
    return False


def _array_arguments(args, kwargs, loaded: Set[int]) -> Dict[str, np.ndarray]:
    """The array arguments the judge sent, by position ("0", "1", ...) or keyword, as copies.
    Arrays loaded here (``loaded``, their ids) are left out: the judge holds no copy to
    update, and comparing all of MNIST after a call costs seconds."""
    found = {str(i): a for i, a in enumerate(args) if isinstance(a, np.ndarray)}
    found.update({k: a for k, a in kwargs.items() if isinstance(a, np.ndarray)})
    return {key: array.copy() for key, array in found.items() if id(array) not in loaded}


def _same(before: Optional[np.ndarray], after: np.ndarray) -> bool:
    return before is not None and before.shape == after.shape and before.dtype == after.dtype \
        and np.array_equal(before, after, equal_nan=before.dtype.kind in "fc")


def _qualified(exercise: str, name: str) -> Tuple[str, str]:
    owner, _, function = str(name).rpartition(".")
    return (owner or exercise, function)


def _function(exercise: str, name: str):
    module = trees.import_solution(exercise)
    return getattr(module, name, None)


class AlreadyHung(BaseException):
    """A function that hung earlier in the session was called again (its name)."""


def _hung(name: str):
    def stopped(*args, **kwargs):
        raise AlreadyHung(name)
    return stopped


def _returning(value):
    return lambda *args, **kwargs: value


def _recording(name: str, original, calls: List[str]):
    def record(*args, **kwargs):
        calls.append(name)
        return original(*args, **kwargs)
    return record


@contextlib.contextmanager
def _patched(patches):
    """Bind each replacement wherever the original function is bound in the tree's modules."""
    saved = []
    try:
        for (exercise, name), replacement in patches.items():
            original = _function(exercise, name)
            for module in list(sys.modules.values()):
                if getattr(module, "__name__", "").split(".")[0] not in catalog.BY_NAME:
                    continue
                for attribute, bound in list(vars(module).items()):
                    if original is not None and bound is original:
                        saved.append((module, attribute, bound))
                        setattr(module, attribute, replacement)
        yield
    finally:
        for module, attribute, bound in reversed(saved):
            setattr(module, attribute, bound)


@contextlib.contextmanager
def _strictness(strict: bool):
    if not strict:
        yield
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            yield


@contextlib.contextmanager
def _progress(worker: Worker):
    """While the call runs, every Keras fit reports its epochs to the judge and prints nothing."""
    keras = sys.modules.get("keras")
    if keras is None:
        yield
        return
    from kata import keras_compat

    def report(epoch: int, epochs: int, metrics: dict) -> None:
        wire.send(worker.answers, {"op": "progress", "epoch": epoch, "epochs": epochs, "metrics": metrics})

    with keras_compat.fit_progress(report):
        yield


def _seed(seed: Any, exercise: str) -> None:
    if seed is None:
        return
    seed = int(seed)
    if catalog.get(exercise).uses_tensorflow or "keras" in sys.modules:
        import keras

        keras.utils.set_random_seed(seed)
    else:
        random.seed(seed)
        np.random.seed(seed)


def _open_figures() -> set:
    pyplot = sys.modules.get("matplotlib.pyplot")
    return set(pyplot.get_fignums()) if pyplot else set()


def _close_figures(numbers) -> None:
    pyplot = sys.modules.get("matplotlib.pyplot")
    open_now = set(pyplot.get_fignums()) if pyplot else set()
    for number in set(numbers) & open_now:
        pyplot.close(number)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def run(commands: int, answers: int) -> None:
    Worker(commands, answers).serve()
