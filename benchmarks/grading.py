"""How fast does `kata grade --class` get through a class? Submissions per hour,
the slowest submission, and the peak memory of one grading process.

    python benchmarks/grading.py [--submissions 3] [--jobs 1 2] [--exercises LIST] [--baseline]

Builds a class of copies of reference/ (every exercise, so every submission
trains the kata's MNIST models), then grades it once per --jobs value, each
time from scratch, with `python -m kata grade --class ... --jobs N`. For each
run it prints the wall time, submissions per hour, the slowest submission
(the time grade_submission took for it) and the peak resident memory of the
largest process the run started (one grading process: each job runs one at a
time, so N jobs need about N times that). --baseline also times today's
single pytest run of the whole reference suite, for the cost of grading each
exercise in a process of its own. The load average before and after each run
says how busy the machine was; timings on a shared machine are only comparable
within one invocation.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measured(command) -> dict:
    """Run ``command`` in a child of a fresh interpreter, so that the peak memory of its
    process tree (the largest process) is its own."""
    probe = ("import json, resource, subprocess, sys, time; started = time.perf_counter(); "
             "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
             "print(json.dumps({'code': code, 'seconds': time.perf_counter() - started, "
             "'peak_kib': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))")
    done = subprocess.run([sys.executable, "-c", probe, *command], cwd=ROOT, capture_output=True,
                          text=True, check=True, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    return json.loads(done.stdout.strip().splitlines()[-1])


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def load() -> str:
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=3)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--exercises", help="comma-separated (default: all)")
    parser.add_argument("--baseline", action="store_true")
    args = parser.parse_args()
    selection = ["--exercises", args.exercises] if args.exercises else []
    with tempfile.TemporaryDirectory(prefix="kata-bench-") as scratch:
        klass = Path(scratch) / "class"
        for index in range(args.submissions):
            shutil.copytree(ROOT / "reference", klass / f"learner{index + 1}",
                            ignore=shutil.ignore_patterns("__pycache__"))
        print(f"# python benchmarks/grading.py --submissions {args.submissions} --jobs "
              f"{' '.join(map(str, args.jobs))}{' --exercises ' + args.exercises if args.exercises else ''}"
              f" ({os.cpu_count()} cores; Python {sys.version.split()[0]}, TensorFlow "
              f"{_version('tensorflow') or _version('tensorflow-cpu')}, Keras {_version('keras')})", flush=True)
        if args.baseline:
            before = load()
            run = measured([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not full",
                            "exercises", "--solutions", "reference"])
            print(f"baseline: one pytest process, whole reference suite: {run['seconds']:.0f} s, peak "
                  f"{run['peak_kib'] / 2**20:.2f} GiB (load {before} -> {load()})", flush=True)
        for jobs in args.jobs:
            out = Path(scratch) / f"out-{jobs}"
            before = load()
            run = measured([sys.executable, "-m", "kata", "grade", "--class", str(klass), "--out", str(out),
                            "--jobs", str(jobs), *selection])
            reports = [json.loads(p.read_text()) for p in (out / "submissions").glob("*.json")]
            walls = {r["submission"]: r["seconds"] for r in reports}
            slowest = max(walls, key=walls.get)
            statuses = sorted({r["status"] for r in reports})
            print(f"--jobs {jobs}: {len(reports)} submissions in {run['seconds']:.0f} s = "
                  f"{3600 * len(reports) / run['seconds']:.1f} submissions/hour; slowest {slowest} "
                  f"{walls[slowest]:.0f} s; peak memory of one grading process "
                  f"{run['peak_kib'] / 2**20:.2f} GiB; statuses {', '.join(statuses)}; exit {run['code']} "
                  f"(load {before} -> {load()})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
