"""Tests for exercise 5-3: run them with `pytest exercises/ex5_3`.

Most tests use small random images, so they run in a blink; the last one
checks your functions on the real MNIST arrays.
"""

import numpy as np
import pytest

from kata.judge import LearnerModule, Teacher, mnist, same_values
from kata.judge.testing import diagnose, returned_array, verbatim

pytestmark = pytest.mark.timeout(60)

prepare = LearnerModule("ex5_3")
teacher = Teacher("ex5_3")

FLATTEN = ("a Dense layer takes one vector per example: pixel (row r, column c) of "
           "image i goes to column 28*r + c of row i, and each value is pixel/255 so that "
           "inputs lie in [0, 1].")
SCALE = ("scaling maps the range a pixel can take, 0 to 255, onto [0, 1] with one fixed divisor "
         "for every image, so that a value means the same brightness in every image; scaling "
         "by what an image (or a batch) happens to contain stretches faint images more than "
         "bright ones and changes the data.")
LAYOUT = ("flattening must keep NumPy's row-by-row order: pixel (row r, column c) goes to "
          "column 28*r + c, so that every image is flattened the same way as MNIST's own.")
ONE_HOT = ("a softmax output gives one probability per class, so the label must be a row "
           "with 1.0 in the label's column and 0.0 elsewhere, one column per class.")
FLOAT32 = ("Keras computes in float32; float64 arrays take twice the memory and are "
           "converted on every batch.")
NUM_CLASSES = ("the number of columns is the number of classes, which is not always "
               "max(label) + 1 (a batch may lack the highest class).")


def random_images(n, seed=0):
    return np.random.default_rng(seed).integers(0, 256, size=(n, 28, 28), dtype=np.uint8)


def dim_images():
    """Four images whose pixels reach neither 0 nor 255: like MNIST's faint digits, they tell
    dividing by 255 from scaling by what the images happen to contain."""
    rng = np.random.default_rng(5)
    return np.stack([rng.integers(low, high + 1, size=(28, 28), dtype=np.uint8)
                     for low, high in ((3, 200), (30, 180), (1, 90), (12, 160))])


