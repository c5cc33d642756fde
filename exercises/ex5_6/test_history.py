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

from kata.judge import figures, history_checks, lesson_runs, models, training
from kata.judge import keras_checks as checks
from kata.judge import LearnerModule, Teacher, prepared_mnist, same_values, shared, type_name
from kata.judge.testing import verbatim

pytestmark = pytest.mark.timeout(60)

ex5_6 = LearnerModule("ex5_6")
ex5_4 = LearnerModule("ex5_4")
teacher = Teacher("ex5_6")
FIT = "train_with_validation"

VALIDATION = ("scoring the model on the test data after every epoch records val_loss and "
              "val_accuracy beside the training values; comparing them shows when the model "
              "starts to overfit.")
PLOT = ("a learning curve has one line per data set (training and test) over epochs 1..n, "
        "a title, axis labels and a legend that says which line is which; returning the "
        "Figure lets the caller save or show it. `kata hint ex5_6` walks through drawing one.")
PLOTS = [("plot_loss", "loss"), ("plot_accuracy", "accuracy")]
# Words that name each metric in a title, an axis label or a legend.
NAMES = {"loss": ("loss", "entropy"), "accuracy": ("acc",)}
TEST_WORDS, TRAINING_WORDS = ("test", "val"), ("train",)

# Four epochs in which the test curves turn away from the training curves.
HISTORY = {"loss": [0.90, 0.50, 0.35, 0.30], "val_loss": [0.80, 0.60, 0.55, 0.60],
           "accuracy": [0.70, 0.85, 0.90, 0.93], "val_accuracy": [0.75, 0.82, 0.85, 0.84]}


def fitted(model, images, labels, test_images, test_labels, epochs=None, batch_size=None):
    """train_with_validation with these arguments (None: left to its defaults), its return
    value checked to be fit's History; and a function that checks, at the end of the test,
    that the History agrees with the model it trained (kata.judge.history_checks)."""
    before = history_checks.before_the_call(model)
    given = {key: value for key, value in (("epochs", epochs), ("batch_size", batch_size))
             if value is not None}
    history = checks.check_history(teacher, FIT, ex5_6.train_with_validation(
        model, images, labels, test_images, test_labels, **given))
    return history, lambda: history_checks.check_agrees(
        teacher, FIT, history, model, before, images, labels, epochs or 10, batch_size or 128)


def figure_from(function, call):
    """The Figure a plotting call returned, checked before anything reads it."""
    figure = call.value
    looks_like = None
    if figure is None:
        looks_like = "a plot that never returns its figure"
    elif type_name(figure) in ("Axes", "AxesSubplot"):
        looks_like = "the Axes returned rather than the Figure that holds them"
    teacher.expect(isinstance(figure, matplotlib.figure.Figure), function,
                   "the matplotlib Figure it drew on",
                   None if figure is None else f"a value of type {type_name(figure)}",
                   PLOT, looks_like=looks_like)
    return figure


@pytest.fixture
def draw():
    """Call a plotting function and return its Figure; close the figures the test opened."""
    before = set(plt.get_fignums())

    def call(function, history):
        return figure_from(function, ex5_6.invoke(function, (history,)))

    yield call
    for number in set(plt.get_fignums()) - before:
        plt.close(number)


def curves(figure):
    return [line for axes in figure.axes for line in axes.get_lines()]


def numbers(values):
    """A line's data as floats, or None when it is not numeric (categories, dates)."""
    try:
        return np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        return None


def plotted_axes(function, figure):
    axes = [a for a in figure.axes if a.get_lines()]
    teacher.expect(len(axes) == 1, function, "both curves on one set of axes",
                   f"{len(axes)} axes with lines", PLOT)
    return axes[0]


@pytest.mark.slow
def test_train_with_validation_records_test_metrics_every_epoch():
    model = models.tiny_classifier()
    train_images, train_labels = models.random_batch(512, seed=1)
    _, test_labels = models.random_batch(128, seed=2)
    # Blank test images: a barely trained model gives them a loss of about ln 10, far from its
    # loss on any part of the random training images, so validation on other data shows.
    test_images = np.zeros((128, 784), dtype=np.float32)
    history, agrees = fitted(model, train_images, train_labels, test_images, test_labels, epochs=3,
                             batch_size=256)
    keys = sorted(history.history)
    teacher.expect({"val_loss", "val_accuracy"} <= set(keys), FIT,
                   "val_loss and val_accuracy in history.history", f"the keys {keys}", VALIDATION,
                   looks_like="validation data missing from fit")
    lengths = {key: len(history.history[key]) for key in keys}
    teacher.expect(set(lengths.values()) == {3}, FIT,
                   "3 values per metric when called with epochs=3", lengths,
                   "train_with_validation fits for the number of epochs it is given.")
    _, steps = checks.epochs_and_steps(history)
    teacher.expect(steps == 2, FIT, "2 steps per epoch for 512 examples in batches of 256",
                   f"{steps} steps", "train_with_validation uses the batch size it is given.")
    loss_now = model.evaluate(test_images, test_labels, verbose=0)[0]
    teacher.expect(abs(history.history["val_loss"][-1] - loss_now) < 1e-3 * max(1.0, loss_now),
                   FIT, f"a final val_loss equal to the test loss {loss_now:.4f}",
                   history.history["val_loss"][-1],
                   VALIDATION + " A validation split holds out part of the training data instead.",
                   looks_like="validation on data other than the test images")
    agrees()


