"""How much of a worker's answer the judge agrees to read (judge side).

Every answer is data, but data has a size: a ``relu`` that returns a 1 GiB
boolean array would make the judge allocate gigabytes the moment a test turns
it into floats, and a model described as 784 -> 40000 -> 40000 -> 10 would make
Keras allocate its 6 GB of weights as soon as the judge rebuilt it. So before
any array of an answer is read, ``check_answer`` reads only the ``.npy``
headers (shape and dtype) of its blobs and refuses an answer that holds more
numbers than the call can need: the count a test states (``expect``), or else
a generous bound (``DEFAULT_NUMBERS``, or a multiple of what the call was
given). And before a model is rebuilt, ``model_parameters`` estimates its
parameter count from its configuration alone and ``check_model`` refuses one
far beyond what any exercise asks.

A refusal is ``AnswerTooLarge``: that test fails with the reason, the judge
goes on with the next one.
"""

from __future__ import annotations

import io
from typing import Any, Iterable, List, Optional, Sequence

import numpy as np

DEFAULT_NUMBERS = 1 << 24  # 16 Mi numbers (128 MiB as float64): 16 times the largest model asked for
PER_NUMBER_SENT = 4  # an answer may also hold 4 numbers per number the call was given
MAX_MODEL_PARAMETERS = 1 << 24  # the exercises' models have about 1 M parameters


class AnswerTooLarge(Exception):
    """An answer refused for its size before it was read; the message says why."""


def header(blob: bytes):
    """(shape, dtype) of a ``.npy`` blob, from its header only (a ``bytes`` blob is not
    copied: BytesIO shares it until written to)."""
    stream = io.BytesIO(blob)
    try:
        version = np.lib.format.read_magic(stream)
        read = np.lib.format.read_array_header_1_0 if version == (1, 0) else \
            np.lib.format.read_array_header_2_0
        shape, _, dtype = read(stream)
    except Exception as error:  # a damaged header: the decoder says so in its own words
        raise ValueError(f"not a .npy header: {error}") from None
    return tuple(shape), np.dtype(dtype)


def numbers_in(shape: Sequence[int], dtype: np.dtype) -> int:
    """How many numbers an array holds, a string of 8 characters counting as one."""
    count = int(np.prod(shape, dtype=object)) if shape else 1
    return count * max(1, -(-dtype.itemsize // 8)) if dtype.kind in "US" else count


def limit_for(expect: Optional[int], sent: int) -> int:
    """The most numbers an answer may hold: what the test expects, else the default bound."""
    if expect is not None:
        return int(expect)
    return max(DEFAULT_NUMBERS, PER_NUMBER_SENT * sent)


def check_answer(blobs: Iterable[bytes], limit: int, expect: Optional[int], sent: int,
                 where: str) -> None:
    """Raise AnswerTooLarge when the answer's arrays hold more than ``limit`` numbers, or
    when one of them has no header to say its size (the worker's own encoder always
    writes one: only a doctored answer lacks it)."""
    total, size, largest = 0, 0, None
    for blob in blobs:
        try:
            shape, dtype = header(blob)
        except ValueError as error:
            raise AnswerTooLarge(f"{where}: the answer holds something other than a plain array "
                                 f"({error}), so the kata refused it without reading it") from None
        count = numbers_in(shape, dtype)
        total += count
        size += len(blob)
        if largest is None or count > numbers_in(*largest):
            largest = (shape, dtype)
    if total <= limit:
        return
    expected = (f"this test expects {_count(expect)}" if expect is not None else
                f"the call was given {_count(sent)}, and an answer may hold at most {_count(limit)}")
    raise AnswerTooLarge(
        f"{where}: the answer is {_bytes(size)} ({_count(total)}; the largest array has shape "
        f"{largest[0]} and dtype {largest[1]}); {expected}. The kata refused it without reading "
        f"it. Return the value itself, of the size the exercise asks for.")


def _count(numbers: int) -> str:
    return f"{numbers:,} number{'s' if numbers != 1 else ''}"


def _bytes(size: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


# --- models, from their configuration ---------------------------------------------------

def model_parameters(config: Any) -> int:
    """An upper estimate of a Keras model's parameter count, from its configuration only:
    each layer with units (or filters) is counted as if fed by the widest thing seen so far
    (the input's size, or any layer's units), so the estimate is never below the truth for
    the dense stacks the exercises build, and grows with every oversized layer."""
    layers = list(_layers(config))
    widest = max([_input_size(layer) for layer in layers] + [1])
    for layer in layers:
        widest = max(widest, _int(layer.get("units")), _int(layer.get("filters")),
                     _int(layer.get("output_dim")))
    total = 0
    for layer in layers:
        outputs = _int(layer.get("units")) or _int(layer.get("filters")) or _int(layer.get("output_dim"))
        if outputs:
            kernel = _product(layer.get("kernel_size")) if layer.get("kernel_size") is not None else 1
            recurrent = "recurrent_initializer" in layer  # LSTM-like: 4 gates, a recurrent kernel
            inputs = _int(layer.get("input_dim")) or widest
            total += (4 if recurrent else 1) * (inputs * kernel + 1 + (outputs if recurrent else 0)) \
                * outputs
        elif "moving_mean_initializer" in layer or "gamma_initializer" in layer:  # normalization
            total += 4 * widest
    return total


def check_model(config: Any, limit: int = MAX_MODEL_PARAMETERS) -> None:
    """Raise AnswerTooLarge for a model whose configuration asks for more than ``limit``
    parameters, before anything is built."""
    estimate = model_parameters(config)
    if estimate > limit:
        raise AnswerTooLarge(
            f"its configuration asks for about {estimate:,} parameters, far beyond the "
            f"exercises' models (about 1 M), so the kata refused to build it (at most {limit:,})")


def _layers(node: Any, depth: int = 0) -> Iterable[dict]:
    """The ``config`` dict of every layer in a configuration, nested models included."""
    if depth > 64:
        return
    if isinstance(node, dict):
        config = node.get("config")
        if isinstance(node.get("class_name"), str) and isinstance(config, dict):
            yield config
        for value in node.values():
            yield from _layers(value, depth + 1)
    elif isinstance(node, list):
        for value in node:
            yield from _layers(value, depth + 1)


def _input_size(layer: dict) -> int:
    for key in ("batch_shape", "batch_input_shape", "input_shape", "shape"):
        shape = layer.get(key)
        if isinstance(shape, list) and shape:
            dims = shape[1:] if key.startswith("batch") else shape
            return _product(dims) if dims else 1
    return 1


def _product(values: Any) -> int:
    items: List[Any] = values if isinstance(values, list) else [values]
    result = 1
    for item in items:
        result *= max(1, _int(item))
    return result


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0
