"""What a picture costs once its exercise's model is trained: ``kata show`` per exercise.

    python benchmarks/pictures.py [--solutions reference] [--out DIR]

In one process, for every exercise: draw its pictures once (this trains what the
tests train, unless the session already holds it: not timed), then draw them again
and time that second drawing, which is what `kata show EX` costs after `kata check EX`
has trained and cached the model. Prints one line per exercise (seconds per picture)
and the worst. Target: under 2 s per picture.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    from kata import catalog
    from kata.tools import show

    parser = argparse.ArgumentParser()
    parser.add_argument("--solutions", type=Path, default=ROOT / "reference")
    parser.add_argument("--out", type=Path, default=Path(tempfile.mkdtemp(prefix="kata-pictures-")))
    parser.add_argument("exercises", nargs="*", default=[e.name for e in catalog.EXERCISES])
    args = parser.parse_args()
    worst = 0.0
    for name in args.exercises:
        exercise = catalog.get(name)
        show.write_pictures(exercise, args.out, args.solutions)  # trains, or reads the cache: not timed
        started = time.perf_counter()
        shown = show.write_pictures(exercise, args.out, args.solutions)
        seconds = time.perf_counter() - started
        each = seconds / max(1, len(shown.files))
        worst = max(worst, each)
        print(f"{name:<18} {len(shown.files)} pictures  {seconds:6.2f} s  ({each:.2f} s each)"
              + (f"  not drawn: {shown.missing}" if shown.missing else ""), flush=True)
    print(f"worst: {worst:.2f} s per picture (target: under 2 s); files in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
