"""Tests for the metrics bonus: run them with `pytest exercises/bonus_metrics`.

The expected values are worked out by hand in the comments below.
"""

import numpy as np
import pytest

from kata.judge import LearnerModule, Teacher, call_strictly, recognise, same_values
from kata.judge.testing import returned_array, returned_number, verbatim

pytestmark = pytest.mark.timeout(30)

metrics = LearnerModule("bonus_metrics")
teacher = Teacher("bonus_metrics")

# Seven examples of three classes. Class 2 is never predicted; class 1 is predicted
# three times, twice correctly.
Y_TRUE = [0, 0, 0, 1, 1, 2, 2]
Y_PRED = [0, 0, 1, 1, 1, 0, 1]
CM = np.array([[2, 1, 0],   # true 0: two predicted 0, one predicted 1
               [0, 2, 0],   # true 1: both predicted 1
               [1, 1, 0]])  # true 2: one predicted 0, one predicted 1
PRECISION = [2 / 3, 2 / 4, 0.0]  # diagonal / column sums (3, 4, 0 -> 0)
RECALL = [2 / 3, 2 / 2, 0 / 2]   # diagonal / row sums (3, 2, 2)
F1 = [2 / 3, 2 * 0.5 * 1.0 / 1.5, 0.0]
ROWS_ARE_TRUE = ("rows are true classes and columns predicted ones: cm[i, j] counts examples "
                 "of class i that the classifier called j, so the diagonal holds the hits.")
EMPTY = ("a class that is never predicted (or has no examples) has precision (or recall) 0, "
         "not 0/0 = nan, which would poison every average taken over classes.")


def per_class(function, cm, concept):
    """The learner's per-class metric of ``cm`` (NumPy's warnings raised), as a float array with
    one value per class, or a failure that names what it returned."""
    value = call_strictly(teacher, function, metrics, cm.copy(), concept=concept)
    return value, returned_array(teacher, function, value, call=f"{function}(cm) for {len(cm)} classes",
                                 shape=(len(cm),), concept="one value per class.")


def test_confusion_matrix_counts_true_rows_and_predicted_columns():
    value = metrics.confusion_matrix(Y_TRUE, Y_PRED, num_classes=3)
    found = returned_array(teacher, "confusion_matrix", value, call="confusion_matrix(y_true, y_pred, "
                           "num_classes=3)", shape=(3, 3), concept=ROWS_ARE_TRUE)
    teacher.expect(same_values(found, CM), "confusion_matrix", f"{CM.tolist()}", value, ROWS_ARE_TRUE,
                   looks_like=recognise(found, {"the matrix transposed": CM.T}))


def test_confusion_matrix_has_num_classes_rows_and_columns():
    concept = "every class gets a row and a column, even one that does not occur in this batch."
    found = returned_array(teacher, "confusion_matrix", metrics.confusion_matrix([0, 1], [1, 1]),
                           call="confusion_matrix([0, 1], [1, 1])", concept=concept)
    teacher.expect(found.shape == (10, 10), "confusion_matrix", "a 10 x 10 matrix by default",
                   verbatim(f"shape {found.shape}"), concept)


def test_confusion_matrix_is_a_numpy_array():
    value = metrics.confusion_matrix(Y_TRUE, Y_PRED, num_classes=3)
    returned_array(teacher, "confusion_matrix", value, call="confusion_matrix(y_true, y_pred, num_classes=3)",
                   shape=(3, 3), concept=ROWS_ARE_TRUE)
    teacher.expect(isinstance(value, np.ndarray), "confusion_matrix",
                   "confusion_matrix(y_true, y_pred, num_classes=3) should return a NumPy array", value,
                   "the README promises an array: the metrics read it with cm.sum(axis=0), np.diag(cm) "
                   "and cm[i, j], and a list of lists has no axis sums and no cm[i, j].",
                   looks_like=f"a Python {type(value).__name__} where the README asks for an array")


