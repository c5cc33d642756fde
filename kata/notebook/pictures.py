"""``kata.show("ex5_4")``: an exercise's pictures under the cell (notebook side).

The pictures are drawn by ``python -m kata.tools.show`` in a separate process, as
every check runs, so the kernel imports neither TensorFlow nor the learner's
module; the PNG files it writes to kata-plots/ are embedded in the cell's output,
so the notebook keeps them when saved.
"""

from __future__ import annotations

import base64
import html
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import List, Optional, Sequence

from kata.tools.runner import REPO_ROOT


class PicturesView:
    """The pictures as inline images (HTML), or their paths where only text is shown."""

    def __init__(self, exercise: str, files: Sequence[Path], missing: Sequence[str], problem: str = ""):
        self.exercise, self.files, self.missing, self.problem = exercise, list(files), list(missing), problem

    def lines(self) -> List[str]:
        lines = [self.problem] if self.problem else []
        lines += [str(path) for path in self.files]
        lines += [f"not drawn: {line}" for line in self.missing]
        return lines or [f"{self.exercise}: no pictures"]

    def __repr__(self) -> str:
        return "\n".join(self.lines())

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(repr(self))

    def _repr_html_(self) -> str:
        parts = [f'<img alt="{html.escape(path.stem)}" style="max-width:100%" '
                 f'src="data:image/png;base64,{base64.b64encode(path.read_bytes()).decode()}"/>'
                 for path in self.files if path.is_file()]
        notes = ([html.escape(self.problem)] if self.problem else []) + [
            f"not drawn: {html.escape(line)}" for line in self.missing]
        if notes:
            parts.append("<p>" + "<br/>".join(notes) + "</p>")
        return "\n".join(parts) or f"<p>{html.escape(self.exercise)}: no pictures</p>"


def show(exercise: str, timeout: Optional[float] = None, cell: Optional[str] = None,
         out: Optional[Path] = None) -> PicturesView:
    """Draw ``exercise``'s pictures from the module in exercises/ (or from ``cell``, the
    module a ``%%kata`` cell holds) and show them."""
    import tempfile

    from kata.notebook import cells
    from kata.tools.common import EXERCISES, exercise_named

    chosen = exercise_named(exercise)
    options = ["--out", str(out)] if out is not None else []
    if cell is None:
        return drawn(chosen, options, timeout)
    with tempfile.TemporaryDirectory(prefix="kata-cell-") as scratch:
        tree = cells.solution_tree(Path(scratch), EXERCISES, chosen, cell)
        return drawn(chosen, options + ["--solutions", str(tree)], timeout)


def drawn(chosen, options: List[str], timeout: Optional[float]) -> PicturesView:
    command = [sys.executable, "-m", "kata.tools.show", chosen.name, *options]
    env = {**os.environ, "MPLBACKEND": "Agg", "TF_CPP_MIN_LOG_LEVEL": "3"}
    try:
        done = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                              timeout=timeout or chosen.time_limit)
    except subprocess.TimeoutExpired:
        return PicturesView(chosen.name, [], [], f"{chosen.name}: drawing took longer than "
                            f"{timeout or chosen.time_limit:.0f} s and was stopped")
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return PicturesView(chosen.name, [], [], f"{chosen.name}: the pictures could not be drawn: {tail}")
    found = json.loads(lines[-1])
    return PicturesView(chosen.name, [Path(name) for name in found["files"]], found["missing"])
