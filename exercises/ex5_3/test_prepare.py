"""Tests for exercise 5-3: run them with `pytest exercises/ex5_3`.

Most tests use small random images, so they run in a blink; the last one
checks your functions on the real MNIST arrays.
"""

import numpy as np
import pytest

from kata.judge import LearnerModule, Teacher, mnist, recognise, same_values, show

pytestmark = pytest.mark.timeout(60)

prepare = LearnerModule("ex5_3")
teacher = Teacher("ex5_3")

FLATTEN = ("a Dense layer takes one vector per example: pixel (row r, column c) of "
           "image i goes to column 28*r + c of row i, and each value is pixel/255 so that "
           "inputs lie in [0, 1].")
ONE_HOT = ("a softmax output gives one probability per class, so the label must be a row "
           "with 1.0 in the label's column and 0.0 elsewhere, one column per class.")
FLOAT32 = ("Keras computes in float32; float64 arrays take twice the memory and are "
           "converted on every batch.")


def random_images(n, seed=0):
    return np.random.default_rng(seed).integers(0, 256, size=(n, 28, 28), dtype=np.uint8)


@pytest.mark.parametrize("n", [1, 3, 7])
def test_flatten_and_scale_gives_one_row_of_784_per_image(n):
    found = prepare.flatten_and_scale(random_images(n))
    teacher.expect(np.shape(found) == (n, 784), "flatten_and_scale",
                   f"shape ({n}, 784) for {n} images", f"shape {np.shape(found)}", FLATTEN)


def test_flatten_and_scale_returns_float32():
    found = prepare.flatten_and_scale(random_images(3))
    teacher.expect(getattr(found, "dtype", None) == np.float32, "flatten_and_scale",
                   "dtype float32", getattr(found, "dtype", type(found).__name__), FLOAT32)


def test_flatten_and_scale_puts_each_pixel_in_its_place_divided_by_255():
    images = random_images(4, seed=1)
    expected = images.reshape(4, 784).astype(np.float32) / 255
    found = np.asarray(prepare.flatten_and_scale(images.copy()), dtype=np.float64)
    mistakes = {
        "pixels not divided by 255": images.reshape(4, 784),
        "integer division (// 255): every pixel becomes 0 or 1": images.reshape(4, 784) // 255,
        "each image transposed before flattening (columns first)":
            images.transpose(0, 2, 1).reshape(4, 784) / 255,
    }
    teacher.expect(same_values(found, expected, atol=1e-6), "flatten_and_scale",
                   "row i, column 28*r + c equal to images[i, r, c] / 255", found, FLATTEN,
                   looks_like=recognise(found, mistakes))


def test_flatten_and_scale_leaves_its_input_unchanged():
    images = random_images(2, seed=2)
    original = images.copy()
    prepare.flatten_and_scale(images)
    teacher.expect(np.array_equal(images, original) and images.dtype == np.uint8,
                   "flatten_and_scale", "the input images unchanged", images,
                   "preparing data should return new arrays; the raw images may be needed again.")


LABELS = np.array([3, 0, 9, 3, 1], dtype=np.uint8)


def test_one_hot_has_a_single_1_in_each_labels_column():
    found = prepare.one_hot(LABELS.copy())
    expected = np.eye(10)[LABELS]
    teacher.expect(np.shape(found) == (5, 10), "one_hot",
                   "shape (5, 10) for 5 labels and 10 classes", f"shape {np.shape(found)}", ONE_HOT,
                   looks_like="the labels returned unchanged, not one-hot encoded"
                   if np.shape(found) == (5,) else None)
    teacher.expect(same_values(found, expected), "one_hot",
                   f"rows with 1.0 in columns {LABELS.tolist()}", found, ONE_HOT)


def test_one_hot_returns_float32():
    found = prepare.one_hot(LABELS.copy())
    dtype = getattr(found, "dtype", type(found).__name__)
    teacher.expect(dtype == np.float32, "one_hot", "dtype float32", dtype,
                   FLOAT32 + " keras.utils.to_categorical returns float64 on Keras 3 "
                   "(float32 on Keras 2): cast with .astype('float32').")


@pytest.mark.parametrize("num_classes", [3, 12])
def test_one_hot_honours_num_classes(num_classes):
    labels = np.array([2, 0, 1, 2])
    found = prepare.one_hot(labels, num_classes=num_classes)
    teacher.expect(np.shape(found) == (4, num_classes), "one_hot",
                   f"shape (4, {num_classes}) with num_classes={num_classes}",
                   f"shape {np.shape(found)}",
                   "the number of columns is the number of classes, which is not always "
                   "max(label) + 1 (a batch may lack the highest class).",
                   looks_like=recognise(np.shape(found), {"num_classes ignored": (4, 10),
                                                          "the width taken from max(label) + 1": (4, 3)}))
    teacher.expect(same_values(np.argmax(found, axis=1), labels)
                   and same_values(np.sum(found, axis=1), np.ones(4)),
                   "one_hot", "each row summing to 1 with its 1 at the label", found, ONE_HOT)


def test_on_real_mnist():
    prepare.flatten_and_scale(random_images(1))  # fail here, before loading data, on a stub
    prepare.one_hot(LABELS)
    raw = mnist()
    images = prepare.flatten_and_scale(raw.x_test)
    labels = prepare.one_hot(raw.y_test)
    teacher.expect(np.shape(images) == (10000, 784) and float(np.max(images)) == 1.0
                   and float(np.min(images)) == 0.0, "flatten_and_scale",
                   "the 10,000 test images as (10000, 784) with values from 0.0 to 1.0",
                   f"shape {np.shape(images)}, range [{np.min(images)}, {np.max(images)}]", FLATTEN)
    teacher.expect(same_values(np.argmax(labels, axis=1), raw.y_test), "one_hot",
                   "argmax of each row giving back the test label", show(np.argmax(labels, axis=1)),
                   ONE_HOT)
