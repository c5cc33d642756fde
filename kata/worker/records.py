"""How the judge writes down a call and its answer, to replay them later (the judge's end of the boundary).

``kata.judge.replay`` keeps the records; this module shapes them. A call is
keyed by its arguments by value, whoever holds the models among them, with
the names Keras numbers per process left out; an answer is kept with the
worker's model handles replaced by what they meant in the call ("the model
passed as argument T"), since no worker holds them when it is replayed.
"""

from __future__ import annotations

import json
from typing import Any, Dict, NamedTuple

from kata.worker import wire


class _Recorded:
    """The owner of models rebuilt from a recorded answer: no worker holds them, so later
    calls send them by value."""

    alive = False


RECORDED = _Recorded()


class Keyed(NamedTuple):
    """A call as the recorder knows it: its key, and the models among its arguments,
    by the tokens that the key's (by-value) encoding gave them."""

    key: str
    tokens: Dict[int, Any]
    token_of: Dict[int, int]  # id(model) -> token


def as_arguments(node: Any, arguments: Dict[Any, int]) -> Any:
    """``node`` with each model's worker handle dropped, or turned into the argument it is."""
    if isinstance(node, list):
        return [as_arguments(item, arguments) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: as_arguments(value, arguments) for key, value in node.items()}
    if node.get(wire.TAG) == "model":
        handle = node.pop("handle", None)
        if handle in arguments:
            node["argument"] = arguments[handle]
    return node


def without_names(node: Any) -> Any:
    """A call's document with the names inside models left out: Keras numbers layers and
    optimizers in the order a process creates them ("dense_7"), which no computation reads."""
    if isinstance(node, list):
        return [without_names(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: without_names(value) for key, value in node.items()}
    if node.get(wire.TAG) == "model":
        for part in ("config", "compile"):  # both JSON text: the architecture, the compile settings
            if isinstance(node.get(part), str):
                node[part] = json.dumps(_unnamed(json.loads(node[part])), sort_keys=True)
    return node


def _unnamed(value: Any) -> Any:
    if isinstance(value, list):
        return [_unnamed(item) for item in value]
    if isinstance(value, dict):
        return {key: _unnamed(item) for key, item in value.items() if key != "name"}
    return value
