"""Progress of a class run: a live line on a terminal, one plain line per submission
otherwise (a pipe, a log file, CI).

Tools side. The live line says how many submissions are done of how many,
how many are running, how many did not pass cleanly so far, and an estimate
of the time left; a finished submission is printed above it.
"""

from __future__ import annotations

import sys
import time
from typing import Dict, Optional, TextIO

from kata.tools import term
from kata.tools.grading import gradebook


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


class Progress:
    def __init__(self, total: int, parallel: int, stream: Optional[TextIO] = None):
        self.stream = sys.stdout if stream is None else stream
        self.live = term.fancy(self.stream)
        self.total = total
        self.parallel = max(1, parallel)
        self.done = 0
        self.not_ok = 0
        self.running: Dict[str, float] = {}
        self.durations = []
        self.started = time.monotonic()

    def start(self, name: str) -> None:
        self.running[name] = time.monotonic()
        self.redraw()

    def finish(self, name: str, report: dict, total: float) -> None:
        began = self.running.pop(name, time.monotonic())
        seconds = time.monotonic() - began
        self.durations.append(seconds)
        self.done += 1
        if report["status"] != "ok":
            self.not_ok += 1
        reason = f": {report['reason']}" if report.get("reason") else ""
        line = (f"[{self.done}/{self.total}] {name}: {gradebook.number(total)} % "
                f"({report['status']}{reason}) in {duration(seconds)}")
        colour = {"ok": "green", "failed": "yellow"}.get(report["status"], "red")
        self._clear()
        self.stream.write(term.style(line, colour, stream=self.stream) + "\n")
        self.redraw()

    def left(self) -> Optional[float]:
        """Seconds left, from the mean time of the submissions done so far."""
        if not self.durations:
            return None
        mean = sum(self.durations) / len(self.durations)
        now = time.monotonic()
        running = sum(max(0.0, mean - (now - began)) for began in self.running.values())
        waiting = self.total - self.done - len(self.running)
        return (running + waiting * mean) / self.parallel

    def status_line(self) -> str:
        left = self.left()
        estimate = f", about {duration(left)} left" if left is not None else ""
        return (f"{self.done}/{self.total} done, {len(self.running)} running, "
                f"{self.not_ok} not passing{estimate}")

    def redraw(self) -> None:
        if self.live:
            self._clear()
            self.stream.write(self.status_line())
        self.stream.flush()

    def _clear(self) -> None:
        if self.live:
            self.stream.write("\r\033[K")

    def close(self) -> None:
        self._clear()
        self.stream.flush()
