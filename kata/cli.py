"""The ``kata`` command: where am I, what next, and a hint when stuck.

    kata                     the board: every exercise, its status, what to do next
    kata check [EXERCISE]    run one exercise (default: the next unfinished one)
    kata watch [EXERCISE]    the same, again each time a file is saved
    kata hint EXERCISE       the next hint (--all: every hint)
    kata reset EXERCISE      put the stub back (the learner's file is backed up first)
    kata grade DIR           score a submission tree, per exercise (--json FILE)
    kata release OUTDIR      a learner copy: no reference, no answers, stubs checked
    kata compare EXERCISE    a model and the reference's, trained side by side

Everything runs the same tests as pytest, in a separate pytest process
(kata/runner.py), so what the board says is what `pytest exercises/...` says.
Exit codes: 0 all good, 1 a test (or the code it runs) failed, 2 bad input, 130 Ctrl-C.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import signal
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from kata import catalog, term
from kata.runner import REPO_ROOT, Outcome, run_tests, stub_problems

STATE_DIR = REPO_ROOT / ".kata"  # git-ignored: the board's cache and the hints shown so far
EXERCISES = REPO_ROOT / "exercises"


class UsageError(Exception):
    """Bad input: reported on one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    """argparse, with its errors on one line (and no usage block) like the kata's own."""

    def error(self, message: str):
        print(f"kata: {message} (see `{self.prog} --help`)", file=sys.stderr)
        sys.exit(2)


def one_line(message: str) -> str:
    """A multi-line error (an import failure with its source excerpt) as one line:
    the first line, the error itself, and the line number when there is one."""
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    if len(lines) <= 1:
        return " ".join(lines)
    where = re.search(r"line (\d+)", message)
    at = f" (line {where.group(1)})" if where and f"line {where.group(1)}" not in lines[-1] else ""
    return f"{lines[0]} {lines[-1]}{at}"


def shown(path: Path) -> str:
    """``path`` relative to the current folder when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def exercise_named(name: str) -> catalog.Exercise:
    try:
        return catalog.get(name)
    except KeyError as error:
        raise UsageError(error.args[0]) from None


def source_digest(tree: Path, exercise: catalog.Exercise) -> str:
    """A hash of what decides an exercise's status: its module, the modules it imports,
    and its tests (which change when the kata is updated). Equal hash, same status."""
    digest = hashlib.sha256()
    paths = [tree / catalog.get(name).filename for name in (exercise.name, *exercise.requires)]
    paths += sorted((EXERCISES / exercise.name).glob("test_*.py"))
    for path in paths:
        digest.update(path.read_bytes() if path.exists() else b"missing")
    return digest.hexdigest()


def status_of(outcomes: List[Outcome]) -> str:
    counted = [o for o in outcomes if not o.skipped]
    if counted and all(o.passed for o in counted):
        return "done"
    if counted and all("not implemented yet" in o.message for o in counted if not o.passed) \
            and not any(o.passed for o in counted):
        return "not started"
    return "in progress"


def load_state(name: str) -> dict:
    path = STATE_DIR / f"{name}.json"
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def save_state(name: str, state: dict) -> None:
    STATE_DIR.mkdir(exist_ok=True)
    (STATE_DIR / f"{name}.json").write_text(json.dumps(state, indent=2, sort_keys=True))


def board() -> List[dict]:
    """Status of every exercise from its quick tests (training tests deselected),
    re-run only for exercises whose source changed since the last board."""
    cache = load_state("board")
    digests = {e.name: source_digest(EXERCISES, e) for e in catalog.EXERCISES}
    stale = [e for e in catalog.EXERCISES if cache.get(e.name, {}).get("digest") != digests[e.name]]
    if stale:
        run = run_tests(EXERCISES, [e.name for e in stale], extra_args=["-m", "not slow and not full"])
        for exercise in stale:
            outcomes = [o for o in run.outcomes if o.exercise == exercise.name]
            cache[exercise.name] = {"digest": digests[exercise.name],
                                    "status": status_of(outcomes),
                                    "passed": sum(o.passed for o in outcomes),
                                    "total": sum(not o.skipped for o in outcomes)}
        save_state("board", cache)
    return [{"exercise": e, **cache[e.name]} for e in catalog.EXERCISES]


def next_exercise(rows: List[dict]) -> Optional[catalog.Exercise]:
    return next((row["exercise"] for row in rows if row["status"] != "done"), None)


def command_list(args) -> int:
    rows = board()
    done = sum(row["status"] == "done" for row in rows)
    width = max(len(e.title) for e in catalog.EXERCISES)
    print(f"dnn-kata: {done} of {len(rows)} exercises done (quick tests; `kata check` also trains)\n")
    for row in rows:
        e = row["exercise"]
        print(f"  {e.name:<18} {e.title:<{width}}  {term.status(row['status'], 12)} "
              f"{row['passed']}/{row['total']} tests")
    upcoming = next_exercise(rows)
    if upcoming:
        print(f"\nNext: {upcoming.name}. Read exercises/{upcoming.name}/README.md, edit "
              f"exercises/{upcoming.filename}, then run `kata check {upcoming.name}`.")
    else:
        print("\nEverything passes. Try `pytest exercises/ex5_7 exercises/ex5_8 --full`.")
    return 0


def command_check(args) -> int:
    exercise = exercise_named(args.exercise) if args.exercise else next_exercise(board())
    if exercise is None:
        print("Every exercise passes its quick tests; name one to check it fully: kata check ex5_4")
        return 0
    return verdict(exercise, args.quick)


def verdict(exercise: catalog.Exercise, quick: bool) -> int:
    """Run one exercise's tests and print what passed and the first thing to fix."""
    marker = "not slow and not full" if quick else "not full"
    run = run_tests(EXERCISES, [exercise.name], extra_args=["-m", marker])
    counted = run.counted()
    if not counted:
        print(f"{exercise.name}: no test ran.\n{run.output.strip()}")
        return 1
    passed = sum(o.passed for o in counted)
    failures = [o for o in counted if not o.passed]
    colour = "red" if failures else "green"
    print(term.style(f"{exercise.name} ({exercise.title}): {passed} of {len(counted)} tests pass",
                     "bold", colour))
    if not failures:
        print("Done. `kata` shows what comes next.")
        return 0
    first = failures[0]
    print(f"\nFirst thing to fix ({first.case}):\n  " + first.message.replace("Failed: ", "", 1)
          .replace("\n", "\n  "))
    print(f"\nStuck? `kata hint {exercise.name}`. Full output: `pytest exercises/{exercise.name}`.")
    return 1


