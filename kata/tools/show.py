"""``kata show EXERCISE``: the pictures of what the learner's network does, as PNG files.

The pictures are drawn by the judge (``kata.pictures``) from what the learner's
functions return in their sandboxed worker, with the tests' own training runs and
their cache: after ``kata check ex5_4``, ``kata show ex5_4`` trains nothing.

In a notebook, ``kata.show("ex5_4")`` runs ``python -m kata.tools.show`` in a
separate process, as every check does, so the kernel never imports TensorFlow
for it, and shows the files it wrote.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from typing import List, NamedTuple, Optional

from kata import catalog
from kata.tools.common import write_atomically
from kata.tools.runner import REPO_ROOT

PLOTS = REPO_ROOT / "kata-plots"
DPI = 100  # a COLUMN_WIDTH figure is then as wide as a notebook column


class Shown(NamedTuple):
    files: List[Path]
    missing: List[str]  # a line for each picture that could not be drawn, and why


def write_pictures(exercise: catalog.Exercise, outdir: Path, tree: Optional[Path] = None,
                   use_cache: bool = True) -> Shown:
    """Draw ``exercise``'s pictures from the solutions in ``tree`` (exercises/ by default)
    and write them to ``outdir`` as PNG files."""
    from kata import pictures, quiet
    from kata.judge import cache, learner, switch, training

    quiet.environment()
    tree = (tree or REPO_ROOT / switch.DEFAULT_TREE).resolve()
    kept = REPO_ROOT / ".kata" / "cache" if use_cache else None
    training.keep_results(cache.Cache(kept), REPO_ROOT / switch.DEFAULT_TREE, False)
    with learner.session(tree, exercise.time_limit):
        drawn = pictures.draw(exercise.name)
    if drawn.pictures:
        outdir.mkdir(parents=True, exist_ok=True)
    files = []
    for picture in drawn.pictures:
        buffer = io.BytesIO()
        picture.figure.savefig(buffer, format="png", dpi=DPI)
        path = outdir / f"{picture.name}.png"
        write_atomically(path, buffer.getvalue())
        files.append(path)
    return Shown(files, drawn.missing)


def report(exercise: catalog.Exercise, shown: Shown) -> List[str]:
    """What ``kata show`` prints: the files, then what could not be drawn."""
    from kata.tools.common import shown as relative

    lines = [f"{exercise.name}: {len(shown.files)} picture{'s' * (len(shown.files) != 1)}"]
    lines += [f"  {relative(path)}" for path in shown.files]
    if shown.missing:
        lines.append("Not drawn (they need the functions they show to work):")
        lines += [f"  {line}" for line in shown.missing]
    return lines


def command_show(args) -> int:
    """``kata show EXERCISE``: write the pictures, print where they are; exit 0 when at least
    one was drawn, 1 when none could be (the functions they show do not work yet)."""
    from kata import data
    from kata.judge import switch
    from kata.tools.common import UsageError, exercise_named

    exercise = exercise_named(args.exercise)
    try:
        tree = switch.resolve_tree(getattr(args, "solutions", None), REPO_ROOT, Path.cwd())
    except switch.TreeNotFound as error:
        raise UsageError(str(error)) from None
    outdir = Path(getattr(args, "out", None) or PLOTS).expanduser()
    try:
        shown = write_pictures(exercise, outdir, tree, use_cache=not getattr(args, "no_cache", False))
    except data.MnistUnavailable as error:
        print(f"{exercise.name}: no pictures: MNIST is not available: {error}")
        return 1
    print("\n".join(report(exercise, shown)))
    return 0 if shown.files else 1


def main(argv: List[str]) -> int:
    """``python -m kata.tools.show EXERCISE --out DIR``: the pictures, and a JSON line
    naming them, for the notebook."""
    parser = argparse.ArgumentParser(prog="python -m kata.tools.show")
    parser.add_argument("exercise")
    parser.add_argument("--out", type=Path, default=PLOTS)
    parser.add_argument("--solutions", type=Path)
    args = parser.parse_args(argv)
    shown = write_pictures(catalog.get(args.exercise), args.out, args.solutions)
    print(json.dumps({"files": [str(path) for path in shown.files], "missing": shown.missing}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
