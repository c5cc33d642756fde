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

import textwrap
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

from kata import catalog
from kata.tools import term
from kata.tools.live import Progress
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
    setup: bool = False  # ``problem`` is the kata's set-up (no MNIST), not the learner's code
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
        """The first failure the learner's code is to blame for (a test that lacked its
        data comes after every other)."""
        return next((o for o in self.failures if not o.lacks_data), next(iter(self.failures), None))

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
    return missing_data(replace(problem_verdict(exercise, ""), outcomes=counted, quick=quick,
                                notes=tuple(run.notes), not_run=run.not_run.get(exercise.name, 0)))


def missing_data(verdict: Verdict) -> Verdict:
    """A verdict whose only failures are tests that lacked MNIST becomes the kata's set-up
    problem ("MNIST is not available: ..."), with no hint offered; where the code fails
    other tests too, those come first and a note says what could not run."""
    lacking = [o for o in verdict.failures if o.lacks_data]
    if not lacking:
        return verdict
    reason, _, how = lacking[0].message.strip().partition("\n")
    reason = reason[len("Failed: "):] if reason.startswith("Failed: ") else reason
    could_not = f"{len(lacking)} test{'s' if len(lacking) != 1 else ''} that need{'s' if len(lacking) == 1 else ''} MNIST could not run"
    if len(lacking) < len(verdict.failures):
        return replace(verdict, notes=verdict.notes + (f"{could_not}: {reason}",))
    counts = f"{len(verdict.passed)} of {len(verdict.outcomes)} tests pass; {could_not}."
    return replace(verdict, problem=reason, details="\n".join(line for line in (counts, how.strip()) if line),
                   setup=True)


def problem_verdict(exercise: catalog.Exercise, problem: str, details: str = "") -> Verdict:
    """A verdict without test results (``problem`` says why), with the hint ladder's state."""
    seen, total = hint_progress(exercise)
    return Verdict(exercise, problem=problem, details=details, hints_seen=seen, hints_total=total)


# --- words ---------------------------------------------------------------------------------

def headline(verdict: Verdict, phrasing: Optional[Phrasing] = None) -> str:
    """The first line: ``EXERCISE: passed`` or ``EXERCISE: failed``, then the counts
    (or, when the tests could not judge the code, why not)."""
    name = verdict.exercise.name
    if verdict.setup:
        return f"{name}: {verdict.problem}"
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
            lines += ["", textwrap.indent(verdict.details, "" if verdict.setup else "  ")]
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
    if exercise.uses_tensorflow:  # its judge loads TensorFlow before it can say anything
        print(term.style(f"{exercise.name}: starting (TensorFlow takes a few seconds to load)...", "dim"),
              flush=True)
    progress = Progress(exercise)
    try:
        result = judge(exercise, quick=quick, cache=cache, progress=progress)
    finally:
        progress.close()
    progress_board.record(exercise, list(result.outcomes), result.not_run)
    text = verdict_text(result, CLI)
    first, _, rest = text.partition("\n")
    colour = "green" if result.ok else "yellow" if result.setup else "red"
    print(term.style(first, "bold", colour) + ("\n" + rest if rest else ""))
    return 0 if result.ok else 2 if result.setup else 1  # 2: the kata cannot do it as set up
