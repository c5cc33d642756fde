"""Importing a solution tree's modules, inside the worker (worker side).

Solution modules import each other by exercise name (``from ex5_1.forward
import hidden``), and that must resolve inside the tree under test and
nowhere else. Plain ``sys.path`` cannot promise that: exercise folders have
no ``__init__.py``, so Python treats them as namespace packages and merges
every ``ex5_1`` folder it can see. Instead a small finder at the front of
``sys.meta_path`` answers for exercise names only, each pointing at
``TREE/<name>`` and at nothing else.

Messages name files as the learner knows them (``display``, the tree's
real path outside the sandbox), not as the worker sees them.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import os
import sys
import traceback
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Dict, Iterable, List, Optional, Tuple, Union

from kata import catalog


class SolutionImportError(ImportError):
    """A solution module is missing or raised while being imported."""


class _TreeFinder(importlib.abc.MetaPathFinder):
    """Resolve the top-level exercise names, and only those, inside one tree."""

    def __init__(self, root: Path, names: Iterable[str]):
        self.root = root
        self.names = frozenset(names)

    def find_spec(self, fullname, path=None, target=None):
        if path is not None or fullname not in self.names:
            return None
        # A namespace-style package whose only location is TREE/<name>.
        spec = importlib.machinery.ModuleSpec(fullname, None, is_package=True)
        spec.submodule_search_locations = [str(self.root / fullname)]
        return spec


_root: Optional[Path] = None
_display: Optional[Path] = None
_cache: Dict[str, Union[ModuleType, SolutionImportError]] = {}


def activate(root: Path, display: Optional[Path] = None,
             names: Iterable[str] = tuple(catalog.BY_NAME)) -> None:
    """Make ``root`` the tree that exercise imports resolve in, for this process."""
    global _root, _display
    names = tuple(names)
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _TreeFinder)]
    sys.meta_path.insert(0, _TreeFinder(root, names))
    for loaded in list(sys.modules):
        if loaded.split(".")[0] in names:
            del sys.modules[loaded]
    importlib.invalidate_caches()
    _cache.clear()
    _root, _display = root, display or root


def root() -> Path:
    if _root is None:
        raise RuntimeError("no solutions tree is active; call kata.worker.trees.activate() first")
    return _root


def shown(path: Union[str, Path]) -> str:
    """``path`` inside the tree, written as the learner knows it."""
    relative = os.path.relpath(str(path), str(root()))
    return str((_display or root()) / relative)


def import_solution(name: str) -> ModuleType:
    """Import exercise ``name``'s module from the active tree, once per process.

    Raises SolutionImportError with a message that names the file and the
    error; the outcome, good or bad, is cached. Anything the module raises on
    import counts, ``quit()`` and ``sys.exit()`` included: a leftover ``quit()``
    fails its own exercise, not the worker.
    """
    if name not in _cache:
        try:
            _cache[name] = _import(name)
        except SolutionImportError as error:
            _cache[name] = error
    outcome = _cache[name]
    if isinstance(outcome, SolutionImportError):
        raise outcome
    return outcome


def _import(name: str) -> ModuleType:
    exercise = catalog.get(name)
    path = root() / exercise.name / f"{exercise.module}.py"
    full_name = f"{exercise.name}.{exercise.module}"
    try:
        return importlib.import_module(full_name)
    except ModuleNotFoundError as error:
        if error.name in (full_name, exercise.name) and not path.exists():
            raise SolutionImportError(
                f"{name}: {shown(path)} does not exist. The solutions tree {_display} needs "
                f"{exercise.filename} (see exercises/{exercise.filename} for the stub)."
            ) from None
        raise SolutionImportError(_import_failure(name, path, error)) from None
    except BaseException as error:  # SyntaxError, SystemExit from quit(), anything it raises
        raise SolutionImportError(_import_failure(name, path, error)) from None


def _import_failure(name: str, path: Path, error: BaseException) -> str:
    what = "".join(traceback.format_exception_only(type(error), error)).strip()
    if isinstance(error, SystemExit):
        what = (f"SystemExit({error.code!r}): the module calls quit(), exit() or sys.exit() "
                f"while it is imported; a module defines functions, it does not end the program")
    for root_path in (root(),):
        what = what.replace(str(root_path), str(_display))
    if isinstance(error, ImportError) and not isinstance(error, ModuleNotFoundError) \
            and (error.name or "").split(".")[0] in catalog.BY_NAME and error.name.split(".")[0] != name:
        owner = error.name.split(".")[0]
        return (f"{name}: {shown(path)} imports from {owner} a name that {owner}'s module does not "
                f"define (yet), so none of {name}'s tests can run: finish {owner} first.\n  {what}")
    where = innermost_frame(error.__traceback__)
    if isinstance(error, SyntaxError) and error.filename:
        failing = Path(error.filename)  # the file that does not compile, wherever it was imported
    else:
        failing = Path(where[0]) if where else path
    owner = owner_in_tree(failing)
    if owner and owner != name:
        other = catalog.get(owner)
        return (f"{name}: {shown(path)} imports {owner}, whose module {shown(root() / other.filename)} "
                f"fails to import, so none of {name}'s tests can run: make {owner} import first.\n  {what}")
    location = ""
    if where is not None and not isinstance(error, SyntaxError):
        location = f"\n  raised at {shown(where[0])}, line {where[1]}, in {where[2]}"
    return f"{name}: {shown(path)} fails to import, so none of its tests can run.\n  {what}{location}"


def innermost_frame(tb: Optional[TracebackType]) -> Optional[Tuple[str, int, str]]:
    """The last traceback frame whose file lies inside the tree: (file, line, function)."""
    frames = frames_in_tree(tb)
    return frames[-1] if frames else None


def frames_in_tree(tb: Optional[TracebackType]) -> List[Tuple[str, int, str]]:
    """Every traceback frame inside the tree, outermost first: (file, line, function)."""
    found = []
    for frame, lineno in traceback.walk_tb(tb):
        filename = frame.f_code.co_filename
        if owner_in_tree(Path(filename)):
            found.append((filename, lineno, frame.f_code.co_name))
    return found


def owner_in_tree(path: Path) -> Optional[str]:
    """The exercise folder of the tree that ``path`` lies in, if any."""
    try:
        relative = Path(os.path.relpath(str(path), str(root())))
    except ValueError:
        return None
    if relative.parts and relative.parts[0] in catalog.BY_NAME:
        return relative.parts[0]
    return None
