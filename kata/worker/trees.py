"""Which solution tree a run tests, and how its modules are imported.

A solution tree is any folder laid out like ``exercises/``
(``TREE/ex5_1/forward.py``, ``TREE/ex5_2/xor.py``, ...). Solution modules
import each other by exercise name (``from ex5_1.forward import hidden``),
and that must resolve inside the chosen tree and nowhere else.

Plain ``sys.path`` cannot promise that: exercise folders have no
``__init__.py``, so Python treats them as namespace packages and merges every
``ex5_1`` folder it can see. A module missing from a submission would then be
picked up, silently, from the learner's tree or the reference. Instead we put
a small finder at the front of ``sys.meta_path`` that answers for exercise
names only, each pointing at ``TREE/<name>`` and at nothing else.
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
from typing import Dict, Iterable, Optional, Tuple, Union

from kata import catalog

ENV_VAR = "KATA_SOLUTIONS"
DEFAULT_TREE = "exercises"


class SolutionImportError(ImportError):
    """A solution module is missing or raised while being imported."""


class TreeNotFound(ValueError):
    """The folder named by ``--solutions`` or ``KATA_SOLUTIONS`` does not exist."""


def resolve_tree(value: Optional[str], rootdir: Path, invocation_dir: Path) -> Path:
    """Turn the ``--solutions`` value into an absolute folder.

    A relative path is looked up from where pytest was started, then from the
    repository root, so ``--solutions reference`` works from any sub-folder.
    """
    if not value:
        return (rootdir / DEFAULT_TREE).resolve()
    path = Path(value).expanduser()
    candidates = [path] if path.is_absolute() else [invocation_dir / path, rootdir / path]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate.resolve()
    tried = " or ".join(str(c) for c in candidates)
    raise TreeNotFound(
        f"solutions tree {value!r} not found (looked for {tried}); pass a folder laid out "
        f"like exercises/, for example --solutions reference"
    )


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


_active_root: Optional[Path] = None
_cache: Dict[str, Union[ModuleType, SolutionImportError]] = {}


def activate(root: Path, names: Iterable[str] = tuple(catalog.BY_NAME)) -> None:
    """Make ``root`` the tree that exercise imports resolve in, for this process."""
    global _active_root
    names = tuple(names)
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _TreeFinder)]
    sys.meta_path.insert(0, _TreeFinder(root, names))
    for loaded in list(sys.modules):
        if loaded.split(".")[0] in names:
            del sys.modules[loaded]
    importlib.invalidate_caches()
    _cache.clear()
    _active_root = root


def active_root() -> Path:
    if _active_root is None:
        raise RuntimeError("no solutions tree is active; call kata.worker.trees.activate() first")
    return _active_root


def import_solution(name: str) -> ModuleType:
    """Import exercise ``name``'s module from the active tree, once per process.

    Raises SolutionImportError with a message that names the file and the
    error; the outcome, good or bad, is cached so that a module that hangs or
    fails on import costs its exercise that once, not once per test.
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
    root = active_root()
    path = root / exercise.name / f"{exercise.module}.py"
    full_name = f"{exercise.name}.{exercise.module}"
    try:
        return importlib.import_module(full_name)
    except ModuleNotFoundError as error:
        if error.name in (full_name, exercise.name) and not path.exists():
            raise SolutionImportError(
                f"{name}: {path} does not exist. The solutions tree {root} needs "
                f"{exercise.filename} (see exercises/{exercise.filename} for the stub)."
            ) from None
        raise SolutionImportError(_import_failure(name, path, error)) from None
    except Exception as error:  # SyntaxError, NameError, anything the module raises
        raise SolutionImportError(_import_failure(name, path, error)) from None


def _import_failure(name: str, path: Path, error: BaseException) -> str:
    what = "".join(traceback.format_exception_only(type(error), error)).strip()
    where = innermost_frame_in(error.__traceback__, active_root())
    location = ""
    if where is not None and not isinstance(error, SyntaxError):
        location = f"\n  raised at {where[0]}, line {where[1]}, in {where[2]}"
    return f"{name}: {path} fails to import, so none of its tests can run.\n  {what}{location}"


def innermost_frame_in(tb: Optional[TracebackType], root: Path) -> Optional[Tuple[Path, int, str]]:
    """The last traceback frame whose file lies inside ``root``: (file, line, function)."""
    found = None
    for frame, lineno in traceback.walk_tb(tb):
        filename = Path(frame.f_code.co_filename)
        if _is_inside(filename, root):
            found = (filename, lineno, frame.f_code.co_name)
    return found


def owner_of(path: Path, root: Path) -> Optional[str]:
    """The exercise folder that ``path`` belongs to inside ``root``, if any."""
    if not _is_inside(path, root):
        return None
    return Path(os.path.relpath(path, root)).parts[0]


def _is_inside(path: Path, root: Path) -> bool:
    try:
        return os.path.commonpath([str(path.resolve()), str(root)]) == str(root)
    except ValueError:  # different drives on Windows
        return False
