"""Pictures of training runs: ex5_6's learning curves, ex5_7's and ex5_8's curves and
weights beside the unregularized model's, what batch normalization does to the values
it receives, and bonus_depth's study (judge side). Every run is the tests' own
(``kata.judge.lesson_runs``), so the cache spares training it again."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import MaxNLocator

from kata.judge import lesson_runs
from kata.pictures.style import Picture, colour, figure

DEPTH_BUDGET = 50_000  # the budget exercises/bonus_depth/test_depth.py studies (BUDGET)


def curves(axes, history: dict, label: str, index: int) -> None:
    """Training (solid) and test (dashed) loss and accuracy of one run, on two axes."""
    for axis, metric in zip(axes, ("loss", "accuracy")):
        for key, style, part in ((metric, "-", "training"), (f"val_{metric}", "--", "test")):
            values = history.get(key)
            if values:
                axis.plot(range(1, len(values) + 1), values, style, color=colour(index), marker="o",
                          label=f"{label}: {part}")
        axis.set_xlabel("epoch")
        axis.set_ylabel(metric)
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        axis.legend(fontsize="x-small")
    axes[0].set_yscale("log")  # a penalty-laden loss and a plain one both stay readable
    axes[0].set_ylabel("loss (log scale)")


def ex5_6_curves() -> Picture:
    history = {k: [float(v) for v in vs] for k, vs in lesson_runs.ex5_6_quick_run().history.items()}
    made, axes = figure(1, 2, height=3.8)
    curves(axes[0], history, "train_with_validation", 0)
    best = int(np.argmin(history["val_loss"]))
    for axis, metric in zip(axes[0], ("loss", "accuracy")):
        axis.axvline(best + 1, color="grey", linestyle=":", label=f"lowest test loss (epoch {best + 1})")
        axis.legend(fontsize="x-small")
    gap = history["accuracy"][-1] - history["val_accuracy"][-1]
    axes[0, 1].annotate(f"gap {gap:+.3f}", (len(history["accuracy"]), history["val_accuracy"][-1]),
                        textcoords="offset points", xytext=(-60, -20), arrowprops={"arrowstyle": "->"})
    made.suptitle("ex5_6: learning curves of the tests' quick run (small model, 6,000 images, 4 epochs)")
    return Picture("ex5_6-curves", made)


def beside_baseline(exercise: str) -> Picture:
    mine, plain = lesson_runs.regularized(exercise), lesson_runs.unregularized()
    made, axes = figure(1, 2, height=4.0)
    curves(axes[0], plain.history.history, "ex5_4's model, no penalty", 1)
    curves(axes[0], mine.history.history, f"your {exercise} model", 0)
    made.suptitle(f"{exercise}: your model's curves beside the unregularized model's (dashed: test, "
                  "solid: training)\nboth of your model's losses include the L2 penalty, so compare the "
                  "accuracies, or the gap between your own two curves")
    return Picture(f"{exercise}-curves", made)


def first_kernel(model) -> np.ndarray:
    kernels = [w for w in model.get_weights() if np.ndim(w) == 2 and np.shape(w)[0] == 784]
    if not kernels:
        raise ValueError("the model has no layer that takes the 784 pixels")
    return np.asarray(kernels[0], dtype=float).reshape(-1)


def weights_beside_baseline(exercise: str) -> Picture:
    mine, plain = lesson_runs.regularized(exercise), lesson_runs.unregularized()
    made, axes = figure(1, 1, height=3.6, width=7.0)
    axis = axes[0, 0]
    kernels = [(first_kernel(plain.model), "ex5_4's model, no penalty"),
               (first_kernel(mine.model), f"your {exercise} model")]
    widest = max(float(np.max(np.abs(values))) for values, _ in kernels) or 1.0
    for index, (values, label) in enumerate(kernels):
        axis.hist(values, bins=101, range=(-widest, widest), histtype="step", linewidth=2,
                  color=colour(1 - index), label=f"{label} (spread {values.std():.4f})")
    axis.set_yscale("log")
    axis.set_xlabel("weight of the first layer")
    axis.set_ylabel("weights (log scale)")
    axis.set_title(f"{exercise}: the L2 penalty pulls the first layer's weights towards zero")
    axis.legend(fontsize="small")
    return Picture(f"{exercise}-weights", made)


def ex5_7_curves() -> Picture:
    return beside_baseline("ex5_7")


def ex5_7_weights() -> Picture:
    return weights_beside_baseline("ex5_7")


def ex5_8_curves() -> Picture:
    return beside_baseline("ex5_8")


def ex5_8_weights() -> Picture:
    return weights_beside_baseline("ex5_8")


def ex5_8_preactivations() -> Picture:
    """The values the first BatchNormalization layer receives and what it passes on, for
    1,000 test images, through the trained model's own layers (inference mode)."""
    from kata import data

    model = lesson_runs.regularized("ex5_8").model
    values = data.prepared_mnist().x_test[:1000]
    for layer in model.layers:
        if type(layer).__name__ == "BatchNormalization":
            before, after = np.asarray(values), np.asarray(layer(values, training=False))
            break
        values = layer(values)
    else:
        raise ValueError("the model has no BatchNormalization layer")
    made, axes = figure(1, 2, height=3.6)
    for axis, found, title in ((axes[0, 0], before, "what batch normalization receives"),
                               (axes[0, 1], after, "what it passes on")):
        axis.hist(np.asarray(found, dtype=float).reshape(-1), bins=80, color=colour(0))
        axis.set_yscale("log")
        axis.set_xlabel("value")
        axis.set_ylabel("values (log scale)")
        axis.set_title(f"{title}\nmean {float(np.mean(found)):.3f}, spread {float(np.std(found)):.3f}",
                       fontsize="medium")
    made.suptitle("ex5_8: one layer's values for 1,000 test images, before and after batch normalization")
    return Picture("ex5_8-normalized", made)


def depth_study() -> Picture:
    from kata.judge import training

    found = lesson_runs.depth_study(DEPTH_BUDGET, seed=training.seed())
    depths = sorted(int(d) for d in found)
    accuracies = [float(found[d]) for d in sorted(found, key=int)]
    made, axes = figure(1, 1, height=3.6, width=6.0)
    axis = axes[0, 0]
    bars = axis.bar([str(d) for d in depths], accuracies, color=[colour(i) for i in range(len(depths))])
    axis.bar_label(bars, fmt="%.4f")
    axis.set_ylim(min(accuracies) - 0.05, 1.0)
    axis.set_xlabel("hidden layers (each as wide as the budget allows)")
    axis.set_ylabel("test accuracy")
    axis.set_title(f"bonus_depth: compare_depths({DEPTH_BUDGET:,})\nthe same number of parameters, "
                   "spent on depth or on width", fontsize="medium")
    return Picture("bonus_depth-study", made)
