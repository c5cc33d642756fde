"""Per-epoch learning curves of a reference model over several seeds: the numbers
behind the epochs and thresholds of ex5_7 and ex5_8 (and the --full comparison).

    python benchmarks/curves.py ex5_7 --epochs 10 --seeds 0 1 2 3 4

For each seed, trains the exercise's model with its default arguments on all of
MNIST (batch 128, the test images as validation data) and prints one line per
epoch: training accuracy, test accuracy, training loss, test loss.
'ex5_4' stands for the unregularized ex5_4 network trained the same way.
"""

from __future__ import annotations

import argparse
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kata import quiet  # noqa: E402
from kata.judge import learner, switch, training  # noqa: E402
from kata.tools.runner import REPO_ROOT  # noqa: E402

BUILDERS = {"ex5_4": "build_model", "ex5_7": "add_regularization", "ex5_8": "build_batchnorm_model"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("exercise", choices=sorted(BUILDERS))
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--solutions", default="reference")
    args = parser.parse_args()
    tree = switch.resolve_tree(args.solutions, REPO_ROOT, Path.cwd())
    quiet.environment()
    from kata.judge.cache import library_versions

    versions = library_versions()

    with learner.session(tree) as workers:
        build = getattr(learner.LearnerModule(args.exercise), BUILDERS[args.exercise])
        report(args, build, workers, versions)
    return 0


def report(args, build, workers, versions) -> None:
    print(f"# {args.exercise}, {args.epochs} epochs: Python {platform.python_version()}, "
          f"TensorFlow {versions.get('tensorflow') or versions.get('tensorflow-cpu', 'none')}, "
          f"Keras {versions['keras']}, backend {versions['backend']}")
    print("seed epoch train_acc test_acc train_loss test_loss")
    for seed in args.seeds:
        workers.set_deadline(3600)
        run = training.run_with_validation(build, args.epochs, seed)
        h = run.history.history
        for epoch in range(args.epochs):
            print(f"{seed:>4} {epoch + 1:>5} {h['accuracy'][epoch]:.4f}    {h['val_accuracy'][epoch]:.4f}"
                  f"   {h['loss'][epoch]:.4f}     {h['val_loss'][epoch]:.4f}", flush=True)
        print(f"# seed {seed}: {run.seconds:.1f} s for {args.epochs} epochs", flush=True)


if __name__ == "__main__":
    sys.exit(main())
