"""``kata release``: the learner's copy of the kata, with nothing in it that gives answers away.

What goes in is an allow-list, not a deny-list, so that a folder someone adds
later (a draft solution, a grading script) stays out until it is named here:

- the exercise folders: task, hints, tests, and the module *as shipped*
  (from the stub snapshot, kata/tools/stubs.json, whatever the instructor's own
  exercises/ holds);
- the ``kata`` package (helpers, plugin, CLI), ``conftest.py``, ``.gitignore``;
- ``pyproject.toml``, less the maintainers' ``dev`` extra;
- ``README.md``, less the parts between ``<!-- instructors-only -->`` and
  ``<!-- /instructors-only -->`` (grading, the reference, the maintainers' suite;
  the markers also work inside a sentence); the exercises' READMEs and hints lose
  theirs the same way (measurements that name ``benchmarks/``, maintainers' reasoning);
- ``notebooks/``: one notebook per exercise, written afresh from the stubs
  (``kata.notebook.writer``), with ``--source`` as the setup cell's address.

Left out, among others: ``reference/`` (the solutions), ``tests/`` (the
maintainers' suite and its gallery of wrong and correct solutions),
``benchmarks/``, ``.ci/``, ``tox.ini``, ``backups/``.

The copy is then checked from the inside: each notebook must hold exactly one
``%%kata`` cell, identical to the copy's stub, and the copy's own pytest, run on
a tree made of those cells, must fail every test with "not implemented yet".
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Iterator, List, Tuple

from kata import catalog
from kata.tools import stubs
from kata.tools.common import learner_text, write_atomically
from kata.tools.runner import Run, run_tests

TOP_LEVEL_FILES = ("conftest.py", ".gitignore")
EXERCISE_FILES = ("README.md", "HINTS.md", "test_*.py")
PACKAGE_FILES = ("*.py", "stubs.json")
# The maintainers' extra: one `dev = [...]` entry (its list may span lines), with the
# comment lines right above it. A bracket inside a quoted item ("dask[distributed]") does
# not end the list.
DEV_EXTRA = re.compile(r"""(?:^#[^\n]*\n)*^dev\s*=\s*\[(?:"[^"]*"|'[^']*'|[^\]"'])*\][^\n]*\n""",
                       re.MULTILINE)


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
    return learner_text(text)


def learner_pyproject(text: str) -> str:
    """``pyproject.toml`` without the ``dev`` extra (tox and the notebook test kit), which
    installs tools for the maintainers' suite that a learner copy does not have."""
    trimmed = DEV_EXTRA.sub("", text, count=1)
    if re.search(r"^dev\s*=", trimmed, flags=re.MULTILINE):
        raise ReleaseRefused("pyproject.toml: could not take out the `dev` extra; keep it on the "
                             "form dev = [...]")
    return trimmed


def write_release(root: Path, outdir: Path, source: str = "") -> Tuple[int, List[str]]:
    """Write the learner copy; return the number of files and the stubs that differ
    from exercises/ in ``root`` (the copy uses the snapshot's). ``source``: where
    learners on Colab get the copy, for the notebooks' setup cell."""
    from kata.notebook import writer

    check_outdir(root, outdir)
    writer.nbformat_module()  # refuse before writing anything when nbformat is missing
    pyproject = learner_pyproject((root / "pyproject.toml").read_text(encoding="utf-8"))
    count = 0
    for relative in copied_files(root):
        target = outdir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        content = (root / relative).read_bytes()
        if relative.suffix == ".md":
            content = learner_text(content.decode("utf-8")).encode("utf-8")
        write_atomically(target, content)
        count += 1
    write_atomically(outdir / "README.md", learner_readme((root / "README.md").read_text(encoding="utf-8")))
    write_atomically(outdir / "pyproject.toml", pyproject)
    for exercise in catalog.EXERCISES:
        write_atomically(outdir / "exercises" / exercise.filename, stubs.pristine(exercise))
    notebooks = writer.write_notebooks(outdir / "notebooks", source=source)
    differing = [e.filename for e in catalog.EXERCISES if not stubs.is_pristine(root / "exercises", e)]
    return count + 2 + len(catalog.EXERCISES) + len(notebooks), differing


# Folders the kata makes when it needs them (``kata reset``'s backups, ``--keep-plots plots``):
# a learner copy has none until then, and its README may well name them.
MADE_ON_DEMAND = ("backups/", "plots/")


def readme_mentions(root: Path, outdir: Path) -> List[str]:
    """The folders left out of the copy that its README still names (as `folder/`),
    except those the kata makes on demand."""
    readme = (outdir / "README.md").read_text(encoding="utf-8")
    return [f"README.md names `{entry}`, which the copy does not have" for entry in left_out(root)
            if entry.endswith("/") and entry not in MADE_ON_DEMAND and f"`{entry}`" in readme]


