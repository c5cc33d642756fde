"""``kata notebooks``: one notebook per exercise, generated from the exercise folders.

Each ``EXERCISE.ipynb`` holds, in order:

- the setup cell (``kata.notebook.setup_cell``): the kata importable, ``%load_ext kata``;
- the exercise's README as Markdown, one cell per section, less "Think about"
  and its instructors-only parts;
- how to work in the notebook, then exactly one code cell, ``%%kata EXERCISE``,
  holding the module as shipped (the stub, from ``kata/tools/stubs.json``);
- each "Think about" question as Markdown, followed by an empty Markdown cell
  for the answer.

The notebooks are written with nbformat, cell ids included, so the same
exercise folders always give the same bytes: ``tests/test_notebooks.py``
fails when the committed ``notebooks/`` is stale. Maintainers refresh it with

    python -m kata.notebook.writer

``kata notebooks`` never overwrites a notebook that differs from a fresh one
(it may hold a learner's work); it says so and leaves it.

On the tools' side: it reads READMEs and the stub snapshot; no learner code.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, List, Optional, Tuple

from kata import catalog
from kata.notebook.cells import cell_source
from kata.notebook.setup_cell import setup_cell
from kata.tools import stubs
from kata.tools.common import UsageError, learner_text, write_atomically
from kata.tools.runner import REPO_ROOT

NOTEBOOKS = REPO_ROOT / "notebooks"
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}
THINK_ABOUT = "Think about"
QUESTION = re.compile(r"^(\d+)\.\s+(.*)$")


def nbformat_module():
    try:
        import nbformat
    except ImportError:
        raise UsageError('writing notebooks needs nbformat: pip install -e ".[notebook]"') from None
    return nbformat


def sections(readme: str) -> List[str]:
    """The README cut before each ``## `` heading (the first part holds the title)."""
    parts = re.split(r"^(?=## )", readme, flags=re.MULTILINE)
    return [part.strip() for part in parts if part.strip()]


def questions(section: str) -> List[str]:
    """The numbered questions of a "Think about" section, each joined onto one paragraph."""
    found: List[str] = []
    for line in section.splitlines()[1:]:
        match = QUESTION.match(line)
        if match:
            found.append(match.group(2).strip())
        elif found and line.startswith((" ", "\t")) and line.strip():
            found[-1] += " " + line.strip()
        elif found and line.strip():
            break  # the closing "Stuck? ..." line
    return found


def how_to_work(exercise: catalog.Exercise) -> str:
    name, filename = exercise.name, exercise.filename
    lines = [
        "## Your module",
        "",
        f"The cell below is `exercises/{filename}`: write your code in it and run it "
        f"(Shift+Enter). It runs here like any cell, so you can try your functions in new "
        f"cells; then the exercise's tests run on it in a separate process and the verdict "
        f"shows under it: what passes, and the first thing to fix.",
        "",
        f"- `%%kata {name} --save` also writes the cell to `exercises/{filename}` "
        f"(your previous file is kept in `backups/`).",
    ]
    if exercise.uses_tensorflow:
        lines.append(f"- `%%kata {name} --quick` leaves out the tests that train a model.")
    lines.append(f'- Stuck? `kata.hint("{name}")` in a new cell gives one more hint each time.')
    for required in exercise.requires:
        other = catalog.get(required)
        lines += ["", f"This exercise imports your {required} from `exercises/{other.filename}`: "
                      f"run {required}'s cell with `--save` first (or write that file yourself)."]
    return "\n".join(lines)


def build(exercise: catalog.Exercise, module: str, source: str = ""):
    """The notebook of ``exercise`` with ``module`` in its ``%%kata`` cell (an nbformat node)."""
    nbformat = nbformat_module()
    v4 = nbformat.v4
    readme = learner_text((REPO_ROOT / "exercises" / exercise.name / "README.md").read_text(encoding="utf-8"))
    cells = [v4.new_code_cell(setup_cell(source), id="setup",  # folded: Colab's form, Jupyter's hidden source
                              metadata={"tags": ["setup"], "cellView": "form",
                                        "jupyter": {"source_hidden": True}})]
    asked: List[str] = []
    for number, section in enumerate(sections(readme)):
        if section.startswith(f"## {THINK_ABOUT}"):
            asked = questions(section)
        else:
            cells.append(v4.new_markdown_cell(section, id=f"readme-{number}"))
    cells.append(v4.new_markdown_cell(how_to_work(exercise), id="how-to-work"))
    cells.append(v4.new_code_cell(cell_source(exercise, module), id="module"))
    if asked:
        cells.append(v4.new_markdown_cell(f"## {THINK_ABOUT}\n\nWrite your answer in the empty "
                                          f"cell under each question.", id="think-about"))
        for number, question in enumerate(asked, start=1):
            cells.append(v4.new_markdown_cell(f"**{number}.** {question}", id=f"question-{number}"))
            cells.append(v4.new_markdown_cell("", id=f"answer-{number}", metadata={"tags": ["answer"]}))
    return v4.new_notebook(cells=cells, metadata={"kernelspec": KERNELSPEC,
                                                  "language_info": {"name": "python"}})


