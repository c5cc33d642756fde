"""kata.pictures: each exercise's pictures hold what they claim, drawn from the reference,
and a stub gives no picture and no error (kata/pictures/, kata show, kata.show)."""

from __future__ import annotations

import contextlib
import subprocess
import sys

import numpy as np
import pytest

from kata import catalog, pictures
from kata.judge import learner, lesson_runs
from kata.tools.runner import REPO_ROOT

NUMPY = [e.name for e in catalog.EXERCISES if not e.uses_tensorflow]
KERAS = [e.name for e in catalog.EXERCISES if e.uses_tensorflow]


@contextlib.contextmanager
def drawing_from(tree):
    """Workers for ``tree`` for the length of the block: the session's own when it tests
    that tree (so that the models its tests trained are drawn, not trained again), else
    new ones, with the session's back after the block."""
    tree, previous = tree.resolve(), learner.current()
    if previous is not None and previous.settings.tree == tree:
        yield
        return
    try:
        with learner.session(tree, 600):
            yield
    finally:
        learner.use(previous)


def drawn_from_reference(exercise: str) -> dict:
    """The reference's pictures by name; every one of them drawn."""
    with drawing_from(REPO_ROOT / "reference"):
        found = pictures.draw(exercise)
    assert not found.missing, f"{exercise}: not drawn from the reference: {found.missing}"
    return {picture.name: picture.figure for picture in found.pictures}


def readable(figure) -> None:
    """Every axes with data says what it shows: a title, and labels where it has ticks."""
    for axis in figure.axes:
        if axis.get_label() == "<colorbar>" or not (axis.lines or axis.images or axis.patches
                                                     or axis.collections):
            continue
        assert axis.get_title() or figure.get_suptitle(), f"an axes without a title in {figure}"
        if len(axis.get_xticks()):  # an axis with a scale says what it measures
            assert axis.get_xlabel(), f"{axis.get_title()!r}: no x-axis label"


@pytest.mark.tooling
@pytest.mark.timeout(120)
def test_ex5_1_draws_the_networks_output_beside_x1_minus_x2():
    figure = drawn_from_reference("ex5_1")["ex5_1-output"]
    readable(figure)
    network, target = (axis.images[0].get_array() for axis in figure.axes[:2])
    assert np.allclose(network, target), "the reference computes x1 - x2 everywhere"
    xs = np.linspace(-2, 2, network.shape[0])
    assert np.allclose(target, xs[None, :] - xs[:, None])
    assert len(figure.axes[0].collections[0].get_offsets()) == 8  # the eight test pairs


@pytest.mark.tooling
@pytest.mark.timeout(120)
def test_ex5_2_draws_xor_and_the_hidden_units_lines():
    figure = drawn_from_reference("ex5_2")["ex5_2-xor"]
    readable(figure)
    axis = figure.axes[0]
    values = axis.images[0].get_array()
    xs = np.linspace(-0.5, 1.5, values.shape[0])
    corner = {(x1, x2): values[np.argmin(abs(xs - x2)), np.argmin(abs(xs - x1))]
              for x1 in (0, 1) for x2 in (0, 1)}
    assert corner == {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 0}
    assert len([line for line in axis.lines if line.get_label().startswith("hidden unit")]) == 2


@pytest.mark.tooling
@pytest.mark.timeout(120)
def test_ex5_3_draws_the_digits_back_from_the_flattened_rows():
    from kata import data

    drawn = drawn_from_reference("ex5_3")
    raw = data.load_mnist()
    shown = [axis for axis in drawn["ex5_3-digits"].axes if axis.images]
    for index, axis in enumerate(shown):
        assert np.allclose(axis.images[0].get_array(), raw.x_train[index] / 255.0)
        assert f"label {raw.y_train[index]}" in axis.get_title()
    before, after = drawn["ex5_3-pixels"].axes
    assert max(p.get_x() + p.get_width() for p in before.patches) == pytest.approx(255, abs=1)
    assert max(p.get_x() + p.get_width() for p in after.patches) == pytest.approx(1, abs=0.01)


