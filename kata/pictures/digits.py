"""MNIST pictures: ex5_3's prepared digits, and for ex5_4 and ex5_5 the test digits the
trained model gets wrong, its confusion matrix and what its first layer looks for
(judge side). The model is the one ex5_4's tests train, under the same key."""

from __future__ import annotations

import numpy as np

from kata.judge.learner import LearnerModule
from kata.pictures.style import DIVERGING, SEQUENTIAL, Picture, colour, figure

SAMPLES = 12


def ex5_3_samples() -> Picture:
    from kata import data

    raw = data.load_mnist()
    module = LearnerModule("ex5_3")
    images, labels = raw.x_train[:SAMPLES].copy(), raw.y_train[:SAMPLES].copy()
    flat = np.asarray(module.flatten_and_scale(images), dtype=float)
    hot = np.asarray(module.one_hot(labels, 10), dtype=float)
    made, axes = figure(2, SAMPLES // 2, height=4.6)
    for index, axis in enumerate(axes.flat):
        axis.imshow(flat[index].reshape(28, 28), cmap="gray_r", vmin=0, vmax=1)
        axis.set_title(f"label {labels[index]}\n{''.join(str(int(v)) for v in hot[index])}",
                       fontsize="small", family="monospace")
        axis.set_xticks([])
        axis.set_yticks([])
    made.suptitle("ex5_3: your flattened rows drawn back as 28 x 28 (dark = ink), "
                  "each with its label and one-hot row")
    return Picture("ex5_3-digits", made)


def ex5_3_pixels() -> Picture:
    from kata import data

    raw = data.load_mnist()
    images = raw.x_train[:200].copy()
    flat = np.asarray(LearnerModule("ex5_3").flatten_and_scale(images), dtype=float)
    made, axes = figure(1, 2, height=3.4)
    for axis, values, title in ((axes[0, 0], images.reshape(-1), "before: bytes 0 (background) to 255 (ink)"),
                                (axes[0, 1], flat.reshape(-1), "after flatten_and_scale")):
        axis.hist(values, bins=32, color=colour(0))
        axis.set_yscale("log")
        axis.set_title(title, fontsize="medium")
        axis.set_xlabel("pixel value")
        axis.set_ylabel("pixels (log scale)")
    made.suptitle("ex5_3: the pixels of 200 training images, before and after scaling")
    return Picture("ex5_3-pixels", made)


def trained_model():
    """ex5_4's trained model, from the tests' own run (kept in the cache once they ran)."""
    from kata.judge import training

    module = LearnerModule("ex5_4")
    return training.once("ex5_4 trained", lambda: training.run_ex5_4(module, training.seed())).model


def predictions(model):
    from kata import data

    mnist = data.prepared_mnist()
    probabilities = np.asarray(model.predict(mnist.x_test, batch_size=1000, verbose=0), dtype=float)
    return probabilities, np.argmax(mnist.y_test, axis=1)


def mistakes() -> Picture:
    from kata import data

    probabilities, truth = predictions(trained_model())
    guess = probabilities.argmax(axis=1)
    wrong = np.flatnonzero(guess != truth)
    worst = wrong[np.argsort(-probabilities[wrong, guess[wrong]])][:16]
    images = data.load_mnist().x_test
    made, axes = figure(2, 8, height=3.8)
    for axis, index in zip(axes.flat, worst):
        axis.imshow(images[index], cmap="gray_r")
        axis.set_title(f"true {truth[index]}, said {guess[index]}\n{probabilities[index, guess[index]]:.1%} sure",
                       fontsize="x-small")
    for axis in axes.flat:
        axis.set_xticks([])
        axis.set_yticks([])
    made.suptitle(f"ex5_4: the test digits your model is wrong about and most sure of\n"
                  f"({len(wrong)} of {len(truth):,} wrong: test accuracy {1 - len(wrong) / len(truth):.4f})")
    return Picture("ex5_4-mistakes", made)


def confusion() -> Picture:
    probabilities, truth = predictions(trained_model())
    guess = probabilities.argmax(axis=1)
    matrix = np.zeros((10, 10), dtype=int)
    np.add.at(matrix, (truth, guess), 1)
    off = matrix.astype(float)
    np.fill_diagonal(off, np.nan)  # the right answers would drown the colour scale
    made, axes = figure(1, 1, height=5.4, width=6.6)
    axis = axes[0, 0]
    image = axis.imshow(off, cmap=SEQUENTIAL)
    for row in range(10):
        for column in range(10):
            if matrix[row, column]:
                axis.text(column, row, str(matrix[row, column]), ha="center", va="center", fontsize=7,
                          color="black" if row == column or off[row, column] > np.nanmax(off) / 2 else "white")
    axis.set_xticks(range(10))
    axis.set_yticks(range(10))
    axis.set_xlabel("predicted digit")
    axis.set_ylabel("true digit")
    axis.set_title("ex5_4: confusion matrix on the 10,000 test digits\n"
                   "(colour: the mistakes only; the diagonal holds the right answers)", fontsize="medium")
    made.colorbar(image, ax=axis, label="mistakes", shrink=0.8)
    return Picture("ex5_4-confusion", made)


def first_layer_units() -> Picture:
    model = trained_model()
    kernels = [w for w in model.get_weights() if np.ndim(w) == 2 and np.shape(w)[0] == 784]
    if not kernels:
        raise ValueError("the model has no layer that takes the 784 pixels")
    kernel = np.asarray(kernels[0], dtype=float)
    made, axes = figure(2, 8, height=3.4)
    limit = float(np.max(np.abs(kernel[:, :16]))) or 1.0
    for unit, axis in enumerate(axes.flat):
        image = axis.imshow(kernel[:, unit].reshape(28, 28), cmap=DIVERGING, vmin=-limit, vmax=limit)
        axis.set_title(f"unit {unit}", fontsize="x-small")
        axis.set_xticks([])
        axis.set_yticks([])
    made.colorbar(image, ax=axes.ravel().tolist(), label="weight", shrink=0.8)
    made.suptitle("ex5_4: what 16 units of the first layer weigh each pixel by (purple raises the unit, "
                  "orange lowers it)")
    return Picture("ex5_4-first-layer", made)
