"""``kata compare``: a submission's model and the reference's, trained side by side.

Both models are built right after the same seed and trained the same way
(``model.fit`` on prepared MNIST, batch 128, the test images as validation
data), so whatever differs comes from the model itself: its layers, its
initial weights, its compile settings.

Each side runs in its own process (``python -m kata.tools.compare TREE EXERCISE``):
two solution trees use the same module names, so they cannot share one, and
a fresh process also gives each training run the same conditions.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from kata import catalog
from kata.tools.runner import REPO_ROOT


@dataclass(frozen=True)
class Builder:
    function: str  # the exercise function that returns a compiled model
    epochs: int  # what the exercise's tests train it for
    lesson_epochs: int  # what the lesson trains it for
    penalty: bool = False  # the model's training loss includes a weight penalty


BUILDERS = {
    "ex5_4": Builder("build_model", catalog.get("ex5_4").epochs, 5),
    "ex5_7": Builder("add_regularization", catalog.get("ex5_7").epochs, 80, penalty=True),
    "ex5_8": Builder("build_batchnorm_model", catalog.get("ex5_8").epochs, 80),
}
FULL_TRAINING_SET = 60_000


def short_run_note(exercise: str, epochs: int, train_size: Optional[int]) -> str:
    """What a run shorter than the lesson's can show and what it cannot ("" for a full one)."""
    builder = BUILDERS[exercise]
    short = []
    if epochs < builder.lesson_epochs:
        short.append(f"{epochs} epoch{'s' if epochs != 1 else ''} of the lesson's {builder.lesson_epochs}")
    if train_size and train_size < FULL_TRAINING_SET:
        short.append(f"{train_size:,} of the {FULL_TRAINING_SET:,} training images")
    if not short:
        return ""
    note = (f"Note: a short run ({' and '.join(short)}). It shows whether the two models are built, "
            f"compiled and start learning alike; it cannot tell which one ends up better.")
    if builder.penalty:
        note += (" A short run favours a weak penalty: a strong L2 penalty holds the weights back "
                 "from the start and pays off only over many epochs, so a model with too small a "
                 "penalty (or none) can lead here and still be wrong. The lesson's comparison: "
                 f"pytest exercises/{exercise} --full.")
    return note


# Keras's losses by their normalised names (keras_compat.loss_name), as people write them.
READABLE_LOSSES = {
    "categoricalcrossentropy": "categorical cross-entropy",
    "sparsecategoricalcrossentropy": "sparse categorical cross-entropy",
    "binarycrossentropy": "binary cross-entropy",
    "meansquarederror": "mean squared error",
    "mse": "mean squared error",
    "meanabsoluteerror": "mean absolute error",
    "mae": "mean absolute error",
    "kldivergence": "KL divergence",
    "kld": "KL divergence",
    "hinge": "hinge",
    "categoricalhinge": "categorical hinge",
    "huber": "Huber",
    "poisson": "Poisson",
}


def readable_loss(normalised: str) -> str:
    """'categoricalcrossentropy' -> 'categorical cross-entropy'; unknown names as they are."""
    return READABLE_LOSSES.get(normalised, normalised)


class SideFailed(Exception):
    """One side could not be built or trained; the message says why, on one line or a few."""


# --- one side: one tree, one process ------------------------------------------------------

def describe(layer) -> str:
    from kata import keras_compat

    kind = type(layer).__name__
    if kind == "Dense":
        text = f"Dense({layer.units}, {keras_compat.activation_name(layer.activation)}"
        l1, l2 = keras_compat.regularizer_penalties(layer.kernel_regularizer)
        text += f", L2 {l2:.3g}" if l2 else ""
        text += f", L1 {l1:.3g}" if l1 else ""
        return text + ")"
    if kind == "BatchNormalization":
        return f"BatchNormalization(momentum={float(layer.momentum):.4g})"
    if kind == "Dropout":
        return f"Dropout({float(layer.rate):.3g})"
    return kind


def measure(tree: Path, exercise: catalog.Exercise, epochs: int, seed: int,
            train_size: Optional[int]) -> dict:
    """Build (in the tree's sandboxed worker), train and score one side; everything the
    report needs, as plain JSON. Whatever goes wrong on the learner's side (a stub, an
    exception, something that is not a model) becomes a SideFailed."""
    import pytest

    from kata import data, keras_compat, quiet
    from kata.judge import learner, training
    from kata.worker import client

    quiet.environment()
    function = BUILDERS[exercise.name].function
    try:
        with learner.session(tree):
            trained = training.run_with_validation(getattr(learner.LearnerModule(exercise.name), function),
                                                   epochs, seed, train_size)
    except client.LearnerError as error:
        if error.type_name == "NotImplementedError":
            hint = f" Hint: {error}" if str(error) else ""
            raise SideFailed(f"{exercise.name} `{function}`: not implemented yet.{hint}") from None
        raise SideFailed(f"{exercise.name} `{function}` raised {error.type_name}: {error}") from None
    except training.NotAModel as error:
        raise SideFailed(f"{exercise.name} `{function}` returned {error}, not a Keras model") from None
    except (client.LearnerTimeout, client.WorkerDied, pytest.fail.Exception) as error:
        raise SideFailed(str(error)) from None
    except Exception as error:
        raise SideFailed(f"{exercise.name}: training the model failed with "
                         f"{type(error).__name__}: {str(error).strip().splitlines()[0]}") from None
    model, mnist = trained.model, data.prepared_mnist()
    return {
        "name": model.name,
        "layers": [describe(layer) for layer in model.layers if type(layer).__name__ != "InputLayer"],
        "parameters": int(model.count_params()),
        "optimizer": type(model.optimizer).__name__,
        "loss": readable_loss(keras_compat.loss_name(model)),
        "history": {key: [float(v) for v in values] for key, values in trained.history.history.items()},
        "seconds": trained.seconds,
        "test_loss": keras_compat.evaluate_loss(model, mnist.x_test, mnist.y_test),
        "test_accuracy": training.test_accuracy(model),
    }


