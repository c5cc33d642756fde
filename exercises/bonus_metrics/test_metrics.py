"""Tests for the metrics bonus: run them with `pytest exercises/bonus_metrics`.

The expected values are worked out by hand in the comments below.
"""

import numpy as np
import pytest

from kata.judge import LearnerModule, Teacher, call_strictly, recognise, same_values

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


def test_confusion_matrix_counts_true_rows_and_predicted_columns():
    found = metrics.confusion_matrix(Y_TRUE, Y_PRED, num_classes=3)
    teacher.expect(same_values(found, CM), "confusion_matrix", f"{CM.tolist()}", found, ROWS_ARE_TRUE,
                   looks_like=recognise(found, {"the matrix transposed": CM.T}))


def test_confusion_matrix_has_num_classes_rows_and_columns():
    found = metrics.confusion_matrix([0, 1], [1, 1])
    teacher.expect(np.shape(found) == (10, 10), "confusion_matrix", "a 10 x 10 matrix by default",
                   f"shape {np.shape(found)}", "every class gets a row and a column, even one "
                   "that does not occur in this batch.")


def test_accuracy_is_the_diagonal_share():
    found = metrics.accuracy(CM.copy())
    teacher.expect(same_values(found, 4 / 7), "accuracy", "4 correct of 7 = 0.5714", found,
                   "accuracy counts all hits (the diagonal) over all examples.",
                   looks_like=recognise(found, {"the mean of the per-class recalls (balanced accuracy)":
                                                np.mean(RECALL)}))


def test_precision_per_class():
    found = call_strictly(teacher, "precision", metrics, CM.copy(), concept=EMPTY)
    teacher.expect(same_values(found, PRECISION), "precision", f"{np.round(PRECISION, 4).tolist()}",
                   found, "precision: of the examples predicted as a class (its column), the "
                   "share that really are that class. " + EMPTY,
                   looks_like=recognise(found, {"recall: rows instead of columns": RECALL}))


def test_recall_per_class():
    found = call_strictly(teacher, "recall", metrics, CM.copy(), concept=EMPTY)
    teacher.expect(same_values(found, RECALL), "recall", f"{np.round(RECALL, 4).tolist()}", found,
                   "recall: of the examples of a class (its row), the share predicted as it.",
                   looks_like=recognise(found, {"precision: columns instead of rows": PRECISION}))


def test_recall_is_0_for_a_class_with_no_examples():
    cm = np.array([[3, 1], [0, 0]])
    found = call_strictly(teacher, "recall", metrics, cm, concept=EMPTY)
    teacher.expect(same_values(found, [0.75, 0.0]), "recall", "[0.75, 0.0] for an empty class 1",
                   found, EMPTY)


def test_f1_is_the_harmonic_mean():
    found = call_strictly(teacher, "f1", metrics, CM.copy(), concept=EMPTY)
    arithmetic = [(p + r) / 2 for p, r in zip(PRECISION, RECALL)]
    teacher.expect(same_values(found, F1), "f1", f"{np.round(F1, 4).tolist()}", found,
                   "F1 = 2 p r / (p + r), the harmonic mean: it is high only when precision "
                   "and recall both are. " + EMPTY,
                   looks_like=recognise(found, {"the arithmetic mean of precision and recall": arithmetic}))