@pytest.mark.slow
def test_train_with_validation_defaults_to_10_epochs_of_batch_128():
    model = models.tiny_classifier()
    images, labels = models.random_batch(256, seed=5)
    history, agrees = fitted(model, images, labels, images[:64], labels[:64])
    found = checks.epochs_and_steps(history)
    teacher.expect(found == (10, 2), FIT,
                   "10 epochs of 2 steps (256 examples, batches of 128) with the defaults",
                   f"{found[0]} epochs of {found[1]} steps",
                   "the lesson retrains for 10 epochs in batches of 128; those are the defaults "
                   "in the README's signature.")
    agrees()


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
                   [list(line.get_ydata())[:6] for line in lines], PLOT)
    for key, line in by_data.items():
        x = numbers(line.get_xdata())
        shown = list(line.get_xdata()) if x is None else list(x)
        teacher.expect(x is not None and same_values(x, [1, 2, 3, 4]), function,
                       f"the {key} line over epochs [1, 2, 3, 4]", shown, PLOT,
                       looks_like="epochs numbered from 0 (the values plotted without x values)"
                       if x is not None and same_values(x, [0, 1, 2, 3]) else None)


@pytest.mark.parametrize("function, metric", PLOTS)
def test_plot_has_a_title_axis_labels_and_a_legend(draw, function, metric):
    figure = draw(function, models.fake_history(HISTORY))
    ax = plotted_axes(function, figure)
    labels = {"title": figures.title_of(figure, ax), "x label": ax.get_xlabel(),
              "y label": ax.get_ylabel()}
    missing = [name for name, text in labels.items() if not text]
    teacher.expect(not missing, function, "a title, an x label and a y label",
                   f"no {', no '.join(missing)}" if missing else labels, PLOT)
    teacher.expect("epoch" in labels["x label"].lower(), function, "an x axis labelled with epochs",
                   labels["x label"], PLOT)
    check_legend(function, metric, figure, ax)


def check_legend(function, metric, figure, ax):
    """The legend names both lines, and each entry's text fits the line it is drawn like:
    what a reader sees, however the labels were given."""
    entries = figures.legend_entries(figures.legend_of(figure, ax))
    teacher.expect(len(entries) == 2, function, "a legend naming both lines",
                   [entry.text for entry in entries] or "no legend", PLOT)
    lines = ax.get_lines()
    for entry in entries:
        matches = figures.lines_drawn_like(lines, entry.style)
        teacher.expect(len(matches) == 1, function,
                       f"the legend entry {entry.text!r} drawn like exactly one of the lines",
                       f"an entry drawn like {len(matches)} of them", PLOT,
                       looks_like="both lines drawn in the same colour and style, so no legend "
                       "can tell them apart" if len(matches) == 2 else None)
        if same_values(matches[0].get_ydata(), HISTORY[f"val_{metric}"]):
            which, other = "test", "training"
        elif same_values(matches[0].get_ydata(), HISTORY[metric]):
            which, other = "training", "test"
        else:  # a line of other data: the curve test reports it
            continue
        says = data_set_named(entry.text)
        teacher.expect(says == which, function,
                       f"the legend entry for the {which} line to say {which}",
                       f"the entry {entry.text!r}", PLOT,
                       looks_like="the two labels swapped: each legend text sits beside the "
                       "other line" if says == other else None)


def data_set_named(text: str):
    """'test', 'training', or None when a legend text names neither (or both)."""
    text = text.lower()
    test, training = any(w in text for w in TEST_WORDS), any(w in text for w in TRAINING_WORDS)
    return "test" if test and not training else "training" if training and not test else None


