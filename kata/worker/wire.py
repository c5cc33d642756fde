"""The wire format between the judge and a worker: data that cannot carry code.

A message is a JSON document plus a list of binary blobs, each blob a NumPy
``.npy`` file written and read with ``allow_pickle=False``. Values are
encoded as JSON where JSON can say them (None, booleans, numbers, strings,
lists) and as small tagged objects where it cannot::

    {"$": "tuple", "items": [...]}          a tuple
    {"$": "dict", "items": [[key, value], ...]}  a dict (keys need not be strings)
    {"$": "array", "blob": 3}               an ndarray (any numeric or bool dtype)
    {"$": "scalar", "blob": 4}              a NumPy scalar, its dtype kept
    {"$": "opaque", "type": "...", "repr": "..."}  anything else, by name only

Richer objects (Keras models, histories, figures) are tagged dicts built by
``kata.worker.objects`` from these same parts. Decoding never imports,
evaluates or unpickles anything: a tag it does not know becomes an opaque
value, and sizes and nesting are capped.

Framing on a pipe: each message is an 8-byte little-endian length and the
JSON text, followed by one length-prefixed frame per blob.
"""

from __future__ import annotations

import io
import json
import math
import os
import select
import struct
import time
from typing import Any, Callable, Dict, List, Optional, Tuple

import numpy as np

MAX_MESSAGE_BYTES = 1 << 30  # 1 GiB: all of MNIST as float32 is 220 MB
MAX_DEPTH = 64
MAX_ITEMS = 1_000_000
TAG = "$"


class WireError(Exception):
    """A message that breaks the format or its limits."""


class Opaque:
    """A value that could not be sent as data: only its type name and a short repr crossed."""

    def __init__(self, type_name: str, text: str):
        self.type_name = type_name
        self.text = text

    def __repr__(self) -> str:
        return self.text if self.text.startswith("<") else f"<{self.type_name}: {self.text}>"

    def __eq__(self, other) -> bool:
        return isinstance(other, Opaque) and (self.type_name, self.text) == (other.type_name, other.text)

    __hash__ = None  # type: ignore[assignment]


