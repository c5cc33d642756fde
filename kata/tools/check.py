"""``kata check`` and ``kata watch``: run one exercise and say what to fix first."""

from __future__ import annotations

import signal
import sys
import time
from typing import Dict, Optional, Tuple

from kata import catalog
from kata.tools import term
from kata.tools.board import board, next_exercise
from kata.tools.common import EXERCISES, exercise_named
from kata.tools.runner import run_tests

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
