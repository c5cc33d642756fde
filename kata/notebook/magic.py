"""The ``%%kata`` cell magic, loaded by ``%load_ext kata``.

A cell that starts with ``%%kata ex5_4`` holds that exercise's whole module.
Running it

1. checks that it compiles (a syntax error is a one-line verdict, and the
   cell goes no further);
2. runs it in the kernel as a normal cell, so its functions can be tried in
   later cells (exercise imports such as ``from ex5_1.forward import hidden``
   resolve in the learner's ``exercises/``, afresh for every ``%%kata`` cell);
3. runs the exercise's tests in a fresh pytest process, against a copy of the
   learner's tree with this cell as the exercise's module, and shows the
   verdict under the cell (the test run's own output, training progress and
   TensorFlow's logs included, stays in that process).

``--save`` also writes the cell to ``exercises/<exercise>/<module>.py``, the
previous file saved to ``backups/`` first. ``--quick`` leaves out the tests
that train a model; ``--timeout SECONDS`` bounds the whole run.

On the tools' side: the verdict comes from the judge's process only; the
kernel's run of the cell (step 2) plays no part in it, and nothing here
imports learner code into the judge's path.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from IPython.core.error import UsageError
from IPython.core.magic import Magics, cell_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring
from IPython.display import display

from kata import catalog, quiet
from kata.notebook import cells
from kata.notebook.cells import MAGIC
from kata.notebook.display import StatusView, VerdictView, unsaved
from kata.tools import check as checking
from kata.tools.check import NOTEBOOK
from kata.tools.common import EXERCISES
from kata.tools.runner import REPO_ROOT


CELL = f"the {MAGIC} cell"
CELL_LINE = re.compile(re.escape(CELL) + r", line (\d+)")


@magics_class
class KataMagics(Magics):
    @magic_arguments()
    @argument("exercise", help="the exercise whose module this cell holds, e.g. ex5_4")
    @argument("--save", action="store_true",
              help="also write the cell to exercises/EXERCISE/MODULE.py (the old file goes to backups/)")
    @argument("--quick", action="store_true", help="leave out the tests that train a model")
    @argument("--show", action="store_true",
              help="after the verdict, pictures of what the cell's network does (kata.show)")
    @argument("--timeout", type=float, metavar="SECONDS",
              help="stop the tests after this long (default: 120 s, or 900 s for exercises that train)")
    @cell_magic
    def kata(self, line: str, cell: str):
        """Run this cell as EXERCISE's module, then that exercise's tests on it."""
        args = parse_argstring(self.kata, line)
        try:
            exercise = catalog.get(args.exercise)
        except KeyError as error:
            raise UsageError(error.args[0]) from None
        module = cells.module_text(cell)
        notes = []
        if args.save:
            try:
                notes.append(cells.save(REPO_ROOT, exercise, module))
            except OSError as error:
                notes.append(f"Could not save the cell: {error}")
        problem = cells.syntax_problem(module)
        if problem:
            display(VerdictView(checking.problem_verdict(exercise, problem), notes))
            return
        if not self.run_in_kernel(line, cell):
            display(VerdictView(checking.problem_verdict(
                exercise, "interrupted while the cell ran in the kernel, so the tests did not run"), notes))
            return
        status = display(StatusView(f"{exercise.name}: running its tests in a fresh process..."),
                         display_id=True)
        timeout = args.timeout or checking.default_timeout(exercise)
        verdict = judge_cell(exercise, module, quick=args.quick, timeout=timeout)
        saved = args.save or cells.is_saved(EXERCISES, exercise, module)
        status.update(VerdictView(verdict, notes, NOTEBOOK if saved else unsaved(exercise)))
        if args.show:
            from kata.notebook.pictures import show

            display(show(exercise.name, cell=module))

    def run_in_kernel(self, line: str, cell: str) -> bool:
        """Run the cell as a normal cell (exercise imports resolve in exercises/, freshly);
        False when the learner interrupted it (a loop that never ends at the top level)."""
        from kata.worker import trees

        quiet.environment()
        trees.activate(EXERCISES)  # drops exercise modules imported earlier: nothing stale
        # The %%kata line, as a comment, keeps its place: tracebacks count lines as the editor does.
        with native_logs_filtered():
            result = self.shell.run_cell(f"# {MAGIC} {line}\n{cell}", store_history=False)
        quiet.tensorflow_logs()
        return not isinstance(result.error_in_exec, KeyboardInterrupt)


@contextmanager
def native_logs_filtered() -> Iterator[None]:
    """Keep TensorFlow's native start-up lines, which its C++ side writes to file
    descriptor 2 whatever TF_CPP_MIN_LOG_LEVEL says, out of the cell's output. Python's
    own stderr (warnings, tracebacks) does not go through descriptor 2 in a kernel and
    is untouched; whatever else reached descriptor 2 is passed on."""
    try:
        descriptor = sys.__stderr__.fileno()
    except (AttributeError, OSError, ValueError):  # no real stderr: nothing to filter
        yield
        return
    saved = os.dup(descriptor)
    with tempfile.TemporaryFile() as capture:
        os.dup2(capture.fileno(), descriptor)
        try:
            yield
        finally:
            os.dup2(saved, descriptor)
            os.close(saved)
            capture.seek(0)
            rest = quiet.strip_native_logs(capture.read().decode("utf-8", "replace"))
            if rest.strip():
                sys.stderr.write(rest)


def judge_cell(exercise: catalog.Exercise, module: str, quick: bool, timeout: float) -> checking.Verdict:
    """The verdict on ``module`` as ``exercise``'s module, the rest of the tree the learner's."""
    with tempfile.TemporaryDirectory(prefix="kata-cell-") as scratch:
        tree = cells.solution_tree(Path(scratch), EXERCISES, exercise, module)
        try:
            verdict = checking.judge(exercise, tree=tree, quick=quick, timeout=timeout)
        except KeyboardInterrupt:
            return checking.problem_verdict(exercise, "interrupted, so the tests were stopped")
        except OSError as error:
            return checking.problem_verdict(exercise, f"the tests could not run: {error}")
        return in_cell_terms(verdict, tree, exercise)


def in_cell_terms(verdict: checking.Verdict, tree: Path, exercise: catalog.Exercise) -> checking.Verdict:
    """The verdict with the temporary tree's paths said as the learner knows them: this
    exercise's module is "the %%kata cell" (its line numbers counted as in the cell, below
    the %%kata line), the other modules are in exercises/."""
    def reword(text: str) -> str:
        for root in {str(tree), str(tree.resolve())}:
            text = text.replace(f"{root}/{exercise.filename}", CELL)
            text = text.replace(root, "exercises")
        return CELL_LINE.sub(lambda found: f"{CELL}, line {int(found.group(1)) + 1}", text)

    outcomes = tuple(replace(o, message=reword(o.message)) for o in verdict.outcomes)
    return replace(verdict, outcomes=outcomes, details=reword(verdict.details),
                   problem=reword(verdict.problem))


def load_ipython_extension(ipython) -> None:
    quiet.environment()  # before the kernel imports TensorFlow: no C++ start-up lines in cells
    ipython.register_magics(KataMagics)
