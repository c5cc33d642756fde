"""Tests for exercise 5-6: run them with `pytest exercises/ex5_6`.

`train_with_validation` is tried on a small model the tests build; the
plots are drawn from a made-up history, whose values the tests know, and
then from a real training run. `pytest exercises/ex5_6 --keep-plots DIR`
saves the real run's figures as PNG files in DIR, so you can look at them.
"""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from kata.judge import models, training
from kata.judge import LearnerModule, Teacher, prepared_mnist, same_values, shared

pytestmark = pytest.mark.timeout(60)

ex5_6 = LearnerModule("ex5_6")
ex5_4 = LearnerModule("ex5_4")
teacher = Teacher("ex5_6")

VALIDATION = ("validation_data=(test_images, test_labels) makes fit score the model on the "
              "test data after every epoch, recorded as val_loss and val_accuracy; comparing "
              "them with the training values shows when the model starts to overfit.")
PLOT = ("a learning curve has one line per data set (training and test) over epochs 1..n, "
        "a title, axis labels and a legend that says which line is which; returning the "
        "Figure lets the caller save or show it.")
PLOTS = [("plot_loss", "loss"), ("plot_accuracy", "accuracy")]

# Four epochs in which the test curves turn away from the training curves.
HISTORY = {"loss": [0.90, 0.50, 0.35, 0.30], "val_loss": [0.80, 0.60, 0.55, 0.60],
           "accuracy": [0.70, 0.85, 0.90, 0.93], "val_accuracy": [0.75, 0.82, 0.85, 0.84]}


@pytest.fixture
def draw():
    """Call a plotting function and return its Figure; close every figure it opened."""
    before = set(plt.get_fignums())

    def call(function, history):
        figure = getattr(ex5_6, function)(history)
        teacher.expect(isinstance(figure, matplotlib.figure.Figure), function,
                       "the matplotlib Figure it drew on", figure,
                       PLOT + " Create it with fig, ax = plt.subplots() and end with return fig.",
                       looks_like="a plot that never returns its figure" if figure is None else None)
        return figure

    yield call
    for number in set(plt.get_fignums()) - before:
        plt.close(number)


def curves(figure):
    return [line for axes in figure.axes for line in axes.get_lines()]


def test_train_with_validation_records_test_metrics_every_epoch():
    model = models.tiny_classifier()
    train_images, train_labels = models.random_batch(512, seed=1)
    test_images, test_labels = models.random_batch(128, seed=2)
    history = ex5_6.train_with_validation(model, train_images, train_labels, test_images,
                                          test_labels, epochs=3, batch_size=256)
    keys = sorted(getattr(history, "history", {}))
    teacher.expect({"val_loss", "val_accuracy"} <= set(keys), "train_with_validation",
                   "val_loss and val_accuracy in history.history", f"the keys {keys}", VALIDATION,
                   looks_like="validation data missing from fit")
    lengths = {key: len(history.history[key]) for key in keys}
    teacher.expect(set(lengths.values()) == {3}, "train_with_validation",
                   "3 values per metric when called with epochs=3", lengths,
                   "pass epochs=epochs to fit.")
    steps = history.params.get("steps")
    teacher.expect(steps == 2, "train_with_validation",
                   "2 steps per epoch for 512 examples in batches of 256", f"{steps} steps",
                   "pass batch_size=batch_size to fit.")
    loss_now = model.evaluate(test_images, test_labels, verbose=0)[0]
    teacher.expect(abs(history.history["val_loss"][-1] - loss_now) < 1e-3 * max(1.0, loss_now),
                   "train_with_validation",
                   f"a final val_loss equal to the test loss {loss_now:.4f}",
                   history.history["val_loss"][-1],
                   VALIDATION + " validation_split holds out part of the training data instead.",
                   looks_like="validation on data other than the test images")


def test_train_with_validation_defaults_to_10_epochs_of_batch_128():
    model = models.tiny_classifier()
    images, labels = models.random_batch(256, seed=5)
    history = ex5_6.train_with_validation(model, images, labels, images[:64], labels[:64])
    found = (len(history.history.get("loss", [])), history.params.get("steps"))
    teacher.expect(found == (10, 2), "train_with_validation",
                   "10 epochs of 2 steps (256 examples, batches of 128) with the defaults",
                   f"{found[0]} epochs of {found[1]} steps",
                   "the lesson retrains for 10 epochs in batches of 128: keep those defaults.")