def watched_state() -> Dict[str, Tuple[int, int]]:
    """(modification time, size) of every Python file under exercises/: a save changes it."""
    return {str(path): (path.stat().st_mtime_ns, path.stat().st_size)
            for path in EXERCISES.rglob("*.py") if "__pycache__" not in path.parts}


def command_watch(args) -> int:
    named = exercise_named(args.exercise) if args.exercise else None
    sys.stdout.reconfigure(line_buffering=True)  # a pipe sees each line as it is printed
    # Ctrl-C (and a polite kill) end the loop below, even where the shell started us
    # with SIGINT ignored, as it does for background jobs.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    seen, current = None, named
    try:
        while True:
            state = watched_state()
            if state != seen:
                seen = state  # a save during the run below is picked up on the next pass
                term.clear_screen()
                current = watch_once(current, moving_on=named is None, quick=args.quick)
                print(term.style("\nWatching exercises/ for changes: save a file to run the tests "
                                 "again. Ctrl-C to stop.", "dim"))
            time.sleep(args.interval)
    except KeyboardInterrupt:
        print("\nStopped watching.")
        return 0


def watch_once(current: Optional[catalog.Exercise], moving_on: bool,
               quick: bool) -> Optional[catalog.Exercise]:
    """Check ``current`` (or the next unfinished exercise); return what to check next time.
    Moving on, an exercise stays current until it passes, then the board picks the next."""
    exercise = current or next_exercise(board())
    if exercise is None:
        print("Every exercise passes its quick tests. Well done.")
        return None
    if verdict(exercise, quick) != 0 or not moving_on:
        return exercise
    upcoming = next_exercise(board())
    if upcoming is not None:
        print(f"Next up: {upcoming.name} ({upcoming.title}). Open exercises/{upcoming.filename}; "
              f"the next save runs its tests.")
    return None


def hints_of(exercise: catalog.Exercise) -> List[str]:
    path = EXERCISES / exercise.name / "HINTS.md"
    if not path.exists():
        return []
    sections = re.split(r"^## .*$", path.read_text(), flags=re.MULTILINE)[1:]
    return [section.strip() for section in sections if section.strip()]


def command_hint(args) -> int:
    exercise = exercise_named(args.exercise)
    hints = hints_of(exercise)
    if not hints:
        raise UsageError(f"{exercise.name} has no hints")
    state = load_state("hints")
    shown = len(hints) if args.all else min(state.get(exercise.name, 0) + 1, len(hints))
    for number in range(1, shown + 1) if args.all else [shown]:
        print(f"Hint {number} of {len(hints)} for {exercise.name}:\n{hints[number - 1]}\n")
    if not args.all:
        state[exercise.name] = shown
        save_state("hints", state)
        if shown < len(hints):
            print(f"Run `kata hint {exercise.name}` again for the next one.")
    return 0


