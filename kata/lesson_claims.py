"""The lesson's 80-epoch comparison, shared by the --full tests of ex5_7 and ex5_8.

The lesson trains the regularized models for 80 epochs and compares their
curves with the unregularized ex5_4 network. Here the comparison is a number:
the accuracy gap (final training accuracy - final test accuracy).
"""

from __future__ import annotations

from kata import training
from kata.testing import LearnerModule, shared

FULL_EPOCHS = 80


def accuracy_gap(history) -> float:
    return history.history["accuracy"][-1] - history.history["val_accuracy"][-1]


def unregularized_run():
    """The learner's ex5_4 network trained as long as the regularized ones, once per session."""
    ex5_4 = LearnerModule("ex5_4")
    return shared("ex5_4 full run", lambda: training.run_with_validation(
        ex5_4.build_model, FULL_EPOCHS, training.seed()))


def check_regularized_gap_is_smaller(teacher, function: str, build) -> None:
    """Train ``build()`` for the lesson's 80 epochs and compare its accuracy gap with
    the unregularized ex5_4 network's, trained as long."""
    regularized = shared(f"{teacher.exercise} full run", lambda: training.run_with_validation(
        build, FULL_EPOCHS, training.seed()))
    baseline = unregularized_run()
    gap, baseline_gap = accuracy_gap(regularized.history), accuracy_gap(baseline.history)
    for name, run in ((teacher.exercise, regularized), ("ex5_4", baseline)):
        h = run.history.history  # shown with pytest -s; benchmarks/ keeps a recorded run
        print(f"\n{name} after {FULL_EPOCHS} epochs: training accuracy {h['accuracy'][-1]:.4f}, "
              f"test accuracy {h['val_accuracy'][-1]:.4f}, gap {accuracy_gap(run.history):+.4f}, "
              f"{run.seconds:.0f} s")
    teacher.expect(gap < baseline_gap, function,
                   f"a smaller accuracy gap than the unregularized network's {baseline_gap:.4f} "
                   f"after {FULL_EPOCHS} epochs", f"{gap:.4f}",
                   "regularization trades training accuracy for generalization: the "
                   "regularized model fits its training set less closely, and new data about "
                   "as well as its training set.")
