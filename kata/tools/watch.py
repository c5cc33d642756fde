"""``kata watch``: check an exercise again each time a file under exercises/ is saved,
moving on to the next one as each passes (tools side)."""

from __future__ import annotations

import signal
import sys
import time
from typing import Dict, Optional, Tuple

from kata import catalog
from kata.tools import term
from kata.tools.board import next_to_check
from kata.tools.check import verdict
from kata.tools.common import EXERCISES, exercise_named, load_state


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
                current = watch_once(current, moving_on=named is None, quick=args.quick,
                                     cache=not args.no_cache)
                print(term.style("\nWatching exercises/ for changes: save a file to run the tests "
                                 "again. Ctrl-C to stop.", "dim"))
            time.sleep(args.interval)
    except KeyboardInterrupt:
        print("\nStopped watching.")
        return 0


def watch_once(current: Optional[catalog.Exercise], moving_on: bool,
               quick: bool, cache: bool = True) -> Optional[catalog.Exercise]:
    """Check ``current`` (or the next unfinished exercise); return what to check next time.
    Moving on, an exercise stays current until it passes, then the board picks the next."""
    exercise = current or next_to_check(load_state("check").get("last"))
    if exercise is None:
        print("Every exercise passes its quick tests. Well done.")
        return None
    if verdict(exercise, quick, cache) != 0 or not moving_on:
        return exercise
    upcoming = next_to_check(exercise.name)
    if upcoming is not None:
        print(f"Next up: {upcoming.name} ({upcoming.title}). Open exercises/{upcoming.filename}; "
              f"the next save runs its tests.")
    return None