@pytest.mark.tooling
@pytest.mark.timeout(120)
@pytest.mark.parametrize("exercise, name, check", [
    ("bonus_activations", "bonus_activations-functions",
     lambda f: np.allclose(f.axes[0].lines[0].get_ydata(), np.maximum(0, f.axes[0].lines[0].get_xdata()))),
    ("bonus_losses", "bonus_losses-functions",  # KL of p from q is zero where q = p = 0.7
     lambda f: abs(np.interp(0.7, f.axes[0].lines[2].get_xdata(), f.axes[0].lines[2].get_ydata())) < 1e-3),
    ("bonus_backprop", "bonus_backprop-descent",
     lambda f: len(f.axes[0].lines) == 5 and f.axes[0].get_yscale() == "log"),
    ("bonus_metrics", "bonus_metrics-confusion",
     lambda f: f.axes[0].images[0].get_array().sum() == 2000),
    ("bonus_perceptron", "bonus_perceptron-lines",
     lambda f: [a.get_title().split()[0] for a in f.axes] == ["AND:", "OR:", "XOR:"]
     and f.axes[0].get_title().endswith(" 0 0") and not f.axes[2].get_title().endswith(" 0 0")),
])
def test_bonus_pictures_hold_the_learners_values(exercise, name, check):
    figure = drawn_from_reference(exercise)[name]
    readable(figure)
    assert check(figure), f"{name} does not show what the reference returns"


@pytest.mark.tooling
@pytest.mark.timeout(300)
def test_stubs_give_no_picture_and_say_why():
    with drawing_from(REPO_ROOT / "exercises"):
        for exercise in catalog.EXERCISES:
            found = pictures.draw(exercise.name)
            assert not found.pictures, f"{exercise.name}: a picture drawn from a stub"
            assert found.missing and all("not implemented yet" in line for line in found.missing), \
                f"{exercise.name}: {found.missing}"


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_ex5_4_shows_digits_its_model_really_gets_wrong():
    from kata import data

    drawn = drawn_from_reference("ex5_4")
    model = lesson_runs.ex5_4_trained().model
    mnist, raw = data.prepared_mnist(), data.load_mnist()
    guess = np.argmax(model.predict(mnist.x_test, batch_size=1000, verbose=0), axis=1)
    wrong = {raw.x_test[i].tobytes(): (raw.y_test[i], guess[i]) for i in np.flatnonzero(guess != raw.y_test)}
    shown = [axis for axis in drawn["ex5_4-mistakes"].axes if axis.images]
    assert shown
    for axis in shown:
        truth, said = wrong[np.asarray(axis.images[0].get_array()).astype(np.uint8).tobytes()]
        assert axis.get_title().startswith(f"true {truth}, said {said}")
    confusion = drawn["ex5_4-confusion"].axes[0]
    assert np.nansum(confusion.images[0].get_array()) == len(wrong)
    assert len([a for a in drawn["ex5_4-first-layer"].axes if a.images]) == 16


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.parametrize("exercise", ["ex5_6", "ex5_7", "ex5_8", "bonus_depth"])
def test_training_pictures_draw_the_tests_own_runs(exercise, monkeypatch):
    # The baseline beside ex5_7 and ex5_8 would train ex5_4's model once more; any trained
    # model stands in for it here.
    monkeypatch.setattr(lesson_runs, "unregularized", lesson_runs.ex5_4_trained)
    drawn = drawn_from_reference(exercise)
    for figure in drawn.values():
        readable(figure)
    if exercise == "ex5_6":
        history = lesson_runs.ex5_6_quick_run().history
        plotted = [list(line.get_ydata()) for line in drawn["ex5_6-curves"].axes[1].lines
                   if "accuracy" not in line.get_label() and line.get_label().endswith("test")]
        assert plotted == [list(history["val_accuracy"])] or plotted == [[float(v) for v in
                                                                           history["val_accuracy"]]]
    elif exercise in ("ex5_7", "ex5_8"):
        run = lesson_runs.regularized(exercise)
        mine = [line for line in drawn[f"{exercise}-curves"].axes[1].lines
                if line.get_label() == f"your {exercise} model: test"]
        assert np.allclose(mine[0].get_ydata(), run.history.history["val_accuracy"])
    if exercise == "ex5_8":
        before, after = drawn["ex5_8-normalized"].axes
        assert "spread" in after.get_title()


@pytest.mark.tooling
@pytest.mark.timeout(180)
def test_kata_show_writes_png_files_and_names_them(tmp_path):
    done = subprocess.run([sys.executable, "-m", "kata", "show", "ex5_2", "--solutions", "reference",
                           "--out", str(tmp_path)], cwd=REPO_ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "ex5_2-xor.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "ex5_2-xor.png" in done.stdout


@pytest.mark.tooling
@pytest.mark.timeout(180)
def test_notebook_shows_the_cells_pictures_inline(tmp_path):
    from kata.notebook.pictures import show

    view = show("ex5_1", cell=(REPO_ROOT / "reference" / "ex5_1" / "forward.py").read_text(), out=tmp_path)
    assert view.files and "data:image/png;base64," in view._repr_html_()
    stub = show("ex5_1", out=tmp_path / "stub")
    assert not stub.files and "not implemented yet" in repr(stub)