def side_main(argv: List[str]) -> int:
    from kata import data

    parser = argparse.ArgumentParser(prog="python -m kata.tools.compare")
    parser.add_argument("tree", type=Path)
    parser.add_argument("exercise")
    parser.add_argument("--epochs", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--train-size", type=int)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        result = measure(args.tree, catalog.get(args.exercise), args.epochs, args.seed, args.train_size)
    except (SideFailed, data.MnistUnavailable) as error:
        result = {"error": str(error)}
    args.out.write_text(json.dumps(result))
    return 0


# --- the report: two sides, a table and a picture -----------------------------------------

def run_side(tree: Path, exercise: catalog.Exercise, epochs: int, seed: int,
             train_size: Optional[int]) -> dict:
    from kata import quiet

    with tempfile.TemporaryDirectory(prefix="kata-compare-") as scratch:
        out = Path(scratch) / "side.json"
        command = [sys.executable, "-m", "kata.tools.compare", str(tree), exercise.name,
                   "--epochs", str(epochs), "--seed", str(seed), "--out", str(out)]
        if train_size:
            command += ["--train-size", str(train_size)]
        env = {**os.environ, "MPLBACKEND": "Agg"}
        process = subprocess.run(command, cwd=REPO_ROOT, env=env,
                                 capture_output=True, text=True)
        if not out.exists():
            tail = quiet.strip_native_logs(process.stderr).strip().splitlines()[-1:] or ["no output"]
            raise SideFailed(f"{exercise.name}: the run on {tree} stopped: {tail[0]}")
        result = json.loads(out.read_text())
    if "error" in result:
        raise SideFailed(result["error"])
    return result


def table(left: dict, right: dict, headings) -> List[str]:
    def cell(value) -> List[str]:
        return value if isinstance(value, list) else [value]

    rows = [
        ("model name", left["name"], right["name"]),
        ("layers", left["layers"], right["layers"]),
        ("parameters", f"{left['parameters']:,}", f"{right['parameters']:,}"),
        ("optimizer", left["optimizer"], right["optimizer"]),
        ("loss", left["loss"], right["loss"]),
        ("training time", f"{left['seconds']:.1f} s", f"{right['seconds']:.1f} s"),
        ("final training loss", f"{left['history']['loss'][-1]:.4f}", f"{right['history']['loss'][-1]:.4f}"),
        ("test loss", f"{left['test_loss']:.4f}", f"{right['test_loss']:.4f}"),
        ("test accuracy", f"{left['test_accuracy']:.4f}", f"{right['test_accuracy']:.4f}"),
    ]
    width = max(34, *(len(text) for _, value, _ in rows for text in cell(value)))
    lines = [f"{'':<20}  {headings[0]:<{width}}  {headings[1]}"]
    for label, mine, theirs in rows:
        mine, theirs = cell(mine), cell(theirs)
        for index in range(max(len(mine), len(theirs))):
            a = mine[index] if index < len(mine) else ""
            b = theirs[index] if index < len(theirs) else ""
            flag = "" if a == b or label in ("training time",) or label.startswith(("test", "final")) \
                else "   <- differs"
            lines.append(f"{label if index == 0 else '':<20}  {a:<{width}}  {b}{flag}")
    return lines


def figure_of(left: dict, right: dict, headings, title: str, penalty: bool = False):
    """Loss and accuracy of both sides, by epoch. The loss is on a log scale: a penalty
    included in one side's training loss (ex5_7's L2) can make it many times the other's,
    and on a linear scale the smaller curve would be a flat line at the bottom."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    figure, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    for axis, metric in zip(axes, ("loss", "accuracy")):
        for side, heading, colour, marker in ((left, headings[0], "tab:blue", "o"),
                                              (right, headings[1], "tab:orange", "x")):
            history = side["history"]
            epochs = range(1, len(history[metric]) + 1)
            axis.plot(epochs, history[metric], color=colour, marker=marker, label=f"{heading}: training")
            if f"val_{metric}" in history:
                axis.plot(epochs, history[f"val_{metric}"], color=colour, marker=marker, linestyle="--",
                          label=f"{heading}: test")
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        axis.set_title(metric)
        axis.set_xlabel("epoch")
        axis.set_ylabel(metric)
        axis.legend()
    axes[0].set_yscale("log")
    axes[0].set_title("loss (log scale" + ("; training loss includes the L2 penalty, test loss does not)"
                                           if penalty else ")"))
    axes[0].set_ylabel("loss")
    figure.suptitle(title)
    figure.tight_layout()
    return figure


def plot(left: dict, right: dict, headings, title: str, path: Path, penalty: bool = False) -> Path:
    import matplotlib.pyplot as plt

    figure = figure_of(left, right, headings, title, penalty)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    plt.close(figure)
    return path


if __name__ == "__main__":
    sys.exit(side_main(sys.argv[1:]))
