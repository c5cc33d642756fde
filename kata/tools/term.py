"""Terminal output: a little colour for people, plain text for pipes and files.

Colour and screen clearing are used only when the stream is a terminal and
the user has not opted out (``NO_COLOR``, https://no-color.org, or
``TERM=dumb``). Anything that reads kata's output (a script, CI log, a test)
gets the same words without escape codes.
"""

from __future__ import annotations

import os
import sys
from typing import Optional, TextIO

_CODES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}

STATUS_COLOURS = {"done": "green", "in progress": "yellow", "not started": "dim"}


def fancy(stream: Optional[TextIO] = None) -> bool:
    """True when ``stream`` (default: stdout) is a terminal that wants colour."""
    stream = sys.stdout if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and "NO_COLOR" not in os.environ \
        and os.environ.get("TERM") != "dumb"


def style(text: str, *names: str, stream: Optional[TextIO] = None) -> str:
    """``text`` wrapped in the ANSI codes ``names`` (see _CODES), on a terminal only."""
    if not names or not fancy(stream):
        return text
    codes = ";".join(_CODES[name] for name in names)
    return f"\033[{codes}m{text}\033[0m"


def status(word: str, width: int = 0, stream: Optional[TextIO] = None) -> str:
    """An exercise status ("done", "in progress", "not started"), padded, then coloured."""
    return style(f"{word:<{width}}", STATUS_COLOURS.get(word, "bold"), stream=stream)


def clear_screen(stream: Optional[TextIO] = None) -> None:
    """Clear a terminal (for ``kata watch``); on a pipe, print a separator line instead."""
    stream = sys.stdout if stream is None else stream
    stream.write("\033[2J\033[H" if fancy(stream) else "\n" + "-" * 72 + "\n")
    stream.flush()
