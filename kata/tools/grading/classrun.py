"""``kata grade`` for many submissions: in parallel, resumable, with a gradebook
and a class report.

Tools side. Each submission is read into a snapshot (``submissions``), graded
by ``submissions.grade_snapshot`` (a fresh scratch copy through
``grade_submission``) on a local thread or a Dask worker, and its report is
written to ``OUT/submissions/NAME.json`` as soon as it arrives, with the
gradebook rewritten beside it. Each report keeps the key it was graded under
(content hash of the submission, fingerprint of the tests, exercises, time
limit): a rerun of the same command keeps every report whose key still
matches and grades the rest, so an interrupted run loses nothing.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Tuple

from kata.tools.runner import stop_all as stop_judges
from kata.tools.common import UsageError, shown, write_atomically
from kata.tools.grading import classreport, config, gradebook, submissions, suite
from kata.tools.grading.cluster_security import Tls, cluster_from_arguments
from kata.tools.grading.progress import Progress, duration

MEMORY_PER_JOB = 2 * 2**30  # measured peak of one grading process: 1.6 GiB (benchmarks/results/grading.txt)
DEFAULT_OUT = "grades"
STOP_SECONDS = 30  # after Ctrl-C, the longest to wait for the grading threads to end


@dataclass
class Plan:
    sources: List[submissions.Source]
    is_class: bool
    out: Path
    jobs: Optional[int]
    timeout: Optional[float]
    points: Dict[str, float]
    config_source: str
    regrade: bool = False
    dask: Optional[str] = None
    after: Optional[Callable[[Dict[str, dict]], None]] = None  # given the graded class (lms export)
    dask_tls: Optional[Tls] = None

    @property
    def exercise_names(self) -> List[str]:
        return list(self.points)


@dataclass
class Job:
    source: submissions.Source
    snapshot: submissions.Snapshot
    key: dict
    label: str = field(init=False)

    def __post_init__(self):
        self.label = submissions.label_of(self.source, self.snapshot)


def plan_from_arguments(args) -> Plan:
    if not args.submissions and not args.class_folder:
        raise UsageError("name a submission (a folder or a .zip file), or a class folder with --class")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, not {args.jobs}")
    if args.timeout is not None and args.timeout <= 0:
        raise UsageError(f"--timeout must be a positive number of seconds, not {args.timeout:g}")
    names = [n.strip() for n in args.exercises.split(",") if n.strip()] if args.exercises else None
    if args.exercises is not None and not names:
        raise UsageError("--exercises needs at least one exercise name, as ex5_1,ex5_2")
    settings = config.load(Path(args.config).expanduser() if args.config else None).narrowed(names)
    out = Path(args.out or DEFAULT_OUT).expanduser()
    sources = [submissions.source_for(argument) for argument in args.submissions]
    if args.class_folder:
        sources += submissions.sources_in(Path(args.class_folder).expanduser(), leave_out=[out])
    submissions.check_unique(sources)
    is_class = bool(args.class_folder) or len(sources) > 1 or bool(args.out) or bool(args.dask)
    if is_class:  # a submission named on the command line must be one (bad input: exit 2)
        for argument in args.submissions:
            submissions.snapshot_or_usage_error(submissions.source_for(argument))
    dask, tls = cluster_from_arguments(args, settings.dask_tls)
    return Plan(sources, is_class, out, args.jobs, args.timeout or settings.timeout, dict(settings.points),
                settings.described, args.regrade, dask, dask_tls=tls)


def default_jobs() -> Tuple[int, str]:
    """As many submissions at once as there are cores, and memory for."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        cores = os.cpu_count() or 1
    available = _available_memory()
    if available is None:
        return cores, f"{cores} core{'s' if cores != 1 else ''}"
    jobs = max(1, min(cores, available // MEMORY_PER_JOB))
    return jobs, (f"{cores} core{'s' if cores != 1 else ''}, {available / 2**30:.1f} GiB of memory "
                  f"available, about {MEMORY_PER_JOB // 2**30} GiB per job")


def _available_memory() -> Optional[int]:
    try:
        with open("/proc/meminfo") as stream:
            for line in stream:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def prepare_out(out: Path) -> Path:
    """``out`` and ``out/submissions``, created; UsageError when they cannot be written."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} exists and is not a folder; --out names the folder for the grades")
    try:
        (out / "submissions").mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(dir=out / "submissions", prefix=".probe-")
        os.close(handle)
        os.remove(probe)
    except OSError as error:
        raise UsageError(f"{out}: cannot write the grades there ({error.strerror or error})") from None
    return out


def _record_path(out: Path, name: str) -> Path:
    return out / "submissions" / f"{name}.json"


def _previous(out: Path, name: str) -> Optional[dict]:
    try:
        return json.loads(_record_path(out, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class ClassRun:
    """The state of one class run: what is done, and where it is written."""

    def __init__(self, plan: Plan, out: Path, fingerprint: str, test_counts: Dict[str, int]):
        self.plan = plan
        self.out = out
        self.fingerprint = fingerprint
        self.test_counts = test_counts
        self.done: Dict[str, dict] = {}

    def key(self, snapshot: submissions.Snapshot) -> dict:
        return {"submission": snapshot.digest, "tests": self.fingerprint,
                "exercises": self.plan.exercise_names, "timeout": self.plan.timeout}

    def record(self, source: submissions.Source, report: dict, key: Optional[dict],
               graded_on: str) -> dict:
        points = self.plan.points
        entry = {"submission": source.name, "source": str(source.path), **report,
                 "total": round(gradebook.total(report, points), 3),
                 "points": {"earned": round(gradebook.points_earned(report, points), 3),
                            "possible": sum(points.values())},
                 "graded_on": graded_on, "key": key}
        write_atomically(_record_path(self.out, source.name), json.dumps(entry, indent=2))
        self.done[source.name] = entry
        self.write_gradebook()
        return entry

    def write_gradebook(self) -> None:
        gradebook.write(self.out / "gradebook.csv", self.done, self.plan.points, self.test_counts)


def grade_class(plan: Plan) -> int:
    names = plan.exercise_names
    out = prepare_out(plan.out)
    fingerprint = suite.fingerprint(names)
    try:
        expected = suite.expected_tests(names)
    except suite.SuiteError as error:
        print(f"kata: {error}", file=sys.stderr)
        return 1
    run = ClassRun(plan, out, fingerprint, {name: len(tests) for name, tests in expected.items()})
    jobs, kept = _sort_out(plan, run)
    limit = f"each exercise at most {plan.timeout:g} s" if plan.timeout else "each exercise within its own limit"
    where, parallel, runner = _engine(plan, jobs)
    print(f"Grading {len(plan.sources)} submission{'s' if len(plan.sources) != 1 else ''} on "
          f"{', '.join(names)} ({limit}), {where}. Grades go to {shown(out)}/.")
    if kept:
        print(f"{kept} already graded and unchanged: kept (--regrade grades them again).")
    progress = Progress(len(jobs), parallel)
    started = time.monotonic()
    restore = _sigterm_interrupts()
    events = runner(jobs)
    try:
        for kind, job, report, graded_on in events:
            if kind == "start":
                progress.start(job.source.name)
            elif kind == "done":
                entry = run.record(job.source, report, job.key, graded_on)
                progress.finish(job.source.name, report, entry["total"])
            else:
                progress.redraw()
    except KeyboardInterrupt:
        events.close()  # ends the grading threads and their judges (or cancels Dask's), then returns
        progress.close()
        missing = len(plan.sources) - len(run.done)
        print(f"\nkata: interrupted with {missing} submission{'s' if missing != 1 else ''} left to grade; "
              f"every grade so far is saved. Run the same command again to grade the rest.")
        return 130
    finally:
        restore()
    progress.close()
    run.write_gradebook()
    summary = classreport.write(out, run.done, plan.points, run.test_counts, fingerprint)
    if plan.after is not None:
        plan.after({source.name: run.done[source.name] for source in plan.sources if source.name in run.done})
    _closing(run, jobs, summary, time.monotonic() - started)
    ungraded = not_graded(run.done)
    if ungraded:
        print(f"Not graded: {', '.join(ungraded)} (the class report says why). Exit status 1: "
              f"{'this submission needs' if len(ungraded) == 1 else 'these submissions need'} "
              f"a look before the grades are complete.")
        return 1
    return 0


def not_graded(done: Dict[str, dict]) -> List[str]:
    """The submissions that have no grade: refused (not a submission, an unsafe zip) or
    whose grading itself failed (the grader, a Dask worker). A submission that was graded
    has its exercises' rows, whatever their scores, timeouts and crashes included."""
    return sorted(name for name, entry in done.items() if not entry.get("exercises"))


def _sort_out(plan: Plan, run: ClassRun) -> Tuple[List[Job], int]:
    """The jobs to run; refused submissions and kept grades are recorded at once."""
    jobs: List[Job] = []
    kept = 0
    for source in plan.sources:
        try:
            snapshot = submissions.read(source)
        except submissions.NotASubmission as error:
            run.record(source, submissions.refused(source.label, f"not a submission: {error}"), None, "")
            print(f"{source.name}: refused, not a submission: {error}")
            continue
        key = run.key(snapshot)
        previous = _previous(run.out, source.name)
        if not plan.regrade and previous and previous.get("key") == key:
            run.done[source.name] = previous
            kept += 1
            continue
        jobs.append(Job(source, snapshot, key))
    run.write_gradebook()
    return jobs, kept


def _engine(plan: Plan, jobs: List[Job]) -> Tuple[str, int, Callable[[List[Job]], Iterator[tuple]]]:
    """Where the jobs run: a description, how many at once, and the runner."""
    if plan.dask:
        from kata.tools.grading import cluster

        client = cluster.connect(plan.dask, plan.exercise_names, plan.dask_tls)
        threads = cluster.thread_count(client)
        where = (f"on the Dask cluster at {plan.dask} ({len(client.nthreads())} worker"
                 f"{'s' if len(client.nthreads()) != 1 else ''}, {threads} at a time)")
        return where, threads, lambda todo: cluster.run(client, todo, plan.timeout, plan.exercise_names)
    if plan.jobs:
        parallel, why = plan.jobs, "as asked"
    else:
        parallel, why = default_jobs()
    where = f"{parallel} at a time ({why})"
    return where, parallel, lambda todo: run_local(todo, parallel, plan.timeout, plan.exercise_names)


def run_local(jobs: List[Job], parallel: int, timeout: Optional[float],
              names: List[str]) -> Iterator[tuple]:
    """Grade ``jobs`` on ``parallel`` threads (each waits on its grading processes);
    yield ("start" | "done" | "tick", job, report, where) as things happen."""
    tasks: "queue.Queue[Job]" = queue.Queue()
    events: "queue.Queue[tuple]" = queue.Queue()
    for job in jobs:
        tasks.put(job)

    def work():
        while True:
            try:
                job = tasks.get_nowait()
            except queue.Empty:
                return
            events.put(("start", job, None, "local"))
            try:
                report = submissions.grade_snapshot(job.snapshot, job.label, timeout, names)
            except Exception as error:  # a fault of the grader's own; recorded, never fatal
                report = _grader_failed(job, error)
            events.put(("done", job, report, "local"))

    threads = [threading.Thread(target=work, daemon=True, name=f"kata-grade-{i}")
               for i in range(min(parallel, len(jobs)))]
    for thread in threads:
        thread.start()
    finished = 0
    try:
        while finished < len(jobs):
            try:
                event = events.get(timeout=1.0)
            except queue.Empty:
                yield ("tick", None, None, "")
                continue
            finished += event[0] == "done"
            yield event
    finally:
        while not tasks.empty():  # an interruption: no thread starts another submission
            try:
                tasks.get_nowait()
            except queue.Empty:
                break
        # Ctrl-C reaches the main thread only: the judges the threads started are killed
        # here, and any a thread was about to start, until every thread has ended.
        deadline = time.monotonic() + STOP_SECONDS
        while any(thread.is_alive() for thread in threads) and time.monotonic() < deadline:
            stop_judges()
            time.sleep(0.05)


def _grader_failed(job: Job, error: BaseException) -> dict:
    return {"solutions": job.label, "status": "crashed",
            "reason": f"the grader failed: {type(error).__name__}: {error}", "exercises": []}


def _sigterm_interrupts() -> Callable[[], None]:
    """Make SIGTERM stop a class run as Ctrl-C does (grades so far kept); returns the undo."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    return lambda: signal.signal(signal.SIGTERM, previous)


def _closing(run: ClassRun, jobs: List[Job], summary: dict, seconds: float) -> None:
    graded = [run.done[job.source.name] for job in jobs if job.source.name in run.done]
    def wall(entry: dict) -> float:
        return entry.get("seconds") or sum(row.get("wall_seconds", 0.0) for row in entry["exercises"])

    slowest = max(graded, key=wall, default=None)
    statuses = ", ".join(f"{count} {status}" for status, count in summary["statuses"].items())
    line = f"Graded {len(graded)} submission{'s' if len(graded) != 1 else ''} in {duration(seconds)}"
    if slowest is not None and slowest["exercises"]:
        line += (f" (slowest: {slowest['submission']}, "
                 f"{duration(wall(slowest))})")
    print(f"{line}. Class: {statuses}; mean total {classreport.score(summary['total']['mean'])}.")
    print(f"Gradebook: {shown(run.out / 'gradebook.csv')}; class report: "
          f"{shown(run.out / 'class-report.md')}; one JSON per submission in "
          f"{shown(run.out / 'submissions')}/.")
