"""Training results kept across runs, until anything they depend on changes (judge side).

Training is deterministic for a given seed, code and library version, so the
judge keeps what a training run gave it (the model's architecture, compile
settings and weights, and the History) under ``.kata/cache/``, one file per
result, named by a hash of everything the result depends on:

- the learner's modules involved: the exercise's module and every tree module
  it imports, followed through their imports;
- the kata's own code on both sides of the boundary (``TRAINING_CODE``) and the
  exercise's test file;
- the seed, the run's mode (default or ``--full``), the Keras, TensorFlow and
  backend versions, the data's content hash and, for an exercise that reads MNIST,
  where the data is read from (none yet, or which file: MNIST arriving changes what
  its tests can say).

The board (``kata.tools.board``) keys each exercise's status with the same function.

Change any of these and the key changes: the run trains again. Entries are
written through a temporary file and ``os.replace``, read back with
``allow_pickle=False`` and checked against their key; a damaged, truncated or
foreign file is ignored (and removed), never an error. The folder is capped
in size (least recently used entries go first), and deleting ``.kata/`` is
always safe.

Grading never reads a learner's cache: ``kata grade`` and ``kata release``
run the judge with ``--no-cache``.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Iterable, List, Optional, Tuple

import numpy as np

import kata
from kata import catalog, data
from kata.worker import objects, wire

FORMAT = 1
CAP_BYTES = 512 * 1024 * 1024
PACKAGE = Path(kata.__file__).resolve().parent
# The kata's code that a result may depend on: the judge's (its own training runs, its
# checks), the worker's (how learner code is called), the Keras adapter and the data.
TRAINING_CODE = tuple(sorted(p.relative_to(PACKAGE).as_posix() for p in (
    *(PACKAGE / "judge").glob("*.py"), *(PACKAGE / "worker").glob("*.py"),
    PACKAGE / "keras_compat.py", PACKAGE / "data.py", PACKAGE / "catalog.py")))


class Cache:
    """One folder of results; ``None`` folder means nothing is kept across runs."""

    def __init__(self, folder: Optional[Path], cap_bytes: int = CAP_BYTES):
        self.folder = folder
        self.cap_bytes = cap_bytes

    def get(self, key: str, rebuild) -> Optional[Tuple[Any, float]]:
        """The value stored under ``key`` and when it was made, or None."""
        if self.folder is None:
            return None
        path = self._path(key)
        if not path.is_file():
            return None
        try:
            with np.load(path, allow_pickle=False) as archive:
                meta = json.loads(bytes(archive["meta"]).decode("utf-8"))
                blobs = [bytes(archive[f"blob{i}"]) for i in range(int(meta["blobs"]))]
            if meta.get("format") != FORMAT or meta.get("key") != key:
                raise ValueError("not an entry of this key")
            value = rebuild(meta["value"], wire.Decoder(blobs, JUDGE_OBJECTS))
        except Exception:  # truncated, doctored or foreign: train again
            _remove(path)
            return None
        os.utime(path)  # recently used
        return value, float(meta.get("created", 0.0))

    def put(self, key: str, document: Any, blobs: List[bytes]) -> None:
        if self.folder is None:
            return
        meta = {"format": FORMAT, "key": key, "created": time.time(), "value": document,
                "blobs": len(blobs)}
        arrays = {"meta": np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)}
        arrays.update({f"blob{i}": np.frombuffer(blob, dtype=np.uint8) for i, blob in enumerate(blobs)})
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".entry-", suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                stream.write(buffer.getvalue())
            os.replace(temporary, self._path(key))
        except OSError:  # a read-only checkout, a full disk: no cache, no harm
            return
        self._evict()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.npz"

    def _evict(self) -> None:
        sizes = []  # (last used, size, path); another session may be removing entries meanwhile
        for path in self.folder.glob("*.npz"):
            try:
                found = path.stat()
            except OSError:
                continue
            sizes.append((found.st_mtime, found.st_size, path))
        total = sum(size for _, size, _ in sizes)
        for _, size, path in sorted(sizes):
            if total <= self.cap_bytes:
                break
            total -= size
            _remove(path)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


JUDGE_OBJECTS = {"model": objects.rebuild_model, "history": objects.rebuild_history}


def encode(value: Any) -> Optional[Tuple[Any, List[bytes]]]:
    """A training result as (document, blobs), or None for what is not kept."""
    from kata.judge.training import Trained

    encoder = wire.Encoder(_describe)
    if isinstance(value, Trained):
        document = {"kind": "trained", "model": encoder.encode(value.model),
                    "history": encoder.encode(value.history), "seconds": float(value.seconds)}
    elif objects.is_history(value):
        document = {"kind": "history", "history": encoder.encode(value)}
    elif _plain(value):  # numbers the judge measured itself, such as bonus_depth's rerun
        document = {"kind": "data", "value": encoder.encode(value)}
    else:
        return None
    return document, encoder.blobs


def _plain(value: Any, depth: int = 0) -> bool:
    """Numbers, text, arrays and containers of them: nothing that stands for an object."""
    if depth > 20:
        return False
    if value is None or isinstance(value, (bool, int, float, str, np.ndarray, np.generic)):
        return True
    if isinstance(value, (list, tuple)):
        return all(_plain(item, depth + 1) for item in value)
    if isinstance(value, dict):
        return all(_plain(k, depth + 1) and _plain(v, depth + 1) for k, v in value.items())
    return False


def decode(document: Any, decoder: wire.Decoder) -> Any:
    from kata.judge.training import Trained

    if document.get("kind") == "trained":
        model, history = decoder.decode(document["model"]), decoder.decode(document["history"])
        if not objects.is_model(model) or not objects.is_history(history):
            raise ValueError("not a training result")
        return Trained(model, history, float(document.get("seconds", 0.0)))
    if document.get("kind") == "history":
        return decoder.decode(document["history"])
    if document.get("kind") == "data":
        return decoder.decode(document["value"])
    raise ValueError(f"unknown kind {document.get('kind')!r}")


def _describe(value: Any, encoder: wire.Encoder) -> Optional[dict]:
    if objects.is_model(value):
        return objects.describe_model(value, encoder)
    if objects.is_history(value):
        return objects.describe_history(value, encoder)
    return None


# --- the key ------------------------------------------------------------------------------

def key_for(name: str, exercise: str, tree: Path, tests: Path, seed: int, full: bool) -> str:
    """A hash of everything the result called ``name`` depends on."""
    digest = hashlib.sha256()

    def add(label: str, content: bytes) -> None:
        digest.update(f"{label}:{len(content)}:".encode())
        digest.update(content)

    add("name", name.encode())
    add("mode", b"full" if full else b"default")
    add("seed", str(seed).encode())
    add("versions", json.dumps(library_versions(), sort_keys=True).encode())
    add("data", "".join(spec[2] for spec in data.MNIST_SPEC.values()).encode())
    known = catalog.BY_NAME.get(exercise)
    if known is None or known.reads_mnist:
        add("data source", data.source().encode())
    for relative in TRAINING_CODE:
        add(f"kata/{relative}", _read(PACKAGE / relative))
    for test_file in sorted((tests / exercise).glob("test_*.py")):
        add(f"tests/{test_file.name}", _read(test_file))
    for module in modules_involved(tree, exercise):
        add(f"module/{module}", _read(tree / module))
    return digest.hexdigest()


def modules_involved(tree: Path, exercise: str) -> List[str]:
    """Every module of the exercise's folder, of the exercises the catalog says it
    requires, and of the folders their modules import, transitively (paths relative to
    the tree): what the worker is given of those folders (``plan.copy_modules``), helper
    modules beside the exercise's own included. Read as text and parsed, never imported."""
    found: List[str] = []
    known = catalog.BY_NAME.get(exercise)
    folders, queue = set(), [exercise, *(known.requires if known else ())]
    while queue:
        name = queue.pop()
        if name in folders:
            continue
        folders.add(name)
        for path in _folder_modules(tree / name):
            found.append(f"{name}/{path.name}")
            queue.extend(_imported_exercises(path))
    return sorted(found)