class Encoder:
    """Turns a value into (JSON-able tree, blobs). ``special`` may encode an object
    itself (return a tagged dict) or return None to fall through."""

    def __init__(self, special: Optional[Callable[[Any, "Encoder"], Optional[dict]]] = None):
        self.blobs: List[bytes] = []
        self.special = special
        self.size = 0
        self.numbers = 0  # elements of every array sent: what an answer's size is measured against

    def blob(self, array: np.ndarray) -> int:
        buffer = io.BytesIO()
        array = np.asarray(array)
        self.numbers += array.size
        np.save(buffer, array, allow_pickle=False)
        data = buffer.getvalue()
        self.size += len(data)
        if self.size > MAX_MESSAGE_BYTES:
            raise WireError(f"more than {MAX_MESSAGE_BYTES >> 20} MB of arrays in one message")
        self.blobs.append(data)
        return len(self.blobs) - 1

    def encode(self, value: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise WireError(f"nested more than {MAX_DEPTH} levels deep")
        if value is None or isinstance(value, (bool, str)):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            self.numbers += 1
            return value if abs(value) < 2 ** 63 else {TAG: "bigint", "text": str(value)}
        if isinstance(value, float):
            self.numbers += 1
            return value if math.isfinite(value) else {TAG: "float", "text": repr(value)}
        if self.special is not None:
            encoded = self.special(value, self)
            if encoded is not None:
                return encoded
        if isinstance(value, np.ndarray):
            if value.dtype.hasobject or value.dtype.kind not in "biufcmMUS":
                return opaque(value)
            return {TAG: "array", "blob": self.blob(value)}
        if isinstance(value, np.generic):
            if value.dtype.hasobject:
                return opaque(value)
            return {TAG: "scalar", "blob": self.blob(np.asarray(value))}
        if isinstance(value, (list, tuple)):
            if len(value) > MAX_ITEMS:
                raise WireError(f"a sequence of more than {MAX_ITEMS} items")
            items = [self.encode(item, depth + 1) for item in value]
            return items if type(value) is list else {TAG: "tuple", "items": items}
        if isinstance(value, dict) and type(value) is dict:
            return {TAG: "dict", "items": [[self.encode(k, depth + 1), self.encode(v, depth + 1)]
                                           for k, v in value.items()]}
        return opaque(value)


def opaque(value: Any) -> dict:
    try:
        text = repr(value)
    except Exception:  # a repr that raises: the type name is all we give
        text = f"<{type(value).__name__}>"
    if len(text) > 200:
        text = text[:197] + "..."
    return {TAG: "opaque", "type": type(value).__name__, "repr": text}


class Decoder:
    """Turns (tree, blobs) back into values. ``special`` maps a tag to a function
    ``(node, decoder) -> value`` for the richer objects."""

    def __init__(self, blobs: List[bytes], special: Optional[Dict[str, Callable[[dict, "Decoder"], Any]]] = None):
        self.blobs = blobs
        self.special = special or {}

    def array(self, index: Any) -> np.ndarray:
        if not isinstance(index, int) or not 0 <= index < len(self.blobs):
            raise WireError(f"no blob {index!r}")
        try:
            return np.load(io.BytesIO(self.blobs[index]), allow_pickle=False)
        except Exception as error:  # a damaged or pickled blob
            raise WireError(f"blob {index} is not a plain .npy array: {error}") from None

    def decode(self, node: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise WireError(f"nested more than {MAX_DEPTH} levels deep")
        if node is None or isinstance(node, (bool, int, float, str)):
            return node
        if isinstance(node, list):
            return [self.decode(item, depth + 1) for item in node]
        if not isinstance(node, dict):
            raise WireError(f"unexpected JSON value {type(node).__name__}")
        tag = node.get(TAG)
        if tag == "tuple":
            return tuple(self.decode(item, depth + 1) for item in _list(node, "items"))
        if tag == "dict":
            pairs = [(self.decode(k, depth + 1), self.decode(v, depth + 1)) for k, v in _pairs(node)]
            result = {}
            for key, value in pairs:
                try:
                    result[key] = value
                except TypeError:  # an unhashable key (a list): keep it readable
                    result[repr(key)] = value
            return result
        if tag == "array":
            return self.array(node.get("blob"))
        if tag == "scalar":
            return self.array(node.get("blob"))[()]
        if tag == "float":
            text = node.get("text")
            if text not in ("nan", "inf", "-inf"):
                raise WireError(f"bad float {text!r}")
            return float(text)
        if tag == "bigint":
            return int(str(node.get("text")))
        if tag in self.special:
            return self.special[tag](node, self)
        return Opaque(str(node.get("type", tag)), str(node.get("repr", f"<{tag}>")))


def _list(node: dict, key: str) -> list:
    value = node.get(key)
    if not isinstance(value, list):
        raise WireError(f"{node.get(TAG)}: {key} is not a list")
    return value


def _pairs(node: dict) -> List[Tuple[Any, Any]]:
    pairs = _list(node, "items")
    if not all(isinstance(pair, list) and len(pair) == 2 for pair in pairs):
        raise WireError("dict items must be [key, value] pairs")
    return pairs


# --- framing -----------------------------------------------------------------------------

def send(fd: int, document: dict, blobs: List[bytes] = ()) -> None:
    """Write one message (a JSON document and its blobs) to ``fd``."""
    text = json.dumps({**document, "blobs": len(blobs)}, allow_nan=False).encode("utf-8")
    parts = [struct.pack("<Q", len(text)), text]
    for blob in blobs:
        parts += [struct.pack("<Q", len(blob)), blob]
    data = b"".join(parts)
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


class Timeout(Exception):
    """No complete message arrived before the deadline."""


class Closed(Exception):
    """The other side closed the pipe (it exited or crashed)."""


def receive(fd: int, deadline: Optional[float] = None) -> Tuple[dict, List[bytes]]:
    """Read one message from ``fd``; ``deadline`` is a ``time.monotonic()`` value."""
    length = _frame_length(fd, deadline)
    try:
        document = json.loads(_read_exactly(fd, length, deadline).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise WireError(f"not a JSON document: {error}") from None
    if not isinstance(document, dict):
        raise WireError("a message must be a JSON object")
    count = document.pop("blobs", 0)
    if not isinstance(count, int) or not 0 <= count <= MAX_ITEMS:
        raise WireError(f"bad blob count {count!r}")
    blobs, total = [], length
    for _ in range(count):
        size = _frame_length(fd, deadline)
        total += size
        if total > MAX_MESSAGE_BYTES:
            raise WireError(f"a message of more than {MAX_MESSAGE_BYTES >> 20} MB")
        blobs.append(_read_exactly(fd, size, deadline))
    return document, blobs


def _frame_length(fd: int, deadline: Optional[float]) -> int:
    (length,) = struct.unpack("<Q", _read_exactly(fd, 8, deadline))
    if length > MAX_MESSAGE_BYTES:
        raise WireError(f"a frame of {length} bytes, more than the {MAX_MESSAGE_BYTES >> 20} MB limit")
    return length


def _read_exactly(fd: int, size: int, deadline: Optional[float]) -> bytes:
    chunks, remaining = [], size
    while remaining:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise Timeout()
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            raise Closed()
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)