@pytest.mark.parametrize("function, metric", PLOTS)
def test_plot_draws_a_training_and_a_test_curve_over_epochs_1_to_n(draw, function, metric):
    figure = draw(function, models.fake_history(HISTORY))
    lines = curves(figure)
    teacher.expect(len(lines) == 2, function, "2 lines, training and test", f"{len(lines)} line(s)",
                   PLOT, looks_like="a plot that shows only the training curve"
                   if len(lines) == 1 else None)
    by_data = {}
    for line in lines:
        for key in (metric, f"val_{metric}"):
            if same_values(line.get_ydata(), HISTORY[key]):
                by_data[key] = line
    teacher.expect(set(by_data) == {metric, f"val_{metric}"}, function,
                   f"one line with history.history['{metric}'] and one with "
                   f"history.history['val_{metric}']",
                   [list(np.round(line.get_ydata(), 3)) for line in lines], PLOT)
    for key, line in by_data.items():
        x = list(np.asarray(line.get_xdata(), dtype=float))
        teacher.expect(same_values(x, [1, 2, 3, 4]), function,
                       f"the {key} line over epochs [1, 2, 3, 4]", x, PLOT,
                       looks_like="epochs numbered from 0 (plt.plot(values) without x values)"
                       if same_values(x, [0, 1, 2, 3]) else None)


@pytest.mark.parametrize("function, metric", PLOTS)
def test_plot_has_a_title_axis_labels_and_a_legend(draw, function, metric):
    figure = draw(function, models.fake_history(HISTORY))
    axes = [a for a in figure.axes if a.get_lines()]
    teacher.expect(len(axes) == 1, function, "both curves on one set of axes",
                   f"{len(axes)} axes with lines", PLOT)
    ax = axes[0]
    labels = {"title": ax.get_title() or figure.texts and figure.texts[0].get_text(),
              "x label": ax.get_xlabel(), "y label": ax.get_ylabel()}
    missing = [name for name, text in labels.items() if not text]
    teacher.expect(not missing, function, "a title, an x label and a y label",
                   f"no {', no '.join(missing)}" if missing else labels, PLOT)
    teacher.expect("epoch" in labels["x label"].lower(), function, "an x axis labelled with epochs",
                   labels["x label"], PLOT)
    legend = ax.get_legend()
    texts = [t.get_text().lower() for t in legend.get_texts()] if legend else []
    teacher.expect(len(texts) == 2, function, "a legend naming both lines",
                   texts or "no legend", PLOT + " Give each plot call a label= and call legend().")
    for line in ax.get_lines():
        label = line.get_label().lower()
        is_test = same_values(line.get_ydata(), HISTORY[f"val_{metric}"])
        words = ("test", "val") if is_test else ("train",)
        teacher.expect(any(word in label for word in words), function,
                       f"the {'test' if is_test else 'training'} line labelled as such",
                       f"the label {line.get_label()!r}", PLOT,
                       looks_like="the two labels swapped" if any(
                           w in label for w in (("train",) if is_test else ("test", "val"))) else None)


@pytest.mark.parametrize("function, metric", PLOTS)
def test_plot_leaves_no_figure_open_but_its_own(function, metric):
    before = set(plt.get_fignums())
    figure = getattr(ex5_6, function)(models.fake_history(HISTORY))
    if isinstance(figure, matplotlib.figure.Figure):
        plt.close(figure)
    leaked = set(plt.get_fignums()) - before
    for number in leaked:
        plt.close(number)
    teacher.expect(not leaked, function, "no open figure besides the one it returns",
                   f"{len(leaked)} more figure(s) left open",
                   "pyplot keeps every figure it creates until it is closed; draw on one "
                   "figure and return it, or a long session runs out of memory.")


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_plots_of_a_real_training_run(draw, keep_plots):
    ex5_6.plot_loss(models.fake_history(HISTORY))  # fail fast on a stub, before any training
    if keep_plots:  # the lesson's run: the ex5_4 network, 10 epochs on all of MNIST
        def run():
            mnist = prepared_mnist()
            model = training.build_seeded(ex5_4.build_model, training.seed())
            return ex5_6.train_with_validation(model, mnist.x_train, mnist.y_train,
                                               mnist.x_test, mnist.y_test)
        history = shared("ex5_6 lesson run", run)
    else:  # a quick real run: the tests' small model on part of MNIST
        def run():
            mnist = prepared_mnist()
            return ex5_6.train_with_validation(models.tiny_classifier(), mnist.x_train[:6000],
                                               mnist.y_train[:6000], mnist.x_test[:2000],
                                               mnist.y_test[:2000], epochs=4)
        history = shared("ex5_6 quick run", run)
    for function, metric in PLOTS:
        figure = draw(function, history)
        drawn = sorted(len(line.get_xdata()) for line in curves(figure))
        epochs = len(history.history[metric])
        teacher.expect(drawn == [epochs, epochs], function,
                       f"two lines of {epochs} points for a {epochs}-epoch run", drawn, PLOT)
        if keep_plots:
            figure.savefig(keep_plots / f"ex5_6_{metric}.png", dpi=100)
