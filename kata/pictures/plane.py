"""The hand-made networks on the input plane: ex5_1's output, ex5_2's XOR square and
the perceptron's line, each from the learner's own functions (judge side)."""

from __future__ import annotations

import numpy as np

from kata.judge.learner import LearnerModule
from kata.pictures.style import DIVERGING, SEQUENTIAL, Picture, colour, figure

GRID = 17  # points per side, steps of 1/4 and 1/8 (0 and 1 on the grid): 289 calls of predict, about 1.5 s


def over_plane(predict, low: float, high: float) -> tuple:
    """predict((x1, x2)) at each point of a GRID x GRID grid, as (xs, values[x2, x1])."""
    xs = np.linspace(low, high, GRID)
    values = np.array([[float(np.asarray(predict((x1, x2)), dtype=float).reshape(-1)[0]) for x1 in xs]
                       for x2 in xs])
    return xs, values


def heat_map(axis, xs, values, title: str, cmap: str = DIVERGING, limit=None):
    limit = limit if limit is not None else max(float(np.max(np.abs(values))), 1e-9)
    image = axis.imshow(values, origin="lower", extent=(xs[0], xs[-1], xs[0], xs[-1]), cmap=cmap,
                        vmin=-limit if cmap == DIVERGING else None, vmax=limit, interpolation="bilinear")
    axis.set_title(title)
    axis.set_xlabel("x1")
    axis.set_ylabel("x2")
    return image


def ex5_1_output() -> Picture:
    module = LearnerModule("ex5_1")
    xs, network = over_plane(module.predict, -2.0, 2.0)
    truth = xs[None, :] - xs[:, None]
    made, axes = figure(1, 2, height=4.2)
    limit = float(np.max(np.abs(truth)))
    heat_map(axes[0, 0], xs, network, "your network: predict(x1, x2)", limit=limit)
    image = heat_map(axes[0, 1], xs, truth, "the target: x1 - x2", limit=limit)
    pairs = np.asarray(module.test_inputs(), dtype=float).reshape(-1, 2)
    for axis in axes[0]:
        axis.scatter(pairs[:, 0], pairs[:, 1], marker="o", facecolor="none", edgecolor="black",
                     label="the test pairs")
        axis.legend(loc="lower right", fontsize="small")
    made.colorbar(image, ax=axes[0].tolist(), label="output", shrink=0.85)
    made.suptitle("ex5_1: the same colours on both sides means the network computes x1 - x2")
    return Picture("ex5_1-output", made)


def ex5_2_xor_square() -> Picture:
    module = LearnerModule("ex5_2")
    xs, values = over_plane(module.predict, -0.5, 1.5)
    made, axes = figure(1, 1, height=5.0, width=6.5)
    axis = axes[0, 0]
    image = heat_map(axis, xs, values, "ex5_2: what the output computes over the XOR square",
                     cmap=SEQUENTIAL, limit=max(float(values.max()), 1e-9))
    made.colorbar(image, ax=axis, label="output", shrink=0.85)
    W = np.asarray(module.input_weights(), dtype=float).reshape(2, 2)
    line = np.linspace(-0.5, 1.5, 50)
    for unit, (a, b) in enumerate(W):  # hidden unit `unit` is active where a x1 + b x2 > 0
        style = dict(color=colour(unit + 1), linewidth=2.5, linestyle=("-", "--")[unit],
                     label=f"hidden unit {unit + 1}: {a:g} x1 + {b:g} x2 = 0")
        if abs(b) > 1e-12:
            axis.plot(line, -a * line / b, **style)
        elif abs(a) > 1e-12:
            axis.axvline(0.0, **style)
    for (x1, x2), label in zip(((0, 0), (0, 1), (1, 0), (1, 1)), (0, 1, 1, 0)):
        axis.scatter([x1], [x2], s=140, marker="o" if label else "s", color="white", edgecolor="black",
                     zorder=3)
        axis.annotate(f"XOR = {label}", (x1, x2), textcoords="offset points", xytext=(8, 8))
    axis.set_xlim(-0.5, 1.5)
    axis.set_ylim(-0.5, 1.5)
    axis.legend(loc="lower left", fontsize="small")
    return Picture("ex5_2-xor", made)


GATE_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
GATES = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "XOR": [0, 1, 1, 0]}
EPOCHS = 8


def perceptron_lines() -> Picture:
    """train(..., epochs=k) for k = 1..EPOCHS: with the same seed it starts from the same
    weights, so the k-th answer is the line after k epochs."""
    module = LearnerModule("bonus_perceptron")
    made, axes = figure(1, 3, height=3.6)
    line = np.linspace(-0.5, 1.5, 50)
    for axis, (gate, labels) in zip(axes[0], GATES.items()):
        mistakes = []
        for epochs in range(1, EPOCHS + 1):
            w, b, errors = module.train(GATE_INPUTS.copy(), np.array(labels), 1.0, epochs, 0)
            w, b = np.asarray(w, dtype=float).reshape(-1), float(b)
            mistakes = list(errors)
            last = epochs == EPOCHS
            if abs(w[1]) > 1e-12:
                axis.plot(line, -(w[0] * line + b) / w[1], color=colour(0 if last else 5),
                          alpha=1.0 if last else 0.25 + 0.5 * epochs / EPOCHS, linewidth=2.5 if last else 1,
                          label=f"after {EPOCHS} epochs" if last else None)
        for (x1, x2), label in zip(GATE_INPUTS, labels):
            axis.scatter([x1], [x2], s=110, marker="o" if label else "s",
                         color=colour(1) if label else "white", edgecolor="black", zorder=3)
        axis.set_xlim(-0.5, 1.5)
        axis.set_ylim(-0.5, 1.5)
        axis.set_xlabel("x1")
        axis.set_ylabel("x2")
        axis.set_title(f"{gate}: mistakes per epoch {' '.join(str(int(m)) for m in mistakes)}",
                       fontsize="small")
        axis.legend(loc="lower left", fontsize="x-small")
    made.suptitle("bonus_perceptron: the line after each epoch (pale: early; filled circles: 1, "
                  "squares: 0); on XOR it never settles")
    return Picture("bonus_perceptron-lines", made)
