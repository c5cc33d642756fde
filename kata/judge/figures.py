"""Reading a matplotlib Figure the way a person reads the picture.

A reader matches a legend entry to a line by how the entry is drawn (its colour,
line style, marker and width), not by the label the code attached to the line:
``ax.legend(["test", "training"])`` shows texts that may or may not fit the
lines beneath them, and lines labelled ``_child0`` can still be named correctly
by such a legend. So these helpers use only what the figure shows: the lines'
data and styles, the legend's texts with the style of each entry's handle,
titles and axis labels.
"""

from __future__ import annotations

from typing import Any, List, NamedTuple, Optional, Tuple

Style = Tuple[Any, ...]


class LegendEntry(NamedTuple):
    text: str
    style: Optional[Style]  # None: a handle that is not drawn as a line


def _rgba(colour) -> Optional[Tuple[float, ...]]:
    from matplotlib import colors

    try:
        return tuple(round(c, 4) for c in colors.to_rgba(colour))
    except (TypeError, ValueError):
        return None


def line_style(artist) -> Optional[Style]:
    """(colour, line style, marker, line width) of a Line2D or a legend handle drawn
    as a line; None for anything else (a patch, a collection)."""
    needed = ("get_color", "get_linestyle", "get_marker", "get_linewidth")
    if not all(hasattr(artist, name) for name in needed):
        return None
    marker = artist.get_marker()
    marker = None if marker in (None, "None", "none", "", " ") else str(marker)
    return (_rgba(artist.get_color()), artist.get_linestyle(), marker,
            round(float(artist.get_linewidth()), 3))


def legend_of(figure, axes):
    """The legend drawn for ``axes``: its own, else the figure's first."""
    legend = axes.get_legend()
    if legend is None and getattr(figure, "legends", None):
        legend = figure.legends[0]
    return legend


def legend_entries(legend) -> List[LegendEntry]:
    """The legend's entries in order: each text with the style its handle is drawn in."""
    if legend is None:
        return []
    handles = getattr(legend, "legend_handles", None)
    if handles is None:  # matplotlib < 3.7
        handles = getattr(legend, "legendHandles", [])
    texts = [text.get_text() for text in legend.get_texts()]
    styles = [line_style(handle) for handle in handles]
    styles += [None] * (len(texts) - len(styles))
    return [LegendEntry(text, style) for text, style in zip(texts, styles)]


def lines_drawn_like(lines, style: Optional[Style]) -> list:
    """The lines that a legend entry drawn in ``style`` can stand for."""
    if style is None:
        return []
    return [line for line in lines if line_style(line) == style]


def title_of(figure, axes) -> str:
    """The axes' title, or the figure's (suptitle) when the axes have none."""
    title = axes.get_title() or axes.get_title(loc="left") or axes.get_title(loc="right")
    if not title and figure.texts:
        title = figure.texts[0].get_text()
    return title or ""