# What a learner's Markdown names as a file: `a/b.py`, `plots/`, `model.py` (in backticks) or a
# link's target, relative. Bare names ("model.py") may sit in any folder of the copy.
NAMED = re.compile(r"`([^`\n]+)`|\]\(([^)\s#]+)[^)]*\)")
PATH_LIKE = re.compile(r"^[\w.-]+(?:/[\w.-]+)*/?$")
FILE_SUFFIX = re.compile(r"\.(?:py|md|txt|toml|json|ipynb|npz|png|cfg|ini|ya?ml|csv|sh)$")
# Made by running the kata, not shipped: its state, the backups of saved cells, saved plots.
MADE_BY_RUNS = (".kata", "backups", "plots", "kata-plots")


def named_paths(text: str) -> List[str]:
    """The relative file paths that ``text`` (Markdown) names."""
    found = []
    for match in NAMED.finditer(text):
        name = (match.group(1) or match.group(2)).strip()
        if PATH_LIKE.match(name) and ("/" in name or FILE_SUFFIX.search(name)):
            found.append(name)
    return found


def missing_paths(outdir: Path) -> List[str]:
    """The files and folders that the copy's Markdown (README, the exercises' READMEs and
    hints) names but the copy does not have: a link to nothing, for a learner."""
    shipped = {p.name for p in outdir.rglob("*")}
    problems = []
    for document in [outdir / "README.md", *sorted((outdir / "exercises").glob("*/*.md"))]:
        for name in named_paths(document.read_text(encoding="utf-8")):
            path = name.rstrip("/")
            if path.split("/")[0] in MADE_BY_RUNS or path.endswith(".png"):
                continue
            if "/" in path:
                found = (document.parent / path).exists() or (outdir / path).exists()
            else:
                found = path in shipped
            if not found:
                problems.append(f"{document.relative_to(outdir).as_posix()} names `{name}`, which "
                                f"the copy does not have")
    return problems


def notebook_problems(outdir: Path) -> List[str]:
    """What is wrong with the copy's notebooks: each must hold exactly one ``%%kata`` cell
    for its exercise, identical to the copy's stub (so the stub run below covers it)."""
    import nbformat

    from kata.notebook.cells import kata_cells

    problems = []
    for exercise in catalog.EXERCISES:
        path = outdir / "notebooks" / f"{exercise.name}.ipynb"
        if not path.exists():
            problems.append(f"notebooks/{path.name} is missing")
            continue
        found = list(kata_cells(nbformat.read(str(path), as_version=4)))
        if [name for name, _, _ in found] != [exercise.name]:
            problems.append(f"notebooks/{path.name} must hold exactly one %%kata {exercise.name} "
                            f"cell; it has {[name for name, _, _ in found]}")
        elif found[0][2] != (outdir / "exercises" / exercise.filename).read_text(encoding="utf-8"):
            problems.append(f"notebooks/{path.name}: its %%kata cell differs from the shipped stub")
    return problems


def left_out(root: Path) -> List[str]:
    """Top-level entries of ``root`` that the release does not carry (for the report)."""
    shipped = {"exercises", "kata", "README.md", "pyproject.toml", "notebooks", *TOP_LEVEL_FILES}
    ignored = {".git", ".kata", ".tox", ".venv", "venv", "__pycache__", ".pytest_cache", "kata-plots",
               "build", "dist"}
    return sorted(p.name + ("/" if p.is_dir() else "") for p in root.iterdir()
                  if p.name not in shipped | ignored and not p.name.endswith(".egg-info"))


def verify_stubs(outdir: Path) -> Run:
    """Run the copy's own tests on the stubs as the notebooks' ``%%kata`` cells hold them
    (training and --full tests included in the selection: a stub must fail them before
    any data is loaded). :func:`notebook_problems` checks that the cells are the stubs."""
    import nbformat

    from kata.notebook.cells import kata_cells

    with tempfile.TemporaryDirectory(prefix="kata-release-cells-") as scratch:
        tree = Path(scratch)
        for exercise in catalog.EXERCISES:
            path = outdir / "notebooks" / f"{exercise.name}.ipynb"
            if not path.exists():
                continue
            for name, _, module in kata_cells(nbformat.read(str(path), as_version=4)):
                if name == exercise.name:
                    (tree / exercise.name).mkdir(exist_ok=True)
                    (tree / exercise.filename).write_text(module, encoding="utf-8")
        return run_tests(tree, [e.name for e in catalog.EXERCISES], root=outdir,
                         extra_args=["--no-cache"])
