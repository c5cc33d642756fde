"""Tests for exercise 5-5: run them with `pytest exercises/ex5_5`.

`evaluate` is checked against Keras's own evaluation on a small model the
tests build; `generalization_gap` on a made-up history. The last test
applies both to your trained ex5_4 model, as the lesson does.
"""

import numpy as np
import pytest

from kata import keras_compat
from kata.judge import lesson_runs, models, training
from kata.judge import LearnerModule, Teacher, prepared_mnist, recognise, same_values, type_name

pytestmark = pytest.mark.timeout(60)

ex5_5 = LearnerModule("ex5_5")
ex5_4 = LearnerModule("ex5_4")
teacher = Teacher("ex5_5")

EVALUATE = ("model.evaluate returns the loss first, then each compiled metric; evaluate "
            "returns them as a pair (loss, accuracy) of plain Python floats.")
GAP = ("the gap compares the model as training left it, its last epoch, with the test data: "
       "test loss - training loss and training accuracy - test accuracy, so that "
       "both are positive when the model does worse on unseen data, and negative when it does "
       "better (dropout or a penalty can make the training loss the higher one): keep the sign.")

# Made-up training runs: (name, history, test loss, test accuracy). In the first, training
# improves every epoch; in the second the last epoch is worse than the one before it, so
# the last epoch and the best one differ. In the last two the model does better on the test
# data than its training loss says (as a regularized one can): the loss gap is negative, and in
# the fourth the accuracy gap too.
RUNS = [
    ("improving", {"loss": [0.50, 0.30, 0.20], "accuracy": [0.85, 0.90, 0.95]}, 0.25, 0.93),
    ("last epoch worse", {"loss": [0.50, 0.20, 0.30], "accuracy": [0.85, 0.95, 0.90]}, 0.35, 0.88),
    ("lower test loss", {"loss": [0.60, 0.45, 0.40], "accuracy": [0.80, 0.86, 0.88]}, 0.33, 0.87),
    ("better on the test data", {"loss": [0.60, 0.45, 0.40], "accuracy": [0.80, 0.86, 0.88]}, 0.33, 0.91),
]


def evaluated(model, images, labels):
    """The learner's evaluate(model, images, labels), checked to be a pair of numbers
    before anything reads it."""
    found = ex5_5.evaluate(model, images, labels)
    pair = isinstance(found, (tuple, list)) and len(found) == 2
    teacher.expect(pair, "evaluate", "a pair (loss, accuracy)", found, EVALUATE,
                   looks_like="a forgotten return" if found is None else
                   "the dict of evaluate(return_dict=True)" if isinstance(found, dict) else None)
    numbers = all(isinstance(v, (int, float, np.number)) and not isinstance(v, bool) for v in found)
    teacher.expect(numbers, "evaluate", "two numbers", found, EVALUATE)
    return found


def gap_of(history, test_loss, test_accuracy):
    """The learner's generalization_gap, checked to be a dict of two numbers."""
    found = ex5_5.generalization_gap(history, test_loss, test_accuracy)
    teacher.expect(isinstance(found, dict) and set(found) == {"loss", "accuracy"},
                   "generalization_gap", "a dict with the keys 'loss' and 'accuracy'", found, GAP,
                   looks_like="a forgotten return" if found is None else None)
    numbers = all(isinstance(v, (int, float, np.number)) and not isinstance(v, bool)
                  for v in found.values())
    teacher.expect(numbers, "generalization_gap", "a number for each gap", found, GAP)
    return found


def test_evaluate_agrees_with_keras():
    model = models.tiny_classifier()
    images, labels = models.random_batch(200, seed=3)
    found = evaluated(model, images, labels)
    expected = tuple(model.evaluate(images, labels, verbose=0))
    teacher.expect(same_values(found, expected, atol=1e-5), "evaluate",
                   f"(loss, accuracy) = ({expected[0]:.4f}, {expected[1]:.4f})", found, EVALUATE,
                   looks_like=recognise(found, {"accuracy and loss in the wrong order":
                                                expected[::-1]}))


def test_evaluate_returns_plain_floats():
    model = models.tiny_classifier()
    images, labels = models.random_batch(50, seed=4)
    found = evaluated(model, images, labels)
    types = [type_name(value) for value in found]
    teacher.expect(all(type(value) is float for value in found), "evaluate",
                   "two Python floats", f"values of type {types}",
                   "Keras hands back NumPy or tensor scalars; plain Python floats print "
                   "cleanly, compare simply and serialise to JSON. `kata hint ex5_5` shows "
                   "the conversion.")


