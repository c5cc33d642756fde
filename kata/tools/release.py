"""``kata release``: the learner's copy of the kata, with nothing in it that gives answers away.

What goes in is an allow-list, not a deny-list, so that a folder someone adds
later (a draft solution, a grading script) stays out until it is named here:

- the exercise folders: task, hints, tests, and the module *as shipped*
  (from the stub snapshot, kata/tools/stubs.json, whatever the instructor's own
  exercises/ holds);
- the ``kata`` package (helpers, plugin, CLI), ``conftest.py``,
  ``pyproject.toml``, ``.gitignore``;
- ``README.md``, less the parts between ``<!-- instructors-only -->`` and
  ``<!-- /instructors-only -->`` (grading, the reference, the maintainers' suite).

Left out, among others: ``reference/`` (the solutions), ``tests/`` (the
maintainers' suite and its gallery of wrong and correct solutions),
``benchmarks/``, ``.ci/``, ``tox.ini``, ``backups/``.

The copy is then checked from the inside: its own pytest, run on its own
stubs, must fail every test with "not implemented yet".
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator, List, Tuple

from kata import catalog
from kata.tools import stubs
from kata.tools.common import write_atomically
from kata.tools.runner import Run, run_tests

TOP_LEVEL_FILES = ("conftest.py", "pyproject.toml", ".gitignore")
EXERCISE_FILES = ("README.md", "HINTS.md", "test_*.py")
PACKAGE_FILES = ("*.py", "stubs.json")
INSTRUCTORS_ONLY = re.compile(r"<!-- instructors-only -->.*?<!-- /instructors-only -->\n?", re.DOTALL)


class ReleaseRefused(Exception):
    """OUTDIR cannot be used; nothing was written."""


def check_outdir(root: Path, outdir: Path) -> None:
    if outdir.exists() and not outdir.is_dir():
        raise ReleaseRefused(f"{outdir} exists and is not a folder")
    if outdir.is_dir() and any(outdir.iterdir()):
        raise ReleaseRefused(f"{outdir} is not empty; kata release writes only into a new or "
                             f"empty folder, so that it never overwrites anything")
    resolved = outdir.resolve()
    if resolved == root or root in resolved.parents:
        raise ReleaseRefused(f"{outdir} is inside this repository; choose a folder outside it")


def copied_files(root: Path) -> Iterator[Path]:
    """The files copied as they are, relative to ``root``."""
    for name in TOP_LEVEL_FILES:
        if (root / name).is_file():
            yield Path(name)
    for pattern in PACKAGE_FILES:
        yield from (p.relative_to(root) for p in sorted((root / "kata").rglob(pattern))
                    if "__pycache__" not in p.parts)
    for exercise in catalog.EXERCISES:
        for pattern in EXERCISE_FILES:
            yield from (p.relative_to(root) for p in sorted((root / "exercises" / exercise.name).glob(pattern)))


def learner_readme(text: str) -> str:
    return INSTRUCTORS_ONLY.sub("", text)


def write_release(root: Path, outdir: Path) -> Tuple[int, List[str]]:
    """Write the learner copy; return the number of files and the stubs that differ
    from exercises/ in ``root`` (the copy uses the snapshot's)."""
    check_outdir(root, outdir)
    count = 0
    for relative in copied_files(root):
        target = outdir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, (root / relative).read_bytes())
        count += 1
    write_atomically(outdir / "README.md", learner_readme((root / "README.md").read_text(encoding="utf-8")))
    for exercise in catalog.EXERCISES:
        write_atomically(outdir / "exercises" / exercise.filename, stubs.pristine(exercise))
    differing = [e.filename for e in catalog.EXERCISES if not stubs.is_pristine(root / "exercises", e)]
    return count + 1 + len(catalog.EXERCISES), differing


def left_out(root: Path) -> List[str]:
    """Top-level entries of ``root`` that the release does not carry (for the report)."""
    shipped = {"exercises", "kata", "README.md", *TOP_LEVEL_FILES}
    ignored = {".git", ".kata", ".tox", ".venv", "venv", "__pycache__", ".pytest_cache", "kata-plots",
               "build", "dist"}
    return sorted(p.name + ("/" if p.is_dir() else "") for p in root.iterdir()
                  if p.name not in shipped | ignored and not p.name.endswith(".egg-info"))


def verify_stubs(outdir: Path) -> Run:
    """Run the copy's own tests on the copy's stubs (training and --full tests included
    in the selection: a stub must fail them before any data is loaded)."""
    return run_tests(outdir / "exercises", [e.name for e in catalog.EXERCISES], root=outdir,
                     extra_args=["--no-cache"])
