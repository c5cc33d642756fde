"""The ``--solutions`` switch: which solution tree a run tests (judge side).

A solution tree is any folder laid out like ``exercises/``
(``TREE/ex5_1/forward.py``, ``TREE/ex5_2/xor.py``, ...). The judge only
names the tree; its modules are imported in a worker (``kata.worker``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

ENV_VAR = "KATA_SOLUTIONS"
DEFAULT_TREE = "exercises"


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


def owner_of(path: Path, root: Path) -> Optional[str]:
    """The exercise folder that ``path`` belongs to inside ``root``, if any."""
    if not is_inside(path, root):
        return None
    parts = Path(os.path.relpath(path, root)).parts
    return parts[0] if parts and parts[0] != "." else None


def is_inside(path: Path, root: Path) -> bool:
    try:
        return os.path.commonpath([str(Path(path).resolve()), str(Path(root).resolve())]) \
            == str(Path(root).resolve())
    except ValueError:  # different drives on Windows
        return False