def render(exercise: catalog.Exercise, module: str, source: str = "") -> str:
    """The notebook's file content: the same inputs always give the same text."""
    nbformat = nbformat_module()
    notebook = build(exercise, module, source)
    nbformat.validate(notebook)
    text = nbformat.writes(notebook)
    return text if text.endswith("\n") else text + "\n"


@dataclass(frozen=True)
class Written:
    path: Path
    action: str  # "written", "unchanged" or "kept" (it differs: never overwritten)


def source_in(path: Path) -> str:
    """The ``KATA_SOURCE`` that the notebook at ``path`` was written with ("" if none)."""
    found = re.search(r'^KATA_SOURCE = ("(?:[^"\\]|\\.)*")', setup_source(path), flags=re.MULTILINE)
    return json.loads(found.group(1)) if found else ""


def setup_source(path: Path) -> str:
    try:
        return nbformat_module().read(str(path), as_version=4).cells[0].source
    except (OSError, ValueError, IndexError, AttributeError):
        return ""


def write_notebooks(outdir: Path, source: Optional[str] = None, overwrite: bool = False,
                    module_of: Callable[[catalog.Exercise], str] = stubs.pristine) -> List[Written]:
    """Write ``outdir/EXERCISE.ipynb`` for every exercise; a notebook that exists and differs
    from a fresh one is kept as it is unless ``overwrite``. ``source`` None: the address an
    existing notebook was written with (a release's), else none."""
    outdir.mkdir(parents=True, exist_ok=True)
    report = []
    for exercise in catalog.EXERCISES:
        path = outdir / f"{exercise.name}.ipynb"
        address = source if source is not None else (source_in(path) if path.exists() else "")
        text = render(exercise, module_of(exercise), address)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            report.append(Written(path, "unchanged"))
        elif path.exists() and not overwrite:
            report.append(Written(path, "kept"))
        else:
            write_atomically(path, text)
            report.append(Written(path, "written"))
    return report


def stale(outdir: Path = NOTEBOOKS, source: str = "") -> List[Tuple[str, str]]:
    """(notebook, why) for each notebook of ``outdir`` that a fresh one would change."""
    found = []
    expected = {f"{e.name}.ipynb": e for e in catalog.EXERCISES}
    for name, exercise in expected.items():
        path = outdir / name
        if not path.exists():
            found.append((name, "missing"))
        elif path.read_text(encoding="utf-8") != render(exercise, stubs.pristine(exercise), source):
            found.append((name, "out of date"))
    found += [(path.name, "not an exercise's") for path in sorted(outdir.glob("*.ipynb"))
              if path.name not in expected]
    return found


def command_notebooks(args) -> int:
    from kata.tools.common import shown

    outdir = Path(args.outdir).expanduser() if args.outdir else NOTEBOOKS
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(f"{args.outdir}: exists and is not a folder")
    report = write_notebooks(outdir, source=args.source)
    counts = {action: sum(w.action == action for w in report) for action in ("written", "unchanged", "kept")}
    print(f"Notebooks in {shown(outdir)}: {counts['written']} written, {counts['unchanged']} already "
          f"up to date, {counts['kept']} kept.")
    for written in report:
        if written.action == "kept":
            print(f"  kept {written.path.name}: it differs from a fresh one (your work?); move it "
                  f"away to get a fresh one")
    print(f"Open one in Jupyter (jupyter lab {shown(outdir)}) and run its first cell.")
    return 0


if __name__ == "__main__":
    written = write_notebooks(NOTEBOOKS, source="", overwrite=True)
    print(f"wrote {sum(w.action == 'written' for w in written)} notebooks to {NOTEBOOKS} "
          f"({sum(w.action == 'unchanged' for w in written)} unchanged)")
    sys.exit(0)
