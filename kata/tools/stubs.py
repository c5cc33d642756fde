"""The untouched stubs, kept inside the kata package so that they survive the learner's edits.

``kata reset`` needs each exercise module as it was shipped, long after the
learner has overwritten ``exercises/``, and in copies that have no git
history (a learner release, a zip download). So the package carries a
snapshot, ``kata/tools/stubs.json``: exercise name -> module source.

Maintainers who change a stub refresh the snapshot with

    python -m kata.tools.stubs

and ``tests/test_cli.py`` fails until they do.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Dict

from kata import catalog

SNAPSHOT = Path(__file__).with_name("stubs.json")
EXERCISES = Path(__file__).resolve().parents[2] / "exercises"


def snapshot_of(tree: Path) -> Dict[str, str]:
    """Every exercise module of ``tree``, by exercise name."""
    return {e.name: (tree / e.filename).read_text(encoding="utf-8") for e in catalog.EXERCISES}


@functools.lru_cache(maxsize=None)
def _shipped() -> Dict[str, str]:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def pristine(exercise: catalog.Exercise) -> str:
    """The source of ``exercise``'s module as shipped: stub functions only."""
    return _shipped()[exercise.name]


def is_pristine(tree: Path, exercise: catalog.Exercise) -> bool:
    """True when ``tree`` holds ``exercise``'s module exactly as shipped."""
    module = tree / exercise.filename
    return module.exists() and module.read_text(encoding="utf-8") == pristine(exercise)


def write_snapshot(tree: Path = EXERCISES) -> Path:
    SNAPSHOT.write_text(json.dumps(snapshot_of(tree), indent=1, sort_keys=True) + "\n",
                        encoding="utf-8")
    return SNAPSHOT


if __name__ == "__main__":
    print(f"wrote {write_snapshot()} from {EXERCISES}")
    sys.exit(0)
