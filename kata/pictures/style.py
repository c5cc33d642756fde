"""What every picture shares: a figure that fits a notebook column, colours that
colour-blind readers tell apart, and a name for its file (judge side)."""

from __future__ import annotations

from typing import NamedTuple

# Okabe and Ito's palette: distinguishable with every common colour-vision deficiency.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
SEQUENTIAL = "viridis"  # perceptually uniform, readable in grey and by colour-blind readers
DIVERGING = "PuOr"  # for signed values: orange below zero, purple above
COLUMN_WIDTH = 9.0  # inches: a Jupyter column at 100 dpi, without a horizontal scroll bar


class Picture(NamedTuple):
    name: str  # the file's stem, e.g. "ex5_4-mistakes"
    figure: object  # a matplotlib Figure, made without pyplot (no global state)


def figure(rows: int = 1, columns: int = 1, height: float = 4.0, width: float = COLUMN_WIDTH, **options):
    """A new Figure and its axes, outside pyplot: nothing is left open behind it."""
    from matplotlib.figure import Figure

    made = Figure(figsize=(width, height), layout="constrained")
    return made, made.subplots(rows, columns, squeeze=False, **options)


def colour(index: int) -> str:
    return COLOURS[index % len(COLOURS)]
