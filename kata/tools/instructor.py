"""The instructor's commands that ship and compare (tools side): ``kata release`` (a
learner copy, or Gradescope's autograder bundle) and ``kata compare`` (a model and the
reference's, trained side by side). ``kata grade`` has its own module, kata/tools/grade.py."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

from kata.tools import term
from kata.tools.common import EXERCISES, REPO_ROOT, UsageError, exercise_named, one_line, shown
from kata.tools.grading import gradescope
from kata.tools.runner import stub_problems


def command_release(args) -> int:
    from kata.tools import release

    if gradescope.wanted(args):
        return gradescope.command(args, REPO_ROOT)
    outdir = Path(args.outdir).expanduser()
    try:
        count, differing = release.write_release(REPO_ROOT, outdir, source=args.source or "")
    except release.ReleaseRefused as error:
        raise UsageError(str(error)) from None
    print(f"Wrote a learner copy to {outdir}: {count} files, notebooks/ included.")
    print(f"Left out: {', '.join(release.left_out(REPO_ROOT))}")
    if args.classroom:
        from kata.tools.grading import classroom

        print(f"GitHub Classroom autograding: {classroom.write_workflow(outdir)}")
    for filename in differing:
        print(f"  note: exercises/{filename} here differs from the shipped stub; the copy has the "
              f"stub (after changing a stub on purpose, refresh it: python -m kata.tools.stubs)")
    for line in release.readme_mentions(REPO_ROOT, outdir) + release.missing_paths(outdir):
        print(f"  note: {line}")
    if not args.source:
        print("  note: the notebooks' setup cell has no KATA_SOURCE, so on Colab learners must type "
              "the kata's address in it (--source URL fills it in)")
    problems = release.notebook_problems(outdir)
    print("Checking that every test fails on the copy's stubs, as the notebooks' %%kata cells hold them...")
    run = release.verify_stubs(outdir)
    problems += stub_problems(run)
    if problems:
        print(term.style("The copy is not fit to ship:", "bold", "red"))
        print("\n".join(f"  {line}" for line in problems))
        return 1
    print(term.style(f"All {len(run.counted())} tests fail on the stubs with \"not implemented yet\": "
                     f"ready to ship.", "green"))
    return 0


def command_compare(args) -> int:
    from kata.judge import training
    from kata.tools import compare

    exercise = exercise_named(args.exercise)
    if exercise.name not in compare.BUILDERS:
        raise UsageError(f"compare trains a model, so it works for {', '.join(compare.BUILDERS)}; "
                         f"{exercise.name} builds none")
    mine = Path(args.solutions).expanduser() if args.solutions else EXERCISES
    reference = REPO_ROOT / "reference"
    if not mine.is_dir():
        raise UsageError(f"{args.solutions}: no such folder")
    if not reference.is_dir():
        raise UsageError("compare needs reference/, which this copy does not have "
                         "(learner copies are released without it)")
    if args.png and Path(args.png).suffix.lower() != ".png":
        raise UsageError(f"{args.png}: the picture's file name must end in .png")
    epochs = args.epochs or compare.BUILDERS[exercise.name].epochs
    headings = (f"yours ({mine.name})" if not args.solutions else mine.name, "reference")
    size = f"the first {args.train_size:,}" if args.train_size else "all 60,000"
    print(f"{exercise.name}: training both models on {size} training images, {epochs} epoch{'s' if epochs != 1 else ''}, "
          f"batch {training.BATCH_SIZE}, seed {args.seed}...", flush=True)
    try:
        sides = [compare.run_side(tree.resolve(), exercise, epochs, args.seed, args.train_size)
                 for tree in (mine, reference)]
    except compare.SideFailed as error:
        print(f"kata: {one_line(str(error))}", file=sys.stderr)
        return 1
    print("\n".join(compare.table(*sides, headings)))
    png = Path(args.png) if args.png else REPO_ROOT / "kata-plots" / f"compare-{exercise.name}.png"
    title = f"{exercise.name}: {headings[0]} vs reference, seed {args.seed}"
    compare.plot(*sides, headings, title, png, penalty=compare.BUILDERS[exercise.name].penalty)
    print(f"\nTraining curves of both (loss on a log scale): {shown(png)}")
    note = compare.short_run_note(exercise.name, epochs, args.train_size)
    if note:
        print("\n" + textwrap.fill(note, width=100))
    return 0
