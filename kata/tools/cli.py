"""The ``kata`` command: where am I, what next, and a hint when stuck.

    kata, kata board         the board: every exercise, its status, what to do next
    kata check [EXERCISE]    run one exercise (default: the next unfinished one)
    kata watch [EXERCISE]    the same, again each time a file is saved
    kata hint EXERCISE       the next hint (--all: every hint)
    kata reset EXERCISE      put the stub back (the learner's file is backed up first)
    kata show EXERCISE       pictures of what the network does, as PNG files in kata-plots/
    kata notebooks [OUTDIR]  one Jupyter notebook per exercise (default notebooks/)
    kata grade DIR           score a submission tree, per exercise (--json FILE)
    kata grade --class DIR   grade a whole class: gradebook.csv, class report (--jobs, --dask)
    kata release OUTDIR      a learner copy: no reference, no answers, stubs checked
    kata release --gradescope OUT.zip   Gradescope's autograder bundle (same judge)
    kata compare EXERCISE    a model and the reference's, trained side by side
    kata similar --class DIR pairs of submissions whose code is alike (dnn-kata[grading])

grade, release, compare and similar are the instructor's: a learner copy (one without
reference/) neither lists nor runs them.

Everything runs the same tests as pytest, in a separate pytest process
(kata/runner.py), so what the board says is what `pytest exercises/...` says.
Exit codes: 0 all good, 1 a test (or the code it runs) failed, 2 bad input, 130 Ctrl-C.
Output cut short by the reader (`kata hint ex5_1 | head -1`) ends quietly, with 0.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Optional, Sequence

from kata.tools.board import command_list
from kata.tools.check import command_check
from kata.tools.common import EXERCISES, REPO_ROOT, Parser, UsageError, exercise_named
from kata.tools.grade import command_grade
from kata.tools.grading import classrun, gradescope, lms, similar
from kata.tools.hints import command_hint
from kata.tools.instructor import command_compare, command_release
from kata.tools.watch import command_watch


def command_reset(args) -> int:
    from kata.tools import reset, stubs

    exercise = exercise_named(args.exercise)
    module = Path("exercises") / exercise.filename
    if stubs.is_pristine(EXERCISES, exercise):
        print(f"{module} is already the untouched stub; nothing to do.")
        return 0
    if not args.yes and (REPO_ROOT / module).exists():
        print(f"This replaces {module} with the untouched stub. Your version is saved to "
              f"{reset.BACKUPS}/{exercise.name}/ first.")
        try:
            answer = input("Reset it? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            # Declining is not a failure: exit 1 is kept for failing tests.
            print(f"Nothing changed (`kata reset {exercise.name} --yes` resets without asking).")
            return 0
    backup = reset.reset(REPO_ROOT, exercise)
    if backup is not None:
        print(f"Saved your version to {backup.relative_to(REPO_ROOT)}")
    print(f"Restored {module} to the untouched stub.")
    return 0


def command_show(args) -> int:
    from kata.tools import show

    return show.command_show(args)


def check_then_show(args) -> int:
    """``kata check``, and with ``--show`` the exercise's pictures after it (``kata show``)."""
    status = command_check(args)
    if getattr(args, "show", False) and args.exercise:
        command_show(args)
    return status


INSTRUCTOR_COMMANDS = ("grade", "release", "compare", "similar")


def learner_copy(root: Path = REPO_ROOT) -> bool:
    """True in a copy made by ``kata release``: it has no reference/, so grading, releasing
    and comparing against the reference are not for it."""
    return not (root / "reference").is_dir()


