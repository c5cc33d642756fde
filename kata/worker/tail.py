"""A worker's printed output, and the last part of a stream of text, kept as it arrives
(judge side).

A worker's printed output is read while the call runs (a full pipe would block
it), and a call that prints for seconds can print gigabytes: ``Tail`` keeps at
most ``limit`` characters, dropping the oldest as new text arrives, and counts
what it dropped, so that memory stays bounded however long the call runs.
"""

from __future__ import annotations

import codecs
import os
import threading
from collections import deque
from typing import Deque, Optional


class Tail:
    def __init__(self, limit: int):
        self.limit = limit
        self.parts: Deque[str] = deque()
        self.size = 0  # characters held
        self.dropped = 0  # characters dropped from the front since the last clear
        self.total = 0  # characters ever appended

    def append(self, text: str) -> None:
        if not text:
            return
        self.total += len(text)
        if len(text) >= self.limit:  # alone it fills the tail: keep only its end
            self.dropped += self.size + len(text) - self.limit
            self.parts.clear()
            self.parts.append(text[-self.limit:])
            self.size = self.limit
            return
        self.parts.append(text)
        self.size += len(text)
        while self.size > self.limit:
            first, excess = self.parts[0], self.size - self.limit
            if len(first) <= excess:
                self.parts.popleft()
                cut = len(first)
            else:
                self.parts[0] = first[excess:]
                cut = excess
            self.size -= cut
            self.dropped += cut

    def text(self) -> str:
        """What is held, with a note in front when something was dropped."""
        held = "".join(self.parts)
        if self.dropped:
            return f"[... {self.dropped:,} characters of output left out ...]\n{held}"
        return held

    def since(self, mark: int) -> str:
        """What arrived after ``total`` was ``mark`` (as much of it as is still held)."""
        count = min(self.total - mark, self.size)
        return "".join(self.parts)[-count:] if count > 0 else ""

    def clear(self) -> None:
        self.parts.clear()
        self.size = self.dropped = 0


class Drain:
    """Reads a worker's stdout and stderr as they come (a full pipe would block it),
    keeping bounded tails: what arrived since the last ``take`` and the latest output."""

    LIMIT = 1 << 20

    def __init__(self):
        self._pending = Tail(self.LIMIT)
        self._recent = Tail(self.LIMIT)
        self._lock = threading.Lock()
        self._fd: Optional[int] = None

    def start(self, fd: int) -> None:
        self._fd = fd
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def wait(self, seconds: float) -> None:
        """Give the reader a moment to catch up with what a finished worker wrote."""
        thread = getattr(self, "_thread", None)
        if thread is not None:
            thread.join(seconds)

    def _run(self) -> None:
        fd = self._fd
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        while fd is not None:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            text = decoder.decode(chunk)
            with self._lock:
                self._pending.append(text)
                self._recent.append(text)
        try:
            os.close(fd)
        except OSError:
            pass

    def take(self) -> str:
        with self._lock:
            text = self._pending.text()
            self._pending.clear()
        return text

    def text(self) -> str:
        with self._lock:
            return "".join(self._recent.parts)

    def mark(self) -> int:
        with self._lock:
            return self._recent.total

    def since(self, mark: int) -> str:
        with self._lock:
            return self._recent.since(mark)
