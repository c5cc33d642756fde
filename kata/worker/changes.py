"""Array arguments a learner's function changed in place, shape and dtype included.

The worker sends back every array argument that differs after the call from
what it was before (``serve``: values, shape or dtype); the judge
(``client``) describes each change against its own copy of the argument,
mirrors it into that copy where NumPy allows, and hands the descriptions to
the tests on ``Call.changed``: a function that changes what the caller gave
it fails at that call (``kata.judge.learner``), whichever test makes it.
"""

from __future__ import annotations

import inspect
import warnings
from typing import Any, Callable, Dict, List, Optional

import numpy as np


def parameter_names(function: Callable, positional: int) -> List[str]:
    """The names of ``function``'s first ``positional`` parameters, as far as its signature
    says (``args[i]`` past a ``*args``); an empty list where it has none to read."""
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return []
    names: List[str] = []
    for parameter in parameters:
        if len(names) == positional:
            break
        if parameter.kind is parameter.VAR_POSITIONAL:
            names += [f"{parameter.name}[{i}]" for i in range(positional - len(names))]
        elif parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
            names.append(parameter.name)
    return names


def _target(args, kwargs, key: Any) -> Any:
    if isinstance(key, str) and not key.isdigit():
        return kwargs.get(key)
    return args[int(key)] if str(key).isdigit() and int(key) < len(args) else None


def argument_label(key: Any, names: Optional[List[str]]) -> str:
    """"`images` (argument 1)", or "`axis`" for a keyword argument."""
    if isinstance(key, str) and not key.isdigit():
        return f"`{key}`"
    position = int(key)
    name = names[position] if names and position < len(names) else None
    return f"{'`' + name + '` ' if name else ''}(argument {position + 1})"


def describe(args, kwargs, key: Any, array: Any) -> Optional[str]:
    """What the learner's function did to the caller's argument ``key``, which is ``array``
    after the call; None when the judge holds nothing to compare it with."""
    before = _target(args, kwargs, key)
    if before is None or not isinstance(array, np.ndarray):
        return None
    try:
        before = np.asarray(before)
    except (TypeError, ValueError):
        return None
    parts = []
    if before.shape != array.shape:
        parts.append(f"its shape changed from {before.shape} to {array.shape}")
    if before.dtype != array.dtype:
        parts.append(f"its dtype changed from {before.dtype} to {array.dtype}")
    if not parts:
        changed = before != array
        if before.dtype.kind in "fc":
            changed &= ~(np.isnan(before) & np.isnan(array))
        count = int(np.count_nonzero(changed))
        parts.append(f"{count} of its {before.size} values overwritten" if before.size > 8 else
                     f"its values changed from {before.tolist()} to {array.tolist()}")
    return " and ".join(parts)


def copy_back(args, kwargs, key: Any, array: Any) -> None:
    """Mirror the change into the judge's own argument, as far as NumPy can change an array
    in place: new values always, a new shape of the same size, a new dtype of the same item
    size (what ``a.shape = ...`` and ``a.dtype = ...`` can do in the learner's process too)."""
    target = _target(args, kwargs, key)
    if not (isinstance(target, np.ndarray) and isinstance(array, np.ndarray)):
        return
    try:
        with warnings.catch_warnings():  # NumPy 2.5 deprecates setting them, as the learner did
            warnings.simplefilter("ignore", DeprecationWarning)
            if target.dtype != array.dtype and target.dtype.itemsize == array.dtype.itemsize:
                target.dtype = array.dtype
            if target.shape != array.shape and target.size == array.size:
                target.shape = array.shape
    except (AttributeError, ValueError, TypeError):  # not possible without a copy
        return
    if target.shape == array.shape:
        np.copyto(target, array, casting="unsafe")


def changed_arguments(args, kwargs, mutated, names: Optional[List[str]]) -> Dict[str, str]:
    """{argument label: what changed} for the worker's list of changed arrays, each mirrored
    into the judge's arguments on the way."""
    found: Dict[str, str] = {}
    for key, array in mutated or []:
        description = describe(args, kwargs, key, array)
        copy_back(args, kwargs, key, array)
        if description is not None:
            found[argument_label(key, names)] = description
    return found
