"""The bonus exercises' functions drawn: activations and losses beside their slopes,
gradient descent's loss step by step, a confusion matrix with precision and recall
(judge side). Slopes are the judge's finite differences of the learner's values."""

from __future__ import annotations

import numpy as np

from kata.judge.learner import LearnerModule
from kata.pictures.style import SEQUENTIAL, Picture, colour, figure

POINTS = 61


def value_and_slope(axes, xs, values, label: str, index: int) -> None:
    values = np.asarray(values, dtype=float)
    axes[0].plot(xs, values, color=colour(index), linestyle=("-", "--", "-.", ":")[index % 4], label=label)
    axes[1].plot(xs, np.gradient(values, xs), color=colour(index), linestyle=("-", "--", "-.", ":")[index % 4],
                 label=label)


def label_pair(axes, variable: str, quantity: str) -> None:
    for axis, title in zip(axes, (quantity, f"its slope d/d{variable}")):
        axis.set_title(title)
        axis.set_xlabel(variable)
        axis.axhline(0.0, color="grey", linewidth=0.5)
        axis.legend(fontsize="small")


def activations() -> Picture:
    module = LearnerModule("bonus_activations")
    zs = np.linspace(-6.0, 6.0, POINTS)
    curves = {
        "relu": module.relu(zs.copy()),
        "leaky_relu (alpha 0.1)": module.leaky_relu(zs.copy(), 0.1),
        "sigmoid": module.sigmoid(zs.copy()),
        # softmax over (z, 0): its first share, which is sigmoid(z) again
        "softmax([z, 0])[0]": [np.asarray(module.softmax(np.array([z, 0.0])), dtype=float)[0] for z in zs[::3]],
    }
    made, axes = figure(1, 2, height=3.8)
    for index, (label, values) in enumerate(curves.items()):
        xs = zs[::3] if label.startswith("softmax") else zs
        value_and_slope(axes[0], xs, values, label, index)
    label_pair(axes[0], "z", "activation")
    made.suptitle("bonus_activations: ReLU's slope is 1 for every positive input, a sigmoid's fades at both ends")
    return Picture("bonus_activations-functions", made)


def losses() -> Picture:
    module = LearnerModule("bonus_losses")
    qs = np.linspace(0.02, 0.98, 49)
    p = np.array([0.7, 0.3])
    curves = {
        "entropy of (q, 1 - q)": [module.entropy(np.array([q, 1 - q])) for q in qs],
        "cross-entropy of (0.7, 0.3) and (q, 1 - q)": [module.cross_entropy(p.copy(), np.array([q, 1 - q]))
                                                       for q in qs],
        "KL divergence of (0.7, 0.3) from (q, 1 - q)": [module.kl_divergence(p.copy(), np.array([q, 1 - q]))
                                                        for q in qs],
    }
    made, axes = figure(1, 2, height=3.8)
    for index, (label, values) in enumerate(curves.items()):
        value_and_slope(axes[0], qs, values, label, index)
    label_pair(axes[0], "q", "nats")
    axes[0, 0].axvline(0.7, color="grey", linestyle=":", linewidth=1)
    made.suptitle("bonus_losses: cross-entropy = entropy + KL; KL is 0 only where q = p (0.7)")
    return Picture("bonus_losses-functions", made)


def backprop_descent() -> Picture:
    module = LearnerModule("bonus_backprop")
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, size=(32, 2))
    y = X[:, 0] - X[:, 1]
    made, axes = figure(1, 1, height=4.0, width=7.0)
    axis = axes[0, 0]
    for seed in range(5):
        _, _, recorded = module.fit(X.copy(), y.copy(), 0.01, 200, seed)
        recorded = np.maximum(np.asarray(recorded, dtype=float).reshape(-1), 1e-12)
        axis.plot(np.arange(len(recorded)), recorded, color=colour(seed),
                  linestyle=("-", "--", "-.", ":", "-")[seed], label=f"seed {seed}")
    axis.set_yscale("log")
    axis.set_xlabel("step")
    axis.set_ylabel("J before the step (log scale)")
    axis.set_title("bonus_backprop: fit(X, y, 0.01, 200, seed) on 32 points of y = x1 - x2")
    axis.legend(fontsize="small")
    return Picture("bonus_backprop-descent", made)


def metrics_confusion() -> Picture:
    """A made-up classifier (right about 80 % of the time, seeded) scored by the learner's
    functions: the matrix, and precision and recall per class beside it."""
    module = LearnerModule("bonus_metrics")
    rng = np.random.default_rng(0)
    truth = rng.integers(0, 10, size=2000)
    guess = np.where(rng.random(2000) < 0.8, truth, rng.integers(0, 10, size=2000))
    cm = np.asarray(module.confusion_matrix(truth.copy(), guess.copy(), 10), dtype=float).reshape(10, 10)
    precision = np.asarray(module.precision(cm.copy()), dtype=float).reshape(-1)
    recall = np.asarray(module.recall(cm.copy()), dtype=float).reshape(-1)
    made, axes = figure(1, 2, height=4.4)
    image = axes[0, 0].imshow(cm, cmap=SEQUENTIAL)
    axes[0, 0].set_xlabel("predicted class")
    axes[0, 0].set_ylabel("true class")
    axes[0, 0].set_title("confusion_matrix(y_true, y_pred)")
    axes[0, 0].set_xticks(range(10))
    axes[0, 0].set_yticks(range(10))
    made.colorbar(image, ax=axes[0, 0], label="count", shrink=0.85)
    classes = np.arange(len(precision))
    axes[0, 1].bar(classes - 0.2, precision, width=0.4, color=colour(0), label="precision (column)")
    axes[0, 1].bar(classes[:len(recall)] + 0.2, recall, width=0.4, color=colour(1), hatch="//",
                   label="recall (row)")
    axes[0, 1].set_ylim(0, 1)
    axes[0, 1].set_xticks(classes)
    axes[0, 1].set_xlabel("class")
    axes[0, 1].set_title("precision and recall per class")
    axes[0, 1].legend(fontsize="small", loc="lower right")
    made.suptitle("bonus_metrics: 2,000 made-up predictions, right about 80 % of the time")
    return Picture("bonus_metrics-confusion", made)
