"""The workers' answers, recorded and replayed while the code they came from is unchanged (judge side).

A worker's answer depends only on the call (the function, its arguments by
value, the seed, the patches) and on what the worker runs: the learner's
modules, the kata's worker code, the libraries and the data. So the judge
records every answer it gets, under a key made of the call and of all of
those, and a later session that makes the same call with the same code gets
the same answer back without starting a worker (and without importing
TensorFlow in one, which is most of a Keras exercise's cost once its models
are trained and cached). Edit a module, upgrade Keras, change the seed or
a test file: the keys change, and the workers answer again.

What is recorded is what crossed the boundary anyway (JSON and raw arrays,
``kata.worker.wire``), read back with the same decoders, so a record can
never carry code. Answers that did not come (a timeout, a crash, a module
that does not import) are never recorded. One file per exercise and code
version under ``.kata/answers/``, written at the end of the session through
``kata.judge.cache.Cache`` (atomic, capped, checked on read); grading runs
with ``--no-cache`` and never reads them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Tuple

from kata.judge import cache

CAP_BYTES = 256 * 1024 * 1024  # all records together (least recently used go first)
RECORD_BYTES = 64 * 1024 * 1024  # one exercise's: past it, only this session's answers are kept

Recorded = Tuple[dict, List[bytes], str]  # the answer, its blobs, what the learner's code printed


class Recorder:
    """The recorded answers of one solution tree, one exercise at a time."""

    def __init__(self, folder: Path, tree: Path, tests: Path, seed: int, full: bool):
        self.files = cache.Cache(folder, CAP_BYTES)
        self.tree, self.tests, self.seed, self.full = tree, tests, seed, full
        self._bases: Dict[str, str] = {}
        self._records: Dict[str, Dict[str, Recorded]] = {}
        self._changed: Set[str] = set()
        self._touched: Dict[str, Set[str]] = {}  # keys looked up or stored in this session
        self._calls: Dict[str, int] = {}  # how often each call was made in this session
        self.replayed: Set[str] = set()  # exercises with at least one answer replayed
        self.asked: Set[str] = set()  # exercises with at least one call a worker answered

    def base(self, exercise: str) -> str:
        """Everything an answer of ``exercise`` depends on, apart from the call itself: the
        same ingredients as a training result's key (``kata.judge.cache.key_for``)."""
        if exercise not in self._bases:
            self._bases[exercise] = cache.key_for(f"{exercise} answers", exercise, self.tree, self.tests,
                                                  self.seed, self.full)
        return self._bases[exercise]

    def key(self, exercise: str, document: Any, blobs: List[bytes]) -> str:
        """The key of a call, counted: the second identical call of a session has its own key.
        A test that calls twice to see whether the results agree (a seed honoured, a random
        start) gets back the two answers the worker gave, not the first one twice."""
        digest = hashlib.sha256(self.base(exercise).encode())
        digest.update(json.dumps(document, sort_keys=True).encode())
        for blob in blobs:
            digest.update(f"{len(blob)}:".encode())
            digest.update(blob)
        call = digest.hexdigest()
        self._calls[call] = occurrence = self._calls.get(call, 0) + 1
        return hashlib.sha256(f"{call}#{occurrence}".encode()).hexdigest()

    def knows(self, exercise: str) -> bool:
        """Whether answers of this exercise's current code were recorded."""
        return bool(self._load(exercise))

    def lookup(self, exercise: str, key: str) -> Optional[Recorded]:
        found = self._load(exercise).get(key)
        if found is not None:
            self.replayed.add(exercise)
            self._touched.setdefault(exercise, set()).add(key)
        return found

    def store(self, exercise: str, key: str, answer: dict, blobs: List[bytes], output: str) -> None:
        self._load(exercise)[key] = (answer, list(blobs), output)
        self._touched.setdefault(exercise, set()).add(key)
        self._changed.add(exercise)
        self.asked.add(exercise)

    def forget(self, exercise: str, key: str) -> None:
        self._load(exercise).pop(key, None)
        self._changed.add(exercise)

    def save(self) -> None:
        """Write the records that this session added to, each exercise's in one file."""
        for exercise in sorted(self._changed):
            records = self._records[exercise]
            if sum(len(blob) for _, own, _ in records.values() for blob in own) > RECORD_BYTES:
                # calls whose arguments differ from run to run (judge-side randomness, say)
                # would make a record grow for ever: keep what this session used
                touched = self._touched.get(exercise, set())
                records = {key: found for key, found in records.items() if key in touched}
            entries, blobs = {}, []
            for key, (answer, own, output) in records.items():
                entries[key] = {"answer": answer, "output": output, "blobs": [len(blobs), len(blobs) + len(own)]}
                blobs.extend(own)
            self.files.put(self.base(exercise), {"entries": entries}, blobs)
        self._changed.clear()

    def _load(self, exercise: str) -> Dict[str, Recorded]:
        if exercise not in self._records:
            found = self.files.get(self.base(exercise), _entries)
            self._records[exercise] = found[0] if found is not None else {}
        return self._records[exercise]


def _entries(document: Any, decoder) -> Dict[str, Recorded]:
    entries = {}
    for key, entry in document["entries"].items():
        start, stop = entry["blobs"]
        if not (isinstance(entry["answer"], dict) and isinstance(entry["output"], str)
                and 0 <= start <= stop <= len(decoder.blobs)):
            raise ValueError("not a record")
        entries[str(key)] = (entry["answer"], decoder.blobs[start:stop], entry["output"])
    return entries
