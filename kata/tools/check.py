"""``kata check`` and ``kata watch``: run one exercise and say what to fix first.

The verdict is data first (:class:`Verdict`, from :func:`judge`), then words:
:func:`verdict_text` writes it for the terminal, and ``kata.notebook.display``
writes the same verdict for a notebook (HTML and plain text), so the command
line and the notebook never tell two different stories. The only thing that
differs between them is how a command is spelled (:class:`Phrasing`).

Runs on the tools' side: the tests run in a separate pytest process
(``kata.tools.runner``); nothing here imports learner code.
"""

from __future__ import annotations

import signal
import sys
import textwrap
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

from kata import catalog
from kata.tools import term
from kata.tools import board as progress_board
from kata.tools.board import next_to_check
from kata.tools.common import EXERCISES, exercise_named, load_state, save_state
from kata.tools.hints import hint_progress
from kata.tools.runner import REPO_ROOT, STOPPED, Outcome, run_tests

QUICK_MARKERS = "not slow and not full"  # --quick: the tests that train a model are left out
FULL_MARKERS = "not full"  # the lesson's 80-epoch runs stay behind --full


@dataclass(frozen=True)
class Tally:
    """How one test function did over its cases."""

    test: str
    passed: int
    total: int


@dataclass(frozen=True)
class Verdict:
    """What one run of an exercise's tests says about the learner's code.

    ``problem`` is set when the tests could not judge the code at all (a syntax
    error, a run stopped after its time limit, ``timed_out``): one line that says why.
    ``details`` is what the run printed when no test ran (a collection error).
    """

    exercise: catalog.Exercise
    outcomes: Tuple[Outcome, ...] = ()
    quick: bool = False
    problem: str = ""
    details: str = ""
    timed_out: bool = False
    hints_seen: int = 0
    hints_total: int = 0
    notes: Tuple[str, ...] = ()  # what the judge wants said (a reused training result)
    not_run: int = 0  # tests a quick run left out (they train a model)

    @property
    def passed(self) -> List[Outcome]:
        return [o for o in self.outcomes if o.passed]

    @property
    def failures(self) -> List[Outcome]:
        return [o for o in self.outcomes if not o.passed]

    @property
    def ok(self) -> bool:
        return not self.problem and bool(self.outcomes) and not self.failures

    @property
    def first_failure(self) -> Optional[Outcome]:
        return next(iter(self.failures), None)

    def tallies(self) -> List[Tally]:
        """Per test function, in the order the tests ran: cases passed of cases run."""
        counts: Dict[str, List[int]] = {}
        for outcome in self.outcomes:
            count = counts.setdefault(outcome.test, [0, 0])
            count[0] += outcome.passed
            count[1] += 1
        return [Tally(test, passed, total) for test, (passed, total) in counts.items()]


@dataclass(frozen=True)
class Phrasing:
    """How a front end spells the commands a verdict points to ({name}: the exercise)."""

    hint: str
    all_hints: str
    done: str
    full_output: str = ""
    more_time: str = ""


CLI = Phrasing(hint="`kata hint {name}`", all_hints="`kata hint {name} --all`",
               done="Done. `kata` shows what comes next.",
               full_output="Full output: `pytest exercises/{name}`.")
NOTEBOOK = Phrasing(hint='`kata.hint("{name}")`', all_hints='`kata.hint("{name}", all=True)`',
                    done='Done. `kata.board()` shows what comes next.',
                    more_time="`--timeout SECONDS` gives the tests more time")


def default_timeout(exercise: catalog.Exercise) -> float:
    """A wall-clock limit for a whole run, so that a loop that never ends costs a
    minute or two, not one per-test timeout per test. Training exercises get more."""
    return 900.0 if exercise.uses_tensorflow else 120.0


def judge(exercise: catalog.Exercise, tree: Path = EXERCISES, quick: bool = False,
          timeout: Optional[float] = None, root: Path = REPO_ROOT, cache: bool = True,
          progress: Optional[Callable[[dict], None]] = None) -> Verdict:
    """Run ``exercise``'s tests against ``tree`` in a fresh pytest process; the verdict.
    ``progress`` receives the judge's live events (see ``kata.tools.runner``)."""
    markers = QUICK_MARKERS if quick else FULL_MARKERS
    extra = ["-m", markers] + ([] if cache else ["--no-cache"])
    run = run_tests(tree, [exercise.name], extra_args=extra, timeout=timeout, root=root, progress=progress)
    if run.problem.startswith(STOPPED):
        stopped = problem_verdict(exercise, f"the tests were still running after {timeout:g} s, so "
                                            f"they were stopped: is there a loop that never ends?")
        return replace(stopped, timed_out=True)
    counted = tuple(run.counted())
    if not counted:
        from kata import quiet

        lines = quiet.strip_native_logs(run.output).strip().splitlines()
        return problem_verdict(exercise, "no test ran", details="\n".join(lines[-30:]))
    return replace(problem_verdict(exercise, ""), outcomes=counted, quick=quick, notes=tuple(run.notes),
                   not_run=run.not_run.get(exercise.name, 0))


