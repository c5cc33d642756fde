"""What a test run's results mean: the one place where pass and fail are decided.

The judge (the pytest plugin) records, for every test it collected, what
happened to it; tools read that record. Everything that turns those records
into verdicts lives here, so that pytest's own summary, ``kata check``, the
board and ``kata grade`` can never disagree:

- a test passes only if it ran and passed;
- every collected test is expected: one that was skipped, errored, timed out,
  never reported (the judge died) or is missing from the record counts as
  failed, with the reason;
- an exercise is ``ok`` when all of its expected tests passed; otherwise its
  status names the worst thing that happened (``timeout``, ``crashed``,
  ``failed``), and ``not started`` when every failure is an untouched stub.

Pure data: no pytest, no learner code.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional

NOT_IMPLEMENTED = "not implemented yet"
# How a test that could not run for want of its data begins its message: the kata's set-up,
# not the learner's code (kata check says so instead of offering a hint).
MISSING_DATA = "MNIST is not available"

# How a test ended, from the judge's report.
PASSED, FAILED, ERROR, SKIPPED, TIMEOUT, CRASHED, MISSING = (
    "passed", "failed", "error", "skipped", "timeout", "crashed", "missing")


@dataclass(frozen=True)
class Outcome:
    """One test's result: ``test`` is the function name, ``case`` the full id."""

    exercise: str
    test: str
    case: str
    result: str  # one of PASSED ... MISSING
    message: str = ""
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return self.result == PASSED

    @property
    def lacks_data(self) -> bool:
        """Failed because MNIST could not be had (see ``MISSING_DATA``)."""
        message = self.message.strip()
        return not self.passed and (message[len("Failed: "):] if message.startswith("Failed: ")
                                    else message).startswith(MISSING_DATA)

    @property
    def todo(self) -> bool:
        """Failed only because something is not implemented yet."""
        return not self.passed and NOT_IMPLEMENTED in self.message


@dataclass
class ExerciseResult:
    exercise: str
    outcomes: List[Outcome] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(o.passed for o in self.outcomes)

    @property
    def failed(self) -> int:
        return len(self.outcomes) - self.passed

    @property
    def seconds(self) -> float:
        return round(sum(o.seconds for o in self.outcomes), 3)

    @property
    def status(self) -> str:
        """ok, not started, timeout, crashed or failed."""
        if not self.outcomes:
            return MISSING
        if self.failed == 0:
            return "ok"
        failures = [o for o in self.outcomes if not o.passed]
        if any(o.result == TIMEOUT for o in failures):
            return TIMEOUT
        if any(o.result in (CRASHED, MISSING) for o in failures):
            return CRASHED
        if self.passed == 0 and all(o.todo for o in failures):
            return "not started"
        return FAILED

    @property
    def reason(self) -> str:
        """The first failure's message, on one line, or '' when all passed."""
        for outcome in self.outcomes:
            if not outcome.passed:
                first = outcome.message.strip().splitlines()[0] if outcome.message.strip() else outcome.result
                return first[:300]
        return ""

    def as_json(self) -> dict:
        return {"exercise": self.exercise, "passed": self.passed, "failed": self.failed,
                "seconds": self.seconds, "status": self.status, "reason": self.reason,
                "failures": [{"test": o.case, "message": o.message, "result": o.result}
                             for o in self.outcomes if not o.passed]}


@dataclass
class Record:
    """The judge's report: what was expected, what happened, and how the run ended."""

    expected: List[dict] = field(default_factory=list)  # {"nodeid", "exercise", "test", "case"}
    results: Dict[str, dict] = field(default_factory=dict)  # nodeid -> {"result", "message", "seconds"}
    sandbox: str = ""
    finished: Optional[int] = None  # pytest's exit status, when the judge got that far
    notes: List[str] = field(default_factory=list)  # lines for the reader (a reused result)
    not_run: Dict[str, int] = field(default_factory=dict)  # exercise -> tests a quick run left out

    def outcomes(self, judge_problem: str = "") -> List[Outcome]:
        """An outcome for every expected test; unreported ones fail with the reason."""
        found = []
        for test in self.expected:
            result = self.results.get(test["nodeid"])
            if result is None:
                why = judge_problem or ("the test run ended before this test ran"
                                        if self.finished is None else "this test did not report")
                found.append(Outcome(test["exercise"], test["test"], test["case"], MISSING,
                                     f"{test['exercise']}: {test['case']} did not run: {why}"))
            elif result["result"] == SKIPPED:
                found.append(Outcome(test["exercise"], test["test"], test["case"], SKIPPED,
                                     f"{test['exercise']}: {test['case']} was skipped, and a skipped "
                                     f"test counts as failed: {result.get('message', '')}".strip(),
                                     result.get("seconds", 0.0)))
            else:
                found.append(Outcome(test["exercise"], test["test"], test["case"], result["result"],
                                     result.get("message", ""), result.get("seconds", 0.0)))
        return found


def by_exercise(outcomes: Iterable[Outcome], order: Iterable[str]) -> "OrderedDict[str, ExerciseResult]":
    results: "OrderedDict[str, ExerciseResult]" = OrderedDict((name, ExerciseResult(name)) for name in order)
    for outcome in outcomes:
        results.setdefault(outcome.exercise, ExerciseResult(outcome.exercise)).outcomes.append(outcome)
    return results


# --- the report file: JSON lines, appended as the run goes -----------------------------------

def read_record(path: Path) -> Record:
    """Read a judge's report; a line cut short by a crash is ignored."""
    record = Record()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return record
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        kind = entry.get("event")
        if kind == "collected":
            record.expected = [t for t in entry.get("tests", []) if isinstance(t, dict) and "nodeid" in t]
            left_out = entry.get("not_run") if isinstance(entry.get("not_run"), dict) else {}
            record.not_run = {str(k): int(v) for k, v in left_out.items() if isinstance(v, int)}
        elif kind == "result" and isinstance(entry.get("nodeid"), str):
            record.results[entry["nodeid"]] = {"result": entry.get("result", FAILED),
                                               "message": entry.get("message", ""),
                                               "seconds": float(entry.get("seconds") or 0.0)}
        elif kind == "sandbox":
            record.sandbox = str(entry.get("detail", ""))
        elif kind == "finished":
            record.finished = entry.get("status")
        elif kind == "note":
            record.notes.append(str(entry.get("text", "")))
    return record


class ReportWriter:
    """Appends report lines, each written and flushed whole."""

    def __init__(self, path: Path):
        self.path = path
        self.handle = open(path, "a", encoding="utf-8")

    def write(self, event: str, **fields) -> None:
        self.handle.write(json.dumps({"event": event, **fields}) + "\n")
        self.handle.flush()

    def close(self) -> None:
        self.handle.close()


def outcome_dict(outcome: Outcome) -> dict:
    return asdict(outcome)
