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