def test_confusion_matrix_counts_past_255():
    # MNIST's test set has about 1,000 examples of each digit: counts this large must not wrap
    # around, as they do in an 8-bit integer type (uint8 holds 0-255).
    rng = np.random.default_rng(7)
    y_true = np.repeat([0, 1, 2], [1000, 700, 300])
    y_pred = np.where(rng.uniform(size=len(y_true)) < 0.9, y_true, (y_true + 1) % 3)
    expected = np.zeros((3, 3), dtype=np.int64)
    for t, p in zip(y_true, y_pred):
        expected[t, p] += 1
    value = metrics.confusion_matrix(y_true, y_pred, num_classes=3)
    found = returned_array(teacher, "confusion_matrix", value,
                           call="confusion_matrix(y_true, y_pred, num_classes=3) for 2000 examples",
                           shape=(3, 3), concept=ROWS_ARE_TRUE)
    teacher.expect(same_values(found, expected), "confusion_matrix",
                   f"{expected.tolist()} for 1000, 700 and 300 examples of classes 0, 1 and 2", value,
                   "a count can be as large as the data set: pick an integer type with room for it "
                   "(NumPy's default int does), not one that wraps around at 256.",
                   looks_like=recognise(found, {"counts kept in 8 bits (uint8), wrapping around at 256":
                                                expected % 256,
                                                "counts kept in signed 8 bits (int8), wrapping around past 127":
                                                expected.astype(np.int8)}))


# Class 1 has exactly one example, predicted right, and is predicted exactly once:
# its precision, recall and F1 are 1/1 = 1.
ONE_EXAMPLE = np.array([[5, 0, 1],
                        [0, 1, 0],
                        [2, 0, 3]])
ONE_EXAMPLE_METRICS = {"precision": [5 / 7, 1.0, 3 / 4], "recall": [5 / 6, 1.0, 3 / 5]}
ONE_EXAMPLE_METRICS["f1"] = [2 * p * r / (p + r) for p, r in zip(*ONE_EXAMPLE_METRICS.values())]


@pytest.mark.parametrize("function", ["precision", "recall", "f1"])
def test_per_class_metrics_for_a_class_with_one_example(function):
    value, found = per_class(function, ONE_EXAMPLE, EMPTY)
    expected = ONE_EXAMPLE_METRICS[function]
    teacher.expect(same_values(found, expected), function,
                   f"{np.round(expected, 4).tolist()} for cm = {ONE_EXAMPLE.tolist()}, where class 1 has "
                   "one example, predicted right", value,
                   "only a count of 0 makes a ratio undefined: a class with a single example (or a "
                   "single prediction) has its ratio like any other, here 1 / 1 = 1.",
                   looks_like="a ratio computed only where the count exceeds 1" if
                   same_values(found[1], 0.0) else None)


def test_accuracy_is_the_diagonal_share():
    concept = "accuracy counts all hits (the diagonal) over all examples."
    found = returned_number(teacher, "accuracy", metrics.accuracy(CM.copy()), call="accuracy(cm)",
                            concept=concept)
    teacher.expect(same_values(found, 4 / 7), "accuracy", "4 correct of 7 = 0.5714", found, concept,
                   looks_like=recognise(found, {"the mean of the per-class recalls (balanced accuracy)":
                                                np.mean(RECALL)}))


def test_precision_per_class():
    value, found = per_class("precision", CM, EMPTY)
    teacher.expect(same_values(found, PRECISION), "precision", f"{np.round(PRECISION, 4).tolist()}",
                   value, "precision: of the examples predicted as a class (its column), the "
                   "share that really are that class. " + EMPTY,
                   looks_like=recognise(found, {"recall: rows instead of columns": RECALL}))


def test_recall_per_class():
    value, found = per_class("recall", CM, EMPTY)
    teacher.expect(same_values(found, RECALL), "recall", f"{np.round(RECALL, 4).tolist()}", value,
                   "recall: of the examples of a class (its row), the share predicted as it.",
                   looks_like=recognise(found, {"precision: columns instead of rows": PRECISION}))


def test_recall_is_0_for_a_class_with_no_examples():
    value, found = per_class("recall", np.array([[3, 1], [0, 0]]), EMPTY)
    teacher.expect(same_values(found, [0.75, 0.0]), "recall", "[0.75, 0.0] for an empty class 1",
                   value, EMPTY)


def test_f1_is_the_harmonic_mean():
    value, found = per_class("f1", CM, EMPTY)
    arithmetic = [(p + r) / 2 for p, r in zip(PRECISION, RECALL)]
    teacher.expect(same_values(found, F1), "f1", f"{np.round(F1, 4).tolist()}", value,
                   "F1 = 2 p r / (p + r), the harmonic mean: it is high only when precision "
                   "and recall both are. " + EMPTY,
                   looks_like=recognise(found, {"the arithmetic mean of precision and recall": arithmetic}))
