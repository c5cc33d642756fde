"""How fast is feedback? Wall times of the runs a learner and a maintainer make.

    python benchmarks/feedback.py [--repeat 2]

Each run is a fresh `pytest` process, as a learner starts it, in a temporary
copy of this checkout (so that its `.kata/cache` starts empty and the real
one is left alone):

- `pytest exercises/ex5_1` on the untouched stubs (target: under 2 s);
- `pytest exercises --solutions reference` cold (`--no-cache`) and warm
  (results kept by the previous run; target: under 15 s);
- `pytest exercises/ex5_4`, then `pytest exercises/ex5_5` in a new session,
  on a solved copy of the learner's tree: ex5_5 reuses ex5_4's model;
- the same after a one-character edit to exercises/ex5_4/model.py: retrains.

Prints one line per run: the command, its wall time, how many trained results
it reused ("reused the ..." in its summary) and for how many exercises every
answer came from the record of an earlier run, without a worker ("replayed").
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kata.tools.common import copy_checkout  # noqa: E402


def timed(repo: Path, *args: str) -> str:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]
    started = time.perf_counter()
    process = subprocess.run(command, cwd=repo, capture_output=True, text=True,
                             env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    seconds = time.perf_counter() - started
    summary = process.stdout.strip().splitlines()[-1] if process.stdout.strip() else "no output"
    lines = process.stdout.splitlines()
    reused = sum("reused the" in line for line in lines)
    replayed = next((line.split(":")[0].count(",") + 1 for line in lines if "answered from the record" in line), 0)
    return (f"{seconds:6.1f} s  pytest {' '.join(args):<45} {summary[:60]}; reused {reused}, "
            f"replayed {replayed}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    for run in range(1, args.repeat + 1):
        with tempfile.TemporaryDirectory(prefix="kata-feedback-") as scratch:
            repo = copy_checkout(ROOT, Path(scratch) / "repo")
            print(f"# run {run}", flush=True)
            print(timed(repo, "exercises/ex5_1"), flush=True)
            print(timed(repo, "exercises", "--solutions", "reference", "--no-cache"), flush=True)
            print(timed(repo, "exercises", "--solutions", "reference"), flush=True)  # fills the cache
            print(timed(repo, "exercises", "--solutions", "reference"), flush=True)  # warm
            for module in ("ex5_4/model.py", "ex5_5/evaluate.py"):  # the learner solved both
                shutil.copyfile(ROOT / "reference" / module, repo / "exercises" / module)
            print(timed(repo, "exercises/ex5_4"), flush=True)
            print(timed(repo, "exercises/ex5_5"), flush=True)
            model = repo / "exercises" / "ex5_4" / "model.py"
            model.write_text(model.read_text() + "#")
            print(timed(repo, "exercises/ex5_4"), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