def _folder_modules(folder: Path) -> List[Path]:
    """The modules a worker gets from one exercise folder (as ``plan.copy_modules`` picks them)."""
    if not folder.is_dir() or folder.is_symlink():
        return []
    return sorted(path for path in folder.glob("*.py") if not path.name.startswith("test_")
                  and path.name != "conftest.py" and not path.is_symlink() and path.is_file())


def _imported_exercises(path: Path) -> Iterable[str]:
    try:
        tree = ast.parse(path.read_bytes())
    except (OSError, SyntaxError, ValueError):
        return []
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return sorted(name for name in names if name in catalog.BY_NAME)


def library_versions() -> dict:
    """Installed versions of what training depends on, and the Keras backend configured."""
    return dict(_library_versions())


@functools.lru_cache(maxsize=None)
def _library_versions() -> dict:
    from importlib import metadata

    versions = {"python": sys.version.split()[0]}
    for name in ("numpy", "keras", "tensorflow", "tensorflow-cpu", "jax", "jaxlib"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    versions["backend"] = configured_backend()
    return versions  # read once per process: every exercise's key asks


def configured_backend() -> str:
    """The backend Keras is set to use (``KERAS_BACKEND``, else its ``keras.json``), read
    without importing Keras: a key is computed before the judge's own import has finished."""
    if os.environ.get("KERAS_BACKEND"):
        return os.environ["KERAS_BACKEND"]
    home = Path(os.environ.get("KERAS_HOME") or Path.home() / ".keras")
    try:
        return str(json.loads((home / "keras.json").read_text()).get("backend") or "tensorflow")
    except (OSError, ValueError, AttributeError):
        return "tensorflow"


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b"missing"


def ago(created: float) -> str:
    seconds = max(0, time.time() - created)
    if seconds < 90:
        return f"{seconds:.0f} s ago"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min ago"
    if seconds < 36 * 3600:
        return f"{seconds / 3600:.0f} h ago"
    return f"{seconds / 86400:.0f} days ago"
