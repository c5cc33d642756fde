"""The training runs the tests depend on, each under one key (judge side).

A run is named here once, with its factory, so that every place that needs its
result (the tests of several exercises, the pictures of ``kata show``) asks for
the same key and so shares one training per session, and, through the cache,
one across sessions: ``kata show ex5_4`` after ``kata check ex5_4`` trains
nothing.
"""

from __future__ import annotations

from kata import catalog
from kata.judge import models, training
from kata.judge.testing import LearnerModule, prepared_mnist, shared

# What each regularized exercise's builder is called (../shared/CONTRACT.md).
BUILDERS = {"ex5_7": "add_regularization", "ex5_8": "build_batchnorm_model"}


def ex5_4_trained() -> training.Trained:
    """ex5_4's lesson run: build_model, then the learner's own train with its defaults."""
    return shared("ex5_4 trained", lambda: training.run_ex5_4(LearnerModule("ex5_4"), training.seed()))


def regularized(exercise: str) -> training.Trained:
    """ex5_7's or ex5_8's model trained by the judge for the exercise's epochs, scoring
    the test images after each (val_loss, val_accuracy)."""
    build = getattr(LearnerModule(exercise), BUILDERS[exercise])
    return shared(f"{exercise} run", lambda: training.run_with_validation(
        build, catalog.get(exercise).epochs, training.seed()))


def unregularized() -> training.Trained:
    """ex5_4's model trained the same way as ``regularized`` (ex5_7's epochs): the
    baseline the regularized curves are drawn beside."""
    return shared("ex5_4 validation run", lambda: training.run_with_validation(
        LearnerModule("ex5_4").build_model, catalog.get("ex5_7").epochs, training.seed()))


def depth_study(budget: int, **arguments):
    """bonus_depth's compare_depths(budget, **arguments), the learner's own study."""
    return shared(f"bonus_depth study {budget} {sorted(arguments.items())}",
                  lambda: LearnerModule("bonus_depth").compare_depths(budget, **arguments))


def ex5_6_quick_run():
    """ex5_6's train_with_validation on the tests' small model and part of MNIST: 4 epochs."""
    def run():
        mnist = prepared_mnist()
        return LearnerModule("ex5_6").train_with_validation(
            models.tiny_classifier(), mnist.x_train[:6000], mnist.y_train[:6000],
            mnist.x_test[:2000], mnist.y_test[:2000], epochs=4)
    return shared("ex5_6 quick run", run)
