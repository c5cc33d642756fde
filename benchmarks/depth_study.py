"""The bonus_depth study over several seeds and budgets: the numbers behind its
accuracy threshold, its agreement tolerance and the table in its README.

    python benchmarks/depth_study.py --budgets 50000 --seeds 0 1 2 3 4

For each budget and seed, runs the solution tree's ``compare_depths`` (the
reference by default) exactly as the test calls it, then the judge's own rerun
of the same study (kata/judge/dense_stacks.py), and prints both accuracies per
depth, their largest disagreement and the seconds each took.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kata import quiet  # noqa: E402
from kata.tools.runner import REPO_ROOT  # noqa: E402
from kata.worker import trees as solutions  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budgets", type=int, nargs="+", default=[50_000])
    parser.add_argument("--depths", type=int, nargs="+", default=[1, 3])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--train-size", type=int, default=10_000)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--solutions", default="reference")
    args = parser.parse_args()
    solutions.activate(solutions.resolve_tree(args.solutions, REPO_ROOT, Path.cwd()))
    quiet.environment()
    import keras

    from kata.judge import dense_stacks

    study = solutions.import_solution("bonus_depth")
    print(f"# bonus_depth on {platform.node()}: Python {platform.python_version()}, "
          f"Keras {keras.__version__}, backend {keras.backend.backend()}; "
          f"train_size {args.train_size}, epochs {args.epochs}")
    print("budget  seed  " + "  ".join(f"depth {d} (widths)".ljust(22) for d in args.depths)
          + "  |judge - solution|  solution_s  judge_s")
    for budget in args.budgets:
        widths = {d: study.widths_for_budget(784, 10, d, budget) for d in args.depths}
        found = {d: [] for d in args.depths}
        for seed in args.seeds:
            started = time.perf_counter()
            result = study.compare_depths(budget, depths=tuple(args.depths), train_size=args.train_size,
                                          epochs=args.epochs, seed=seed)
            solution_seconds = time.perf_counter() - started
            started = time.perf_counter()
            judged = {d: dense_stacks.study_accuracy([784, *widths[d], 10], args.train_size,
                                                     args.epochs, seed) for d in args.depths}
            judge_seconds = time.perf_counter() - started
            for d in args.depths:
                found[d].append(result[d])
            cells = "  ".join(f"{result[d]:.4f} ({widths[d][0]}x{d})".ljust(22) for d in args.depths)
            gap = max(abs(result[d] - judged[d]) for d in args.depths)
            print(f"{budget:>6}  {seed:>4}  {cells}  {gap:.4f}              {solution_seconds:5.1f}"
                  f"       {judge_seconds:5.1f}", flush=True)
        summary = "  ".join(f"depth {d}: min {min(v):.4f} mean {statistics.mean(v):.4f}"
                            for d, v in found.items())
        wins = sum(found[args.depths[-1]][i] > found[args.depths[0]][i] for i in range(len(args.seeds)))
        print(f"{budget:>6}  {summary}; depth {args.depths[-1]} ahead in {wins} of {len(args.seeds)} seeds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
