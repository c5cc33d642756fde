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

import time
import weakref
from collections import OrderedDict
from typing import Any, Callable, Dict, Mapping, Optional, Sequence, Tuple

from kata import catalog
from kata.worker import bounds, objects, wire
from kata.worker.hangs import HungFunctions
from kata.worker.records import RECORDED, Keyed, as_arguments, without_names
from kata.worker.process import Confinement, Settings, Worker, _int
from kata.worker.results import (  # noqa: F401  (the judge reads them from here)
    Call, DataRef, LearnerError, LearnerTimeout, MissingFunction, SolutionImportError,
    Unfaithful, Unrebuildable, WorkerDied, learner_error_class)
from kata.worker.bounds import AnswerTooLarge  # noqa: F401  (the judge reads it from here)

MAX_WORKERS = 4  # alive at once; the least recently used one is stopped first


# --- the judge's pool of workers ------------------------------------------------------------

class Workers:
    """All the workers of one judge session, and the rules for using them."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.pool: "OrderedDict[str, Worker]" = OrderedDict()
        self.import_failures: Dict[str, Exception] = {}
        self.hung = HungFunctions()  # a function that hung once fails at once after that
        self.deadline: Optional[float] = None
        self.limit: float = 60.0
        # (exercise, epoch, epochs, metrics, function): a model trains, in a worker or the judge
        self.progress: Optional[Callable[..., None]] = None
        self.on_output: Optional[Callable[[str], None]] = None
        self.confinement: Optional[Confinement] = None
        # Answers recorded by earlier sessions for unchanged code (``kata.judge.replay``):
        # a call found there is answered without a worker; None: every call goes to one.
        self.recorder = None
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
        if exercise not in self.pool and exercise not in self.import_failures and not (
                self.recorder is not None and self.recorder.knows(exercise)):
            self.worker(exercise)

    def call(self, exercise: str, function: str, args: Sequence[Any] = (),
             kwargs: Optional[Mapping[str, Any]] = None, *, seed: Optional[int] = None,
             replace: Optional[Mapping[str, Any]] = None, spy: Sequence[str] = (),
             strict: bool = False, expect: Optional[int] = None, keep_figures: bool = False) -> Call:
        """``expect``: the most numbers the answer may hold (arrays, model weights and
        arrays changed in place, together); an answer past it, or past the default bound
        (``kata.worker.bounds``), raises AnswerTooLarge before any of it is read."""
        if exercise in self.import_failures:
            raise self.import_failures[exercise]
        hung = self.hung.earlier(exercise, function, replace)
        if hung is not None:
            raise hung
        keyed = None
        if self.recorder is not None:
            keyed = self._keyed(exercise, function, args, kwargs, seed, replace, spy, strict,
                                keep_figures)
            recorded = self.recorder.lookup(exercise, keyed.key)
            if recorded is not None:
                replayed = self._replay(exercise, function, recorded, args, kwargs, keyed)
                if replayed is not None:
                    return replayed
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
                    "spy": list(spy), "strict": strict, "hung": self.hung.names(exercise),
                    "keep_figures": keep_figures}
        progress = (lambda epoch, epochs, metrics: self.progress(exercise, epoch, epochs, metrics, function)) \
            if self.progress else None
        try:
            answer, blobs = worker.request(document, encoder.blobs, deadline, f"`{function}`", progress)
        except wire.Timeout:
            where = worker.stack()
            worker.kill()
            self._flush_output(worker)
            raise self.hung.remember(LearnerTimeout(exercise, function, self.limit, where)) from None
        except WorkerDied:
            self._flush_output(worker)
            raise
        output = self._flush_output(worker)
        bounds.check_answer(blobs, bounds.limit_for(expect, encoder.numbers), expect, encoder.numbers,
                            f"{exercise} `{function}`")
        if answer.get("hung"):  # the call reached a function that hung earlier
            raise self.hung.named(str(answer["hung"]), exercise, function)
        if keyed is not None:
            self.recorder.store(exercise, keyed.key, self._recordable(answer, worker, tokens, keyed),
                                blobs, output)
        return self._answer(worker, exercise, function, answer, blobs, args, kwargs, output, tokens)

    # --- recorded answers -----------------------------------------------------------------

    def _keyed(self, exercise, function, args, kwargs, seed, replace, spy, strict,
               keep_figures) -> Keyed:
        """The call's key: every argument by value (models by architecture, compile settings
        and weights, whoever holds them), so that the same call has the same key in every
        session."""
        tokens: Dict[int, Any] = {}
        encoder = wire.Encoder(lambda value, enc: self._encode(value, enc, None, tokens))
        document = {"exercise": exercise, "function": function, "args": encoder.encode(list(args)),
                    "kwargs": encoder.encode(dict(kwargs or {})), "seed": seed,
                    "replace": encoder.encode(dict(replace or {})), "spy": list(spy), "strict": strict,
                    "keep_figures": keep_figures}
        key = self.recorder.key(exercise, without_names(document), encoder.blobs)
        return Keyed(key, tokens, {id(model): token for token, model in tokens.items()})

    def _replay(self, exercise, function, recorded, args, kwargs, keyed: Keyed) -> Optional[Call]:
        """The recorded answer, as if the worker had given it; None if it cannot be read."""
        answer, blobs, output = recorded
        if output and self.on_output is not None:
            self.on_output(output)
        try:
            return self._answer(RECORDED, exercise, function, answer, blobs, args, kwargs, output,
                                keyed.tokens)
        except WorkerDied:  # a damaged record: ask a worker instead
            self.recorder.forget(exercise, keyed.key)
            return None

    def _recordable(self, answer: dict, worker: Worker, tokens: Dict[int, Any], keyed: Keyed) -> dict:
        """The answer with the worker's model handles replaced by what they mean in the call:
        "the model passed as argument token T" (as the key numbers them), or nothing (a new
        model), so that it can be replayed in a session where no worker holds them."""
        held = {number: model for model, (owner, number) in list(self._handles.items()) if owner is worker}
        arguments: Dict[Any, int] = {}  # worker handle -> key token
        models = []
        for entry in answer.get("models") or []:
            if not (isinstance(entry, list) and len(entry) == 3):
                continue
            token, handle, node = entry
            model = tokens.get(token) if token is not None else held.get(handle)
            key_token = keyed.token_of.get(id(model)) if model is not None else None
            if key_token is not None:
                models.append([key_token, 0, node])
                arguments[handle] = key_token
        return {**answer, "models": models, "value": as_arguments(answer.get("value"), arguments)}

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
        decoder = wire.Decoder(blobs, {"model": lambda node, dec: self._model(node, dec, worker, tokens),
                                       "history": objects.rebuild_history,
                                       "figure": objects.rebuild_figure})
        try:
            value = decoder.decode(answer.get("value"))
            from kata.worker import changes  # NumPy, imported once an answer needs it

            names = [str(name) for name in answer.get("parameters") or []]
            changed = changes.changed_arguments(args, kwargs, decoder.decode(answer.get("mutated")), names)
            for token, handle, node in answer.get("models") or []:
                unlike = self._refresh_argument(worker, tokens.get(token), handle, node, decoder)
                if unlike:
                    raise Unfaithful(exercise, function, unlike)
        except wire.WireError as error:
            raise WorkerDied(exercise, f"`{function}`", f"it sent a malformed answer: {error}") from None
        return Call(value, [str(s) for s in answer.get("spied") or []],
                    float(answer.get("seconds") or 0.0), _int(answer.get("leaked_figures")), output,
                    changed)

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
                          decoder: wire.Decoder) -> Optional[str]:
        """A model passed to the call, as the worker holds it now: the judge's object follows
        (weights, compile settings), and from now on it is passed by handle. Returns why
        not, when the call left the learner's model unlike what its description rebuilds."""
        target = sent if sent is not None else next(
            (model for model, (owner, number) in list(self._handles.items())
             if owner is worker and number == handle), None)
        if target is None or not isinstance(node, dict) or not isinstance(handle, int):
            return None
        try:
            fresh = objects.rebuild_model(node, decoder)
        except objects.Unlike as problem:
            return str(problem)
        except objects.Refused:
            return None
        _refresh(target, fresh)
        self._handles[target] = (worker, handle)
        return None

    def _model(self, node: dict, decoder: wire.Decoder, worker: Worker, tokens: Dict[int, Any]):
        """Rebuild a model the worker sent; a model the judge already holds is updated in place."""
        handle = node.get("handle")
        passed = tokens.get(node.get("argument")) if isinstance(node.get("argument"), int) else None
        if passed is not None:  # a recorded answer: the function returned a model it was given
            try:
                _refresh(passed, objects.rebuild_model(node, decoder))
            except objects.Refused as problem:
                return Unrebuildable(str(problem))
            return passed
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
    objects.ITERATIONS.pop(model, None)
    if fresh in objects.ITERATIONS:
        objects.ITERATIONS[model] = objects.ITERATIONS[fresh]
    if getattr(fresh, "optimizer", None) is not None:
        config = fresh.get_compile_config()
        if config and config != (model.get_compile_config() if model.optimizer is not None else None):
            model.compile_from_config(config)
