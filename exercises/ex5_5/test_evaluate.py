"""Tests for exercise 5-5: run them with `pytest exercises/ex5_5`.

`evaluate` is checked against Keras's own evaluation on a small model the
tests build; `generalization_gap` on a made-up history. The last test
applies both to your trained ex5_4 model, as the lesson does.
"""

import numpy as np
import pytest

from kata.judge import models, training
from kata.judge import LearnerModule, Teacher, prepared_mnist, recognise, same_values, shared

pytestmark = pytest.mark.timeout(60)

ex5_5 = LearnerModule("ex5_5")
ex5_4 = LearnerModule("ex5_4")
teacher = Teacher("ex5_5")

EVALUATE = ("model.evaluate returns the loss first, then each compiled metric; evaluate "
            "returns them as a tuple (loss, accuracy) of plain Python floats.")
GAP = ("the gap compares the last epoch of training with the test data: "
       "test loss - training loss and training accuracy - test accuracy, so that "
       "both are positive when the model does worse on unseen data.")

# Training loss falls and accuracy rises over three epochs; the test values sit in between.
HISTORY = {"loss": [0.50, 0.30, 0.20], "accuracy": [0.85, 0.90, 0.95]}
TEST_LOSS, TEST_ACCURACY = 0.25, 0.93


def test_evaluate_agrees_with_keras():
    model = models.tiny_classifier()
    images, labels = models.random_batch(200, seed=3)
    found = ex5_5.evaluate(model, images, labels)
    expected = tuple(model.evaluate(images, labels, verbose=0))
    teacher.expect(isinstance(found, (tuple, list)) and len(found) == 2, "evaluate",
                   "a pair (loss, accuracy)", found, EVALUATE)
    teacher.expect(same_values(found, expected, atol=1e-5), "evaluate",
                   f"(loss, accuracy) = ({expected[0]:.4f}, {expected[1]:.4f})", found, EVALUATE,
                   looks_like=recognise(found, {"accuracy and loss in the wrong order":
                                                expected[::-1]}))


def test_evaluate_returns_plain_floats():
    model = models.tiny_classifier()
    images, labels = models.random_batch(50, seed=4)
    found = ex5_5.evaluate(model, images, labels)
    types = [type(value).__name__ for value in found]
    teacher.expect(all(type(value) is float for value in found), "evaluate",
                   "two Python floats", f"values of type {types}",
                   "plain floats print cleanly, compare simply and serialise to JSON; wrap "
                   "NumPy or tensor values with float().")


def test_generalization_gap_uses_the_final_epoch():
    found = ex5_5.generalization_gap(models.fake_history(HISTORY), TEST_LOSS, TEST_ACCURACY)
    expected = {"loss": 0.05, "accuracy": 0.02}
    teacher.expect(isinstance(found, dict) and set(found) == {"loss", "accuracy"},
                   "generalization_gap", "a dict with the keys 'loss' and 'accuracy'", found, GAP)
    values = [found["loss"], found["accuracy"]]
    teacher.expect(same_values(values, [0.05, 0.02]), "generalization_gap",
                   f"{expected} for final training loss 0.20, accuracy 0.95 and test loss "
                   f"{TEST_LOSS}, accuracy {TEST_ACCURACY}", found, GAP,
                   looks_like=recognise(values, {
                       "both signs flipped": [-0.05, -0.02],
                       "the first epoch instead of the last": [-0.25, -0.08],
                       "the mean over all epochs instead of the last": [
                           TEST_LOSS - np.mean(HISTORY["loss"]),
                           np.mean(HISTORY["accuracy"]) - TEST_ACCURACY],
                   }))


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_on_the_trained_ex5_4_model():
    # Fail fast on a stub, before anything is trained.
    ex5_5.generalization_gap(models.fake_history(HISTORY), TEST_LOSS, TEST_ACCURACY)
    run = shared("ex5_4 trained", lambda: training.run_ex5_4(ex5_4, training.seed()))
    mnist = prepared_mnist()
    loss, accuracy = ex5_5.evaluate(run.model, mnist.x_test, mnist.y_test)
    expected_accuracy = training.test_accuracy(run.model)
    teacher.expect(abs(accuracy - expected_accuracy) < 1e-3, "evaluate",
                   f"test accuracy {expected_accuracy:.4f} for your trained ex5_4 model",
                   accuracy, EVALUATE)
    gap = ex5_5.generalization_gap(run.history, loss, accuracy)
    final = run.history.history["accuracy"][-1]
    teacher.expect(abs(gap["accuracy"] - (final - accuracy)) < 1e-6, "generalization_gap",
                   f"training accuracy {final:.4f} - test accuracy {accuracy:.4f}",
                   gap["accuracy"], GAP)