def problem_verdict(exercise: catalog.Exercise, problem: str, details: str = "") -> Verdict:
    """A verdict without test results (``problem`` says why), with the hint ladder's state."""
    seen, total = hint_progress(exercise)
    return Verdict(exercise, problem=problem, details=details, hints_seen=seen, hints_total=total)


# --- words ---------------------------------------------------------------------------------

def headline(verdict: Verdict, phrasing: Optional[Phrasing] = None) -> str:
    """The first line: ``EXERCISE: passed`` or ``EXERCISE: failed``, then the counts
    (or, when the tests could not judge the code, why not)."""
    name = verdict.exercise.name
    if verdict.problem:
        more_time = f" ({phrasing.more_time})" if verdict.timed_out and phrasing and phrasing.more_time else ""
        return f"{name}: failed: {verdict.problem}{more_time}"
    which = "quick tests" if verdict.quick else "tests"
    count = len(verdict.outcomes)
    if verdict.ok:
        return f"{name}: passed, all {count} {which} ({verdict.exercise.title})"
    return f"{name}: failed, {len(verdict.passed)} of {count} {which} pass ({verdict.exercise.title})"


def failure_message(outcome: Outcome) -> str:
    """The teaching message of a failed test, without pytest's "Failed: " prefix."""
    message = outcome.message.strip()
    return message[len("Failed: "):] if message.startswith("Failed: ") else message


def hint_advice(verdict: Verdict, phrasing: Phrasing) -> str:
    """Where the next hint is, and how far down the ladder the learner already is."""
    name = verdict.exercise.name
    if not verdict.hints_total:
        return ""
    if verdict.hints_seen >= verdict.hints_total:
        return (f"You have seen all {verdict.hints_total} hints; "
                f"{phrasing.all_hints.format(name=name)} shows them again.")
    following = verdict.hints_seen + 1
    return f"Stuck? {phrasing.hint.format(name=name)} gives hint {following} of {verdict.hints_total}."


def quick_note(verdict: Verdict) -> str:
    if not (verdict.quick and verdict.ok):
        return ""
    if not verdict.not_run:
        return "No test of this exercise trains a model, so the quick run ran them all."
    those = "test that trains" if verdict.not_run == 1 else "tests that train"
    return f"The {verdict.not_run} {those} a model were left out (quick run)."


def passing_line(verdict: Verdict) -> str:
    """The test functions with passing cases, on one (wrapped) line; the numbers add up to
    the headline's count: ``test (3)`` when all 3 cases pass, ``test (2 of 3)`` when some do."""
    names = [t.test if t.total == 1 else f"{t.test} ({t.total})" if t.passed == t.total
             else f"{t.test} ({t.passed} of {t.total})" for t in verdict.tallies() if t.passed]
    if not names or verdict.ok:
        return ""
    return textwrap.fill("Passing: " + ", ".join(names), width=100, subsequent_indent="  ")


def verdict_text(verdict: Verdict, phrasing: Phrasing = CLI) -> str:
    """The whole verdict as plain text; its first line is :func:`headline`."""
    name = verdict.exercise.name
    lines = [headline(verdict, phrasing), *verdict.notes]
    if verdict.problem:
        if verdict.details:
            lines += ["", textwrap.indent(verdict.details, "  ")]
        return "\n".join(lines)
    if verdict.ok:
        lines += [line for line in (quick_note(verdict), phrasing.done) if line]
        return "\n".join(lines)
    if passing_line(verdict):
        lines.append(passing_line(verdict))
    first = verdict.first_failure
    lines += ["", f"First thing to fix ({first.case}):",
              textwrap.indent(failure_message(first), "  "), ""]
    lines.append(" ".join(part for part in (hint_advice(verdict, phrasing),
                                            phrasing.full_output.format(name=name)) if part))
    return "\n".join(lines).rstrip()


