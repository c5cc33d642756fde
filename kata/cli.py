"""The ``kata`` command: where am I, what next, and a hint when stuck.

    kata                     the board: every exercise, its status, what to do next
    kata check [EXERCISE]    run one exercise (default: the next unfinished one)
    kata hint EXERCISE       the next hint (--all: every hint)
    kata grade DIR           score a submission tree, per exercise (--json FILE)

Everything runs the same tests as pytest, in a separate pytest process
(kata/runner.py), so what the board says is what `pytest exercises/...` says.
Exit codes: 0 all good, 1 something failed, 2 bad input.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from kata import catalog
from kata.runner import REPO_ROOT, Outcome, run_tests

STATE_DIR = REPO_ROOT / ".kata"  # git-ignored: the board's cache and the hints shown so far
EXERCISES = REPO_ROOT / "exercises"


class UsageError(Exception):
    """Bad input: reported on one line, exit status 2."""


def exercise_named(name: str) -> catalog.Exercise:
    try:
        return catalog.get(name)
    except KeyError as error:
        raise UsageError(error.args[0]) from None


def source_digest(tree: Path, exercise: catalog.Exercise) -> str:
    """A hash of the exercise's module and those it imports, to know when to re-run."""
    digest = hashlib.sha256()
    for name in (exercise.name, *exercise.requires):
        path = tree / catalog.get(name).filename
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
    stale = [e for e in catalog.EXERCISES
             if cache.get(e.name, {}).get("digest") != source_digest(EXERCISES, e)]
    if stale:
        run = run_tests(EXERCISES, [e.name for e in stale], extra_args=["-m", "not slow and not full"])
        for exercise in stale:
            outcomes = [o for o in run.outcomes if o.exercise == exercise.name]
            cache[exercise.name] = {"digest": source_digest(EXERCISES, exercise),
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
        print(f"  {e.name:<18} {e.title:<{width}}  {row['status']:<12} "
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
    marker = "not slow and not full" if args.quick else "not full"
    run = run_tests(EXERCISES, [exercise.name], extra_args=["-m", marker])
    counted = [o for o in run.outcomes if not o.skipped]
    if not counted:
        print(f"{exercise.name}: no test ran.\n{run.output.strip()}")
        return 1
    passed = sum(o.passed for o in counted)
    print(f"{exercise.name} ({exercise.title}): {passed} of {len(counted)} tests pass")
    failures = [o for o in counted if not o.passed]
    if not failures:
        print("Done. `kata` shows what comes next.")
        return 0
    first = failures[0]
    print(f"\nFirst thing to fix ({first.case}):\n  " + first.message.replace("Failed: ", "", 1)
          .replace("\n", "\n  "))
    print(f"\nStuck? `kata hint {exercise.name}`. Full output: `pytest exercises/{exercise.name}`.")
    return 1


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


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="kata", description="Progress, hints and grading for dnn-kata.",
                                  epilog="Example: kata check ex5_1")
    commands = top.add_subparsers(dest="command")
    commands.add_parser("list", help="the board of exercises (the default)",
                        epilog="Example: kata list").set_defaults(run=command_list)
    check = commands.add_parser("check", help="run one exercise and say what to fix first",
                                epilog="Example: kata check ex5_4 --quick")
    check.add_argument("exercise", nargs="?", help="default: the next unfinished exercise")
    check.add_argument("--quick", action="store_true", help="skip the tests that train a model")
    check.set_defaults(run=command_check)
    hint = commands.add_parser("hint", help="the next hint for an exercise",
                               epilog="Example: kata hint ex5_1")
    hint.add_argument("exercise")
    hint.add_argument("--all", action="store_true", help="show every hint")
    hint.set_defaults(run=command_hint)
    grade = commands.add_parser("grade", help="score a submission tree laid out like exercises/",
                                epilog="Example: kata grade ~/submissions/ada --json ada.json")
    grade.add_argument("directory")
    grade.add_argument("--json", metavar="FILE", help="also write a JSON report: one object per "
                       "exercise with passed, failed, seconds and failures (test, message)")
    grade.set_defaults(run=command_grade)
    return top


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parser().parse_args(argv)
    try:
        return getattr(args, "run", command_list)(args)
    except UsageError as error:
        print(f"kata: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
