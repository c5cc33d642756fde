"""Measure the reference over several seeds: the numbers behind each accuracy threshold.

    python benchmarks/seeds.py ex5_4 --seeds 0 1 2 3 4

Trains the exercise's model exactly as its test does (same data, same
defaults, same seeding) and prints, per seed, the final training accuracy,
the test accuracy and the training time, then the minimum and the mean.
Paste the output next to the threshold it justifies.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kata import quiet  # noqa: E402
from kata.judge import learner, switch, training  # noqa: E402
from kata.tools.runner import REPO_ROOT  # noqa: E402


RUNS = {"ex5_4": training.run_ex5_4}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("exercise", choices=sorted(RUNS))
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--solutions", default="reference")
    args = parser.parse_args()
    tree = switch.resolve_tree(args.solutions, REPO_ROOT, Path.cwd())
    quiet.environment()
    from kata.judge.cache import library_versions

    versions = library_versions()

    print(f"# {args.exercise} on {platform.node()}: Python {platform.python_version()}, "
          f"TensorFlow {versions.get('tensorflow') or versions.get('tensorflow-cpu', 'none')}, "
          f"Keras {versions['keras']}, backend {versions['backend']}")
    print("seed  train_acc  test_acc  fit_seconds")
    accuracies = []
    with learner.session(tree) as workers:
        for seed in args.seeds:
            workers.set_deadline(3600)
            accuracies.append(measure(args.exercise, seed))
    print(f"min test accuracy {min(accuracies):.4f}, mean {statistics.mean(accuracies):.4f}")
    return 0


def measure(exercise: str, seed: int) -> float:
    """Train as the exercise's test does, print one line, return the test accuracy."""
    trained = RUNS[exercise](learner.LearnerModule(exercise), seed)
    test_accuracy = training.test_accuracy(trained.model)
    print(f"{seed:>4}  {trained.history.history['accuracy'][-1]:.4f}     {test_accuracy:.4f}"
          f"     {trained.seconds:.1f}", flush=True)
    return test_accuracy


if __name__ == "__main__":
    sys.exit(main())
