"""What does CI cost? Runs `.ci/run` on a clean clone of a commit and reports the wall
time of each tox environment and of the whole run, against CI's 45-minute budget.

    python benchmarks/ci.py [--commit HEAD] [--log ci.log]

The clone is made beside this checkout (so that `../shared/data/mnist.npz` is
found as on CI) and removed afterwards; nothing in this checkout is touched.
Only a clean clone measures what CI measures: a checkout's `.kata/cache` would
spare the suite its training.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_MINUTES = 45
# tox's closing summary: "  py311-tf215: OK (548.60=setup[33.95]+cmd[2.70,511.95] seconds)"
ENV_LINE = re.compile(r"^\s+(\S+): (OK|FAIL) \(([\d.]+)=setup\[([\d.]+)\]\+cmd\[([\d.,]+)\] seconds\)", re.M)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commit", default="HEAD")
    parser.add_argument("--log", type=Path, help="also keep .ci/run's whole output here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kata-ci-", dir=ROOT.parent) as scratch:
        clone = Path(scratch) / ROOT.name
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        subprocess.run(["git", "checkout", "--quiet", args.commit], cwd=clone, check=True)
        # ../shared as seen from the clone: CI's clone sits beside it
        shared = ROOT.parent / "shared"
        if shared.exists() and not (clone.parent / "shared").exists():
            (clone.parent / "shared").symlink_to(shared)
        started = time.perf_counter()
        process = subprocess.run(["bash", ".ci/run"], cwd=clone, capture_output=True, text=True)
        minutes = (time.perf_counter() - started) / 60
    output = process.stdout + process.stderr
    if args.log:
        args.log.write_text(output)
    for name, verdict, total, setup, commands in ENV_LINE.findall(output):
        steps = " + ".join(f"{float(c):.0f}" for c in commands.split(","))
        print(f"{name:<22} {verdict:<4} {float(total) / 60:5.1f} min (install {float(setup):.0f} s, "
              f"commands {steps} s)")
    totals = [line for line in output.splitlines() if re.match(r"^\d+ passed, \d+ failed$", line)]
    print(totals[-1] if totals else "no test summary")
    print(f"whole .ci/run: {minutes:.1f} min (budget {BUDGET_MINUTES}); exit {process.returncode}")
    return process.returncode


if __name__ == "__main__":
    sys.exit(main())