def mistakes(history, test_loss, test_accuracy):
    """The gaps that plausible misreadings of the history give."""
    loss, accuracy = history["loss"], history["accuracy"]
    return {
        "both signs flipped": [loss[-1] - test_loss, test_accuracy - accuracy[-1]],
        "the first epoch instead of the last": [test_loss - loss[0], accuracy[0] - test_accuracy],
        "the mean over all epochs instead of the last": [
            test_loss - np.mean(loss), np.mean(accuracy) - test_accuracy],
        "the best epoch (lowest loss, highest accuracy) instead of the last, the one the "
        "model ended with": [test_loss - min(loss), max(accuracy) - test_accuracy],
        "the gaps clamped at zero (a negative gap replaced by 0), which hides a model that does "
        "better on the test data": [max(0.0, test_loss - loss[-1]), max(0.0, accuracy[-1] - test_accuracy)],
        "the size of each gap without its sign (abs)": [abs(test_loss - loss[-1]),
                                                        abs(accuracy[-1] - test_accuracy)],
    }


@pytest.mark.parametrize("name, history, test_loss, test_accuracy", RUNS, ids=[r[0] for r in RUNS])
def test_generalization_gap_uses_the_final_epoch(name, history, test_loss, test_accuracy):
    found = gap_of(models.fake_history(history), test_loss, test_accuracy)
    expected = [test_loss - history["loss"][-1], history["accuracy"][-1] - test_accuracy]
    values = [found["loss"], found["accuracy"]]
    teacher.expect(same_values(values, expected), "generalization_gap",
                   f"{{'loss': {expected[0]:.2f}, 'accuracy': {expected[1]:.2f}}} for training "
                   f"losses {history['loss']}, accuracies {history['accuracy']} and test loss "
                   f"{test_loss}, accuracy {test_accuracy}", found, GAP,
                   looks_like=recognise(values, mistakes(history, test_loss, test_accuracy)))


def ex5_4_history(run):
    """The History of the shared ex5_4 run; a wrong one is ex5_4's to fix, and said so."""
    history = run.history
    record = getattr(history, "history", None)
    teacher.expect(isinstance(record, dict) and {"loss", "accuracy"} <= set(record), "train (ex5_4)",
                   "ex5_4's train to return the History of its run, with loss and accuracy",
                   None if history is None else f"a value of type {type_name(history)}",
                   "this test applies your functions to the model that ex5_4's train trained, "
                   "and to the History train returns: finish ex5_4 first (its tests say what "
                   "is wrong).")
    return history


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_on_the_trained_ex5_4_model():
    # Fail fast on a stub or a wrong return value, before anything is trained.
    evaluated(models.tiny_classifier(), *models.random_batch(50, seed=4))
    name, history, test_loss, test_accuracy = RUNS[0]
    gap_of(models.fake_history(history), test_loss, test_accuracy)
    run = lesson_runs.ex5_4_trained()
    history = ex5_4_history(run)
    mnist = prepared_mnist()
    loss, accuracy = evaluated(run.model, mnist.x_test, mnist.y_test)
    expected_loss = keras_compat.evaluate_loss(run.model, mnist.x_test, mnist.y_test)
    expected_accuracy = training.test_accuracy(run.model)
    teacher.expect(abs(loss - expected_loss) < 1e-3 * max(1.0, expected_loss), "evaluate",
                   f"test loss {expected_loss:.4f} for your trained ex5_4 model", loss, EVALUATE)
    teacher.expect(abs(accuracy - expected_accuracy) < 1e-3, "evaluate",
                   f"test accuracy {expected_accuracy:.4f} for your trained ex5_4 model",
                   accuracy, EVALUATE)
    gap = gap_of(history, loss, accuracy)
    final_loss, final_accuracy = history.history["loss"][-1], history.history["accuracy"][-1]
    teacher.expect(abs(gap["loss"] - (loss - final_loss)) < 1e-6, "generalization_gap",
                   f"test loss {loss:.4f} - final training loss {final_loss:.4f}",
                   gap["loss"], GAP)
    teacher.expect(abs(gap["accuracy"] - (final_accuracy - accuracy)) < 1e-6, "generalization_gap",
                   f"training accuracy {final_accuracy:.4f} - test accuracy {accuracy:.4f}",
                   gap["accuracy"], GAP)
