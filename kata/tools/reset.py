"""``kata reset``: put an exercise's stub back, without ever losing the learner's version.

The order matters: the learner's file is copied to ``backups/`` and read back
before the stub replaces it, and the stub is written to a temporary file and
renamed into place, so an interruption leaves either the old file or the new
one, never half of either. Backups are never overwritten and never deleted by
the kata; they live in a visible folder at the top of the repository, not in
``.kata/`` (a cache that people delete).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Optional

from kata import catalog
from kata.tools import stubs
from kata.tools.common import write_atomically

BACKUPS = "backups"


def backup_path(root: Path, exercise: catalog.Exercise, now: Optional[float] = None) -> Path:
    """``backups/<exercise>/<module>.<YYYYmmdd-HHMMSS>.py``, numbered when that already exists."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    folder = root / BACKUPS / exercise.name
    candidate = folder / f"{exercise.module}.{stamp}.py"
    number = 2
    while candidate.exists():
        candidate = folder / f"{exercise.module}.{stamp}-{number}.py"
        number += 1
    return candidate


def save_backup(source: Path, backup: Path) -> None:
    content = source.read_bytes()
    backup.parent.mkdir(parents=True, exist_ok=True)
    with open(backup, "xb") as handle:  # "x": fail rather than overwrite
        handle.write(content)
    if backup.read_bytes() != content:
        raise OSError(f"the backup {backup} does not read back as written")


def reset(root: Path, exercise: catalog.Exercise) -> Optional[Path]:
    """Restore the stub; return where the learner's version was saved (None if there was none)."""
    module = root / "exercises" / exercise.filename
    backup = None
    if module.exists():
        backup = backup_path(root, exercise)
        save_backup(module, backup)
    else:
        module.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(module, stubs.pristine(exercise))
    return backup