# --- the commands ------------------------------------------------------------------------------

def command_check(args) -> int:
    if args.exercise:
        exercise = exercise_named(args.exercise)
    else:
        # The first exercise not known to be done, found without running its tests: the check
        # below runs each of them once, and its result becomes the board's row.
        exercise = next_to_check(load_state("check").get("last"))
        if exercise is None:
            print("Every exercise passes its quick tests; name one to check it fully: kata check ex5_4")
            return 0
        fresh = progress_board.fresh_rows()
        rows = [{"exercise": e, **fresh[e.name]} for e in catalog.EXERCISES if e.name in fresh]
        moving_on = progress_note(rows, exercise)
        if moving_on:
            print(term.style(moving_on, "green"))
    save_state("check", {"last": exercise.name})
    return verdict(exercise, args.quick, cache=not args.no_cache)


def progress_note(rows: List[dict], upcoming: catalog.Exercise) -> str:
    """"ex5_1 done: 36 of 36. Next: ex5_2 (...)" when ``kata check`` moves on to a new
    exercise: the one it checked last time (else the one before) is done."""
    last = load_state("check").get("last")
    if last == upcoming.name:
        return ""
    names = [e.name for e in catalog.EXERCISES]
    if last not in names:
        position = names.index(upcoming.name)
        last = names[position - 1] if position else None
    row = next((row for row in rows if row["exercise"].name == last), None)
    if row is None or row["status"] != "done":
        return ""
    later = f" ({row['not_run']} that train a model not run yet)" if row.get("not_run") else ""
    return f"{last} done: {row['passed']} of {row['total']}{later}. Next: {upcoming.name} ({upcoming.title})"


def verdict(exercise: catalog.Exercise, quick: bool, cache: bool = True) -> int:
    """Run one exercise's tests and print what passed and the first thing to fix,
    saying at once what is running and, while a model trains, how far it is."""
    progress = Progress(exercise)
    try:
        result = judge(exercise, quick=quick, cache=cache, progress=progress)
    finally:
        progress.close()
    progress_board.record(exercise, list(result.outcomes), result.not_run)
    text = verdict_text(result, CLI)
    first, _, rest = text.partition("\n")
    print(term.style(first, "bold", "green" if result.ok else "red") + ("\n" + rest if rest else ""))
    return 0 if result.ok else 1


class Progress:
    """Live lines while the judge runs: what is running and since when, each epoch of
    training, and a test that has been running for a while (a loop that may never end)."""

    SLOW_AFTER = 5.0  # seconds a test runs before the screen names it

    def __init__(self, exercise: catalog.Exercise):
        self.exercise = exercise
        self.training = False
        self.running: Optional[Tuple[str, float, float]] = None  # (test, started, its limit)
        self.watcher: Optional[threading.Thread] = None
        self.finished = False

    def __call__(self, event: dict) -> None:
        name = self.exercise.name
        if event.get("event") == "collected":
            count = event.get("exercises", {}).get(name, 0)
            what = ", then training a model" if self.exercise.uses_tensorflow else ""
            print(term.style(f"{name}: running {count} test{'s' if count != 1 else ''}{what} "
                             f"(started {time.strftime('%H:%M:%S')})...", "dim"), flush=True)
        elif event.get("event") == "start":
            self.running = (str(event.get("test")), time.time(), float(event.get("limit") or 0))
            if self.watcher is None:
                self.watcher = threading.Thread(target=self._watch, daemon=True)
                self.watcher.start()
        elif event.get("event") == "epoch":
            epochs = event.get("epochs") or "?"
            print(term.style(f"  training: epoch {event.get('epoch')} of {epochs}", "dim"), flush=True)
            self.running = None  # training shows how far it is: no "still running" line

    def _watch(self) -> None:
        """Name a test still running after SLOW_AFTER seconds, once: what runs, since when."""
        announced = None
        while not self.finished:
            time.sleep(0.5)
            running = self.running
            if running is None or running == announced or time.time() - running[1] < self.SLOW_AFTER:
                continue
            announced = running
            test, started, limit = running
            since = time.strftime('%H:%M:%S', time.localtime(started))
            stop = f"; the kata stops a call after {limit:g} s" if limit else ""
            if not self.finished:
                print(term.style(f"  still running {test}, since {since}{stop}", "dim"), flush=True)

    def close(self) -> None:
        self.finished = True


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