def parser(instructor: bool = True) -> argparse.ArgumentParser:
    top = Parser(
        prog="kata", description=("Progress, hints and grading for dnn-kata." if instructor else
                                  "Progress and hints for dnn-kata.") + " Without a command: the board.",
        epilog="Examples: kata  |  kata check  |  kata hint ex5_1  |  kata COMMAND --help\n"
               "An exercise is named as its folder (ex5_1) or as its title writes it (ex5-1).",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = top.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, run, summary: str, example: str, details: str = "",
                aliases: Sequence[str] = ()) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=summary, aliases=list(aliases),
                                  description=summary[0].upper() + summary[1:] + "." + details,
                                  epilog=f"Example: {example}")
        sub.set_defaults(run=run)
        return sub

    command("list", command_list, "the board of exercises (the default)", "kata board",
            aliases=["board"])
    check = command("check", check_then_show, "run one exercise and say what to fix first",
                    "kata check ex5_4 --quick")
    check.add_argument("exercise", nargs="?", help="default: the next unfinished exercise")
    check.add_argument("--quick", action="store_true", help="skip the tests that train a model")
    check.add_argument("--no-cache", action="store_true",
                       help="train again instead of reusing a model kept from an earlier run")
    check.add_argument("--show", action="store_true",
                       help="afterwards, draw the exercise's pictures into kata-plots/ (kata show)")
    watch = command("watch", command_watch, "check an exercise again each time a file is saved",
                    "kata watch ex5_3")
    watch.add_argument("exercise", nargs="?",
                       help="default: the next unfinished exercise, moving on as each one passes")
    watch.add_argument("--quick", action="store_true", help="skip the tests that train a model")
    watch.add_argument("--no-cache", action="store_true",
                       help="train again instead of reusing a model kept from an earlier run")
    watch.add_argument("--interval", type=float, default=0.5, metavar="SECONDS",
                       help="how often to look for saved files (default 0.5)")
    hint = command("hint", command_hint, "the next hint for an exercise", "kata hint ex5_1")
    hint.add_argument("exercise")
    hint.add_argument("--all", action="store_true", help="show every hint")
    reset = command("reset", command_reset,
                    "put an exercise's stub back; your file is saved to backups/ first",
                    "kata reset ex5_2  |  kata reset ex5_2 --yes",
                    details=" It asks \"Reset it? [y/N]\" first; anything but y (or no terminal to "
                            "answer from) changes nothing, and exits 0 all the same.")
    reset.add_argument("exercise")
    reset.add_argument("--yes", "-y", action="store_true",
                       help="reset without asking (for scripts, or no terminal)")
    show = command("show", command_show,
                   "draw what an exercise's network does into PNG files (kata-plots/)",
                   "kata show ex5_4")
    show.add_argument("exercise")
    show.add_argument("--out", metavar="DIR", help="where the PNG files go (default kata-plots/)")
    show.add_argument("--solutions", metavar="DIR", help="the tree to draw (default: exercises/)")
    show.add_argument("--no-cache", action="store_true",
                      help="train again instead of reusing a model kept from an earlier run")
    notebooks = command("notebooks", command_notebooks,
                        "write one Jupyter notebook per exercise (Jupyter, VS Code, Colab)",
                        "kata notebooks  (then: jupyter lab notebooks/)")
    notebooks.add_argument("outdir", nargs="?", help="default: notebooks/ in the kata's folder")
    notebooks.add_argument("--source", metavar="URL",
                           help="the kata's address for Colab (a git URL or a .zip URL), written "
                                "into each notebook's setup cell")
    if not instructor:
        return top
    grade = command("grade", command_grade,
                    "score one submission, or a whole class into a gradebook",
                    "kata grade ~/submissions/ada --json ada.json  |  kata grade --class ~/submissions",
                    details=" Exit status, one submission: 0 when every test passes, 1 otherwise. "
                            "A class: 0 when every submission was graded, whatever its grades; 1 when "
                            "some could not be graded (refused, or its grading failed: the class "
                            "report names them); 130 when interrupted (the grades so far are kept).")
    grade.add_argument("submissions", nargs="*", metavar="SUBMISSION",
                       help="a folder laid out like exercises/, or a .zip file of one; with one, the "
                       "score table (and --json); with several, a class")
    grade.add_argument("--class", dest="class_folder", metavar="FOLDER",
                       help="grade every sub-folder and .zip file of FOLDER, each a submission named "
                       "by its folder or file name")
    grade.add_argument("--json", metavar="FILE", help="one submission: also write a JSON report "
                       "(solutions, status, reason, and per exercise: passed, failed, seconds, "
                       "failures with test and message, status, reason)")
    grade.add_argument("--out", metavar="FOLDER", help=f"a class: where the grades go (default "
                       f"{classrun.DEFAULT_OUT}/): one JSON per submission, gradebook.csv, "
                       f"class-report.md and .json")
    grade.add_argument("--jobs", type=int, metavar="N", help="grade N submissions at once (default: "
                       "what the cores and memory allow)")
    grade.add_argument("--timeout", type=float, metavar="SECONDS", help="stop each exercise of "
                       "each submission after SECONDS (default: the exercise's own limit)")
    grade.add_argument("--exercises", metavar="LIST", help="grade only these, comma-separated "
                       "(default: all, or grading.toml's [points])")
    grade.add_argument("--config", metavar="FILE", help="points per exercise, selection and time "
                       "limit (default: grading.toml in the repository, if any)")
    grade.add_argument("--regrade", action="store_true", help="grade again the submissions "
                       "already graded and unchanged since")
    grade.add_argument("--dask", metavar="ADDRESS", help="grade on the Dask cluster whose scheduler "
                       "is at ADDRESS (tls://HOST:8786; tcp:// only on the loopback); needs "
                       "dnn-kata[cluster]")
    grade.add_argument("--dask-tls", nargs=3, metavar=("CA", "CERT", "KEY"), help="the cluster's CA "
                       "certificate and this client's certificate and key, PEM files (default: "
                       "grading.toml's [dask] tls-ca, tls-cert, tls-key)")
    grade.add_argument("--insecure", action="store_true", help="allow --dask tcp://HOST, unencrypted "
                       "and unauthenticated, to a scheduler off the loopback")
    lms.add_arguments(grade)
    release = command("release", command_release,
                      "write a learner copy without reference/ and tests/, and check its stubs",
                      "kata release ../dnn-kata-learners")
    release.add_argument("outdir", nargs="?", help="a new or empty folder outside this repository")
    release.add_argument("--source", metavar="URL",
                         help="where learners on Colab get this copy (a git URL or a .zip URL): "
                              "written into the notebooks' setup cell")
    release.add_argument("--classroom", action="store_true", help="also write the GitHub Classroom "
                         "autograding workflow, .github/workflows/classroom.yml")
    gradescope.add_arguments(release)
    similar.add_command(command)
    compare = command("compare", command_compare,
                      "train a model and the reference's side by side, on the same seed",
                      "kata compare ex5_7 --solutions ~/submissions/ada")
    compare.add_argument("exercise", help="ex5_4, ex5_7 or ex5_8")
    compare.add_argument("--solutions", metavar="DIR", help="the tree to compare (default: exercises/)")
    compare.add_argument("--epochs", type=int, help="default: as many as the exercise's tests train")
    compare.add_argument("--seed", type=int, default=0, help="default 0")
    compare.add_argument("--train-size", type=int, metavar="N",
                         help="train on the first N training images only (a quicker look)")
    compare.add_argument("--png", metavar="FILE",
                         help="where to save the curves (default kata-plots/compare-EXERCISE.png)")
    return top


def command_notebooks(args) -> int:
    from kata.notebook.writer import command_notebooks as write

    return write(args)


def run(argv: Optional[Sequence[str]]) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    instructor = not learner_copy()
    if not instructor and arguments and arguments[0] in INSTRUCTOR_COMMANDS:
        raise UsageError(f"`kata {arguments[0]}` is for instructors, in the kata's own repository; "
                         f"this learner copy does not have it")
    args = parser(instructor).parse_args(arguments)
    return getattr(args, "run", command_list)(args)


def silence_stdout() -> None:
    """The reader of our output has gone (``| head -1``): send what is left nowhere, so
    that neither a later print nor the flush at exit reports a broken pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def main(argv: Optional[Sequence[str]] = None) -> int:
    try:
        code = run(argv)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        silence_stdout()
        return 0
    except SystemExit:  # argparse's --help and errors: flush here, where a closed pipe is caught
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            silence_stdout()
        raise
    except UsageError as error:
        print(f"kata: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nkata: interrupted; nothing was left half-written.", file=sys.stderr)
        return 130
    except OSError as error:  # a full disk, a folder we may not write to: say so, plainly
        print(f"kata: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