def command_grade(args) -> int:
    tree = Path(args.directory).expanduser()
    if not tree.is_dir():
        raise UsageError(f"{args.directory}: no such folder")
    if not any((tree / e.filename).exists() for e in catalog.EXERCISES):
        raise UsageError(f"{args.directory} holds none of the exercise modules "
                         f"({catalog.EXERCISES[0].filename}, ...); grade a folder laid out like exercises/")
    if args.json and (Path(args.json).suffix.lower() != ".json" or not Path(args.json).parent.is_dir()):
        raise UsageError(f"{args.json}: the report goes to a file ending in .json, in a folder that "
                         f"exists")
    run = run_tests(tree.resolve(), [e.name for e in catalog.EXERCISES], extra_args=["-m", "not full"])
    report = []
    for exercise in catalog.EXERCISES:
        outcomes = [o for o in run.outcomes if o.exercise == exercise.name and not o.skipped]
        report.append({
            "exercise": exercise.name,
            "passed": sum(o.passed for o in outcomes),
            "failed": sum(not o.passed for o in outcomes),
            "seconds": round(sum(o.seconds for o in outcomes), 3),
            "failures": [{"test": o.case, "message": o.message} for o in outcomes if not o.passed],
        })
    width = max(len(e.name) for e in catalog.EXERCISES)
    print(f"{'exercise':<{width}}  passed  failed  score")
    for row in report:
        total = row["passed"] + row["failed"]
        score = f"{100 * row['passed'] / total:.0f}%" if total else "-"
        print(f"{row['exercise']:<{width}}  {row['passed']:>6}  {row['failed']:>6}  {score:>5}")
    if args.json:
        Path(args.json).write_text(json.dumps({"solutions": str(tree.resolve()), "exercises": report},
                                              indent=2))
        print(f"\nJSON report written to {args.json}")
    return 0 if all(row["failed"] == 0 for row in report) else 1


def command_reset(args) -> int:
    from kata import reset, stubs

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
            print("Nothing changed.")
            return 1
    backup = reset.reset(REPO_ROOT, exercise)
    if backup is not None:
        print(f"Saved your version to {backup.relative_to(REPO_ROOT)}")
    print(f"Restored {module} to the untouched stub.")
    return 0


def command_release(args) -> int:
    from kata import release

    outdir = Path(args.outdir).expanduser()
    try:
        count, differing = release.write_release(REPO_ROOT, outdir)
    except release.ReleaseRefused as error:
        raise UsageError(str(error)) from None
    print(f"Wrote a learner copy to {outdir}: {count} files.")
    print(f"Left out: {', '.join(release.left_out(REPO_ROOT))}")
    for filename in differing:
        print(f"  note: exercises/{filename} here differs from the shipped stub; the copy has the "
              f"stub (after changing a stub on purpose, refresh it: python -m kata.stubs)")
    print("Checking that every test fails on the copy's stubs...")
    run = release.verify_stubs(outdir)
    problems = stub_problems(run)
    if problems:
        print(term.style("The copy is not fit to ship:", "bold", "red"))
        print("\n".join(f"  {line}" for line in problems))
        return 1
    print(term.style(f"All {len(run.counted())} tests fail on the stubs with \"not implemented yet\": "
                     f"ready to ship.", "green"))
    return 0


def command_compare(args) -> int:
    from kata import compare, training

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
    compare.plot(*sides, headings, title, png)
    print(f"\nTraining curves of both: {shown(png)}")
    return 0


def parser() -> argparse.ArgumentParser:
    top = Parser(
        prog="kata", description="Progress, hints and grading for dnn-kata. Without a command: the board.",
        epilog="Examples: kata  |  kata check  |  kata hint ex5_1  |  kata COMMAND --help",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = top.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, run, summary: str, example: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=summary, description=summary[0].upper() + summary[1:] + ".",
                                  epilog=f"Example: {example}")
        sub.set_defaults(run=run)
        return sub

    command("list", command_list, "the board of exercises (the default)", "kata list")
    check = command("check", command_check, "run one exercise and say what to fix first",
                    "kata check ex5_4 --quick")
    check.add_argument("exercise", nargs="?", help="default: the next unfinished exercise")
    check.add_argument("--quick", action="store_true", help="skip the tests that train a model")
    watch = command("watch", command_watch, "check an exercise again each time a file is saved",
                    "kata watch ex5_3")
    watch.add_argument("exercise", nargs="?",
                       help="default: the next unfinished exercise, moving on as each one passes")
    watch.add_argument("--quick", action="store_true", help="skip the tests that train a model")
    watch.add_argument("--interval", type=float, default=0.5, metavar="SECONDS",
                       help="how often to look for saved files (default 0.5)")
    hint = command("hint", command_hint, "the next hint for an exercise", "kata hint ex5_1")
    hint.add_argument("exercise")
    hint.add_argument("--all", action="store_true", help="show every hint")
    reset = command("reset", command_reset,
                    "put an exercise's stub back; your file is saved to backups/ first",
                    "kata reset ex5_2")
    reset.add_argument("exercise")
    reset.add_argument("--yes", action="store_true", help="do not ask before replacing the file")
    grade = command("grade", command_grade, "score a submission tree laid out like exercises/",
                    "kata grade ~/submissions/ada --json ada.json")
    grade.add_argument("directory")
    grade.add_argument("--json", metavar="FILE", help="also write a JSON report: one object per "
                       "exercise with passed, failed, seconds and failures (test, message)")
    release = command("release", command_release,
                      "write a learner copy without reference/ and tests/, and check its stubs",
                      "kata release ../dnn-kata-learners")
    release.add_argument("outdir", help="a new or empty folder outside this repository")
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


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parser().parse_args(argv)
    try:
        return getattr(args, "run", command_list)(args)
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