def scaling_mistakes(images):
    """What flatten_and_scale gives for ``images`` when written in each of the known wrong
    ways, with the concept that explains each."""
    flat = images.reshape(len(images), 784).astype(float)
    low, high = flat.min(axis=1, keepdims=True), flat.max(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):  # an all-black image has no range
        return {
            "pixels not divided by 255": (flat, SCALE),
            "integer division (// 255): every pixel becomes 0 or 1": (flat // 255, SCALE),
            "each image transposed before flattening (columns first)":
                (images.transpose(0, 2, 1).reshape(len(images), 784) / 255, LAYOUT),
            "each image divided by its own maximum": (flat / high, SCALE),
            "the batch divided by its largest pixel": (flat / flat.max(), SCALE),
            "each image stretched to fill [0, 1] (minimum to 0, maximum to 1)":
                ((flat - low) / (high - low), SCALE),
            "the batch stretched to fill [0, 1]": ((flat - flat.min()) / (flat.max() - flat.min()), SCALE),
            "a divisor of 256": (flat / 256, SCALE),
        }


def images_text(n):
    return f"{n:,} image" + ("" if n == 1 else "s")


def flattened(images):
    """(what the learner's flatten_and_scale(images) returned, the same as a float array of
    the right shape), or a failure that names what is wrong with it."""
    value = prepare.flatten_and_scale(images.copy())
    return value, returned_array(teacher, "flatten_and_scale", value, shape=(len(images), 784),
                                 call=f"flatten_and_scale({images_text(len(images))})", concept=FLATTEN)


def one_hot_of(labels, num_classes=None):
    """(what the learner's one_hot returned, the same as a float array of the right shape),
    or a failure that names what is wrong with the shape."""
    width = 10 if num_classes is None else num_classes
    options = {} if num_classes is None else {"num_classes": num_classes}
    given = "".join(f", {name}={number}" for name, number in options.items())
    value = prepare.one_hot(labels.copy(), **options)
    found = returned_array(teacher, "one_hot", value, call=f"one_hot({len(labels)} labels{given})",
                           concept=ONE_HOT)
    shape = (len(labels), width)
    looks_like, concept = diagnose(found.shape, {
        "the labels returned unchanged, not one-hot encoded": (labels.shape, ONE_HOT),
        "num_classes ignored": ((len(labels), 10), NUM_CLASSES),
        "the width taken from max(label) + 1": ((len(labels), int(max(labels)) + 1), NUM_CLASSES),
    }, ONE_HOT)
    teacher.expect(found.shape == shape, "one_hot",
                   f"shape {shape} for {len(labels)} labels and {width} classes{given}",
                   verbatim(f"shape {found.shape}"), concept, looks_like=looks_like)
    return value, found


@pytest.mark.parametrize("n", [1, 3, 7])
def test_flatten_and_scale_gives_one_row_of_784_per_image(n):
    flattened(random_images(n))


def test_flatten_and_scale_returns_float32():
    value, _ = flattened(random_images(3))
    dtype = getattr(value, "dtype", type(value).__name__)
    teacher.expect(dtype == np.float32, "flatten_and_scale", "dtype float32", verbatim(str(dtype)), FLOAT32,
                   looks_like="float64, what NumPy's division gives unless told otherwise"
                   if dtype == np.float64 else None)


def check_each_pixel_divided_by_255(images, expected_text):
    value, found = flattened(images)
    expected = images.reshape(len(images), 784).astype(np.float32) / 255
    looks_like, concept = diagnose(found, scaling_mistakes(images), FLATTEN)
    teacher.expect(same_values(found, expected, atol=1e-6), "flatten_and_scale", expected_text, value,
                   concept, looks_like=looks_like)


def test_flatten_and_scale_puts_each_pixel_in_its_place_divided_by_255():
    check_each_pixel_divided_by_255(random_images(4, seed=1),
                                    "row i, column 28*r + c equal to images[i, r, c] / 255")


def test_flatten_and_scale_divides_by_255_whatever_the_images_hold():
    images = dim_images()
    brightest = images.reshape(4, 784).max(axis=1).tolist()
    check_each_pixel_divided_by_255(images, "every pixel divided by 255, also for images whose "
                                    f"brightest pixels are {brightest}")


def test_flatten_and_scale_leaves_its_input_unchanged():
    images = random_images(2, seed=2)
    original = images.copy()
    prepare.flatten_and_scale(images)
    teacher.expect(np.array_equal(images, original) and images.dtype == np.uint8,
                   "flatten_and_scale", "the input images unchanged", images,
                   "preparing data should return new arrays; the raw images may be needed again.")


LABELS = np.array([3, 0, 9, 3, 1], dtype=np.uint8)


def test_one_hot_has_a_single_1_in_each_labels_column():
    value, found = one_hot_of(LABELS)
    teacher.expect(same_values(found, np.eye(10)[LABELS]), "one_hot",
                   f"rows with 1.0 in columns {LABELS.tolist()}", value, ONE_HOT)


def test_one_hot_returns_float32():
    value, _ = one_hot_of(LABELS)
    dtype = getattr(value, "dtype", type(value).__name__)
    teacher.expect(dtype == np.float32, "one_hot", "dtype float32", verbatim(str(dtype)),
                   FLOAT32 + " keras.utils.to_categorical returns float64 on Keras 3 (float32 on "
                   "Keras 2), and so does np.eye unless told otherwise.",
                   looks_like="float64, NumPy's default" if dtype == np.float64 else None)


@pytest.mark.parametrize("num_classes", [3, 12])
def test_one_hot_honours_num_classes(num_classes):
    labels = np.array([2, 0, 1, 2])
    value, found = one_hot_of(labels, num_classes)
    teacher.expect(same_values(np.argmax(found, axis=1), labels)
                   and same_values(np.sum(found, axis=1), np.ones(4)),
                   "one_hot", "each row summing to 1 with its 1 at the label", value, ONE_HOT)


def test_on_real_mnist():
    flattened(random_images(1))  # fail here, before loading data, on a stub or a wrong return
    one_hot_of(LABELS)
    raw = mnist()
    images = flattened(raw.x_test)[1]
    expected = raw.x_test.reshape(10000, 784).astype(np.float32) / 255
    wrong = int(np.sum(np.any(np.abs(images - expected) > 1e-6, axis=1)))
    teacher.expect(wrong == 0, "flatten_and_scale",
                   "each of the 10,000 test images flattened and divided by 255",
                   verbatim(f"{wrong:,} images scaled or laid out otherwise"), FLATTEN)
    labels = one_hot_of(raw.y_test)[1]
    teacher.expect(same_values(np.argmax(labels, axis=1), raw.y_test), "one_hot",
                   "argmax of each row giving back the test label", np.argmax(labels, axis=1), ONE_HOT)
