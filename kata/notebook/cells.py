"""``%%kata`` cells as modules: their text, a solution tree made with one, and ``--save``.

A ``%%kata EXERCISE`` cell holds that exercise's whole module. Its verdict
comes from a solution tree made of the learner's tree (``exercises/``, copied)
with the cell as EXERCISE's module, so that ``from ex5_1.forward import hidden``
in ex5_2's cell finds the learner's ex5_1 as ``pytest exercises/ex5_2`` would.

On the tools' side: cells are handled as text and files, and compiled only to
find syntax errors; nothing here imports or runs learner code.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator, Optional, Tuple

from kata import catalog
from kata.tools.common import write_atomically

MAGIC = "%%kata"


def module_text(cell: str) -> str:
    """A cell's body as the module file it stands for: no trailing blank lines, one final newline."""
    return cell.rstrip() + "\n" if cell.strip() else ""


def cell_source(exercise: catalog.Exercise, module: str) -> str:
    """The source of ``exercise``'s ``%%kata`` cell holding ``module``."""
    return f"{MAGIC} {exercise.name}\n{module.rstrip()}"


def split_cell(source: str) -> Optional[Tuple[str, str, str]]:
    """(exercise name, the rest of the magic's line, module text) of a ``%%kata`` cell's
    source, or None for any other cell."""
    first, _, body = source.partition("\n")
    words = first.split()
    if not words or words[0] != MAGIC:
        return None
    return (words[1] if len(words) > 1 else ""), " ".join(words[2:]), module_text(body)


def kata_cells(notebook) -> Iterator[Tuple[str, str, str]]:
    """Every ``%%kata`` code cell of an nbformat notebook, as :func:`split_cell` gives it."""
    for cell in notebook.cells:
        if cell.cell_type == "code":
            found = split_cell(cell.source)
            if found is not None:
                yield found


def syntax_problem(module: str) -> str:
    """One line naming the syntax error in ``module`` (as a cell below its ``%%kata`` line),
    or "" when it compiles."""
    try:
        compile(module, "<%%kata cell>", "exec")
    except SyntaxError as error:
        where = f" (line {error.lineno + 1} of the cell)" if error.lineno else ""
        return f"{type(error).__name__}: {error.msg}{where}"
    except ValueError as error:  # a NUL byte in the source
        return f"the cell cannot be compiled: {error}"
    return ""


def solution_tree(scratch: Path, base: Path, exercise: catalog.Exercise, module: str) -> Path:
    """``scratch``/tree: the learner's modules from ``base`` (every exercise folder's Python
    files but its tests), with ``module`` as ``exercise``'s module."""
    tree = scratch / "tree"
    for other in catalog.EXERCISES:
        folder = base / other.name
        if not folder.is_dir():
            continue
        for path in folder.glob("*.py"):
            if not path.name.startswith("test_"):
                (tree / other.name).mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, tree / other.name / path.name)
    (tree / exercise.name).mkdir(parents=True, exist_ok=True)
    (tree / exercise.filename).write_text(module, encoding="utf-8")
    return tree


def save(root: Path, exercise: catalog.Exercise, module: str) -> str:
    """Write ``module`` to exercises/<exercise>/<module>.py, the previous file saved to
    backups/ first (as ``kata reset`` does); a sentence that says what happened."""
    from kata.tools import reset

    target = root / "exercises" / exercise.filename
    shown = f"exercises/{exercise.filename}"
    if target.exists() and target.read_text(encoding="utf-8") == module:
        return f"{shown} already holds this cell: nothing to save."
    backup = None
    if target.exists():
        backup = reset.backup_path(root, exercise)
        reset.save_backup(target, backup)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, module)
    if backup is None:
        return f"Saved the cell to {shown}."
    return f"Saved the cell to {shown}; the previous file is in {backup.relative_to(root).as_posix()}."


def is_saved(exercises: Path, exercise: catalog.Exercise, module: str) -> bool:
    """True when exercises/<exercise>/<module>.py already holds ``module``: the board counts it."""
    try:
        return (exercises / exercise.filename).read_text(encoding="utf-8") == module
    except (OSError, UnicodeDecodeError):
        return False