@pytest.mark.parametrize("function, metric", PLOTS)
def test_plot_title_and_labels_name_its_metric(draw, function, metric):
    figure = draw(function, models.fake_history(HISTORY))
    ax = plotted_axes(function, figure)
    other = "accuracy" if metric == "loss" else "loss"
    shown = {"title": figures.title_of(figure, ax), "y label": ax.get_ylabel()}
    shown.update({f"legend entry {i + 1}": entry.text for i, entry in
                  enumerate(figures.legend_entries(figures.legend_of(figure, ax)))})
    wrong = {place: text for place, text in shown.items()
             if any(word in text.lower() for word in NAMES[other])}
    teacher.expect(not wrong, function, f"a plot of {metric} that nowhere says {other}", wrong,
                   f"{function} draws history.history['{metric}']; a title, axis or legend "
                   f"that says {other} tells the reader it is the other plot.",
                   looks_like=f"the texts of the {other} plot on the {metric} plot")
    named = [place for place in ("title", "y label")
             if any(word in shown[place].lower() for word in NAMES[metric])]
    teacher.expect(bool(named), function, f"the title or the y label naming the {metric}",
                   {place: shown[place] for place in ("title", "y label")},
                   "a reader should see at a glance which quantity the y axis shows.")


@pytest.mark.parametrize("function, metric", PLOTS)
def test_plot_leaves_no_figure_open_but_its_own(function, metric):
    before = set(plt.get_fignums())
    call = ex5_6.invoke(function, (models.fake_history(HISTORY),))
    for number in set(plt.get_fignums()) - before:  # tidy up (pyplot is shared in-process)
        plt.close(number)
    teacher.expect(call.leaked_figures == 0, function, "no open figure besides the one it returns",
                   f"{call.leaked_figures} more figure(s) left open",
                   "pyplot keeps every figure it creates until it is closed; a plotting "
                   "function that opens more than the one it returns leaks memory in a long "
                   "session.")


def test_plots_drawn_one_after_another_each_show_their_own_curves():
    """As in the lesson's notebook: plot_loss, then plot_accuracy, in one process, with
    pyplot's state kept from the first call to the second."""
    history = models.fake_history(HISTORY)
    drawn = [(function, metric, figure_from(function, ex5_6.invoke(
        function, (history,), keep_figures=function != PLOTS[-1][0]))) for function, metric in PLOTS]
    for function, metric, figure in drawn:
        own = [HISTORY[metric], HISTORY[f"val_{metric}"]]
        found = [list(line.get_ydata()) for line in curves(figure)]
        foreign = [data for data in found if not any(same_values(data, values) for values in own)]
        texts = [entry.text for axes in figure.axes
                 for entry in figures.legend_entries(figures.legend_of(figure, axes))]
        teacher.expect(len(found) == 2 and not foreign and len(set(texts)) <= 2, function,
                       f"a figure of its own, with the two {metric} curves only, when plot_loss "
                       f"and plot_accuracy are called one after the other as in the lesson",
                       verbatim(f"{len(found)} lines (legend: {texts})"), PLOT + " Each plot needs a new "
                       "figure of its own (plt.subplots() or plt.figure()): plt.gcf() and "
                       "plt.gca() return the figure and axes drawn last, so the second plot lands "
                       "on the first one's axes, with a legend that mixes both.",
                       looks_like="drawing on pyplot's current figure (plt.gcf() / plt.gca() / "
                       "plt.plot) instead of a new one" if foreign else None)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_plots_of_a_real_training_run(draw, keep_plots):
    # Fail fast, on a stub or a wrong return value, before the real run.
    draw("plot_loss", models.fake_history(HISTORY))
    images, labels = models.random_batch(64, seed=6)
    _, agrees = fitted(models.tiny_classifier(), images, labels, images, labels, epochs=1)
    agrees()
    if keep_plots:  # the lesson's run: the ex5_4 network, 10 epochs on all of MNIST
        def run():
            mnist = prepared_mnist()
            model = training.build_seeded(ex5_4.build_model, training.seed())
            return ex5_6.train_with_validation(model, mnist.x_train, mnist.y_train,
                                               mnist.x_test, mnist.y_test)
        history = shared("ex5_6 lesson run", run)
    else:  # a quick real run: the tests' small model on part of MNIST
        history = lesson_runs.ex5_6_quick_run()
    checks.check_history(teacher, FIT, history)
    for function, metric in PLOTS:
        teacher.expect(len(history.history.get(f"val_{metric}", [])) > 0, FIT,
                       f"val_{metric} in the History", sorted(history.history), VALIDATION)
        figure = draw(function, history)
        drawn = sorted(len(line.get_xdata()) for line in curves(figure))
        epochs = len(history.history[metric])
        teacher.expect(drawn == [epochs, epochs], function,
                       f"two lines of {epochs} points for a {epochs}-epoch run", drawn, PLOT)
        if keep_plots:
            figure.savefig(keep_plots / f"ex5_6_{metric}.png", dpi=100)
