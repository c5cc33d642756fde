"""What the screen shows while an exercise's tests run (tools side): the count and start
time, each epoch of training under a line naming the test and the function that trains,
and a test that has run for a while (a loop that may never end), named once."""

from __future__ import annotations

import threading
import time
from typing import List, Optional, Tuple

from kata import catalog
from kata.tools import term


class Progress:
    """Live lines while the judge runs: what is running and since when, each epoch of
    training under a line that says which test's fit it is, and a test that has been running for a while (a loop that may never end)."""

    SLOW_AFTER = 5.0  # seconds a test runs before the screen names it

    def __init__(self, exercise: catalog.Exercise):
        self.exercise = exercise
        self.test = ""  # the test running now
        self.fit = None  # (test, function) of the fit whose epochs are being shown
        self.training = False
        self.running: Optional[Tuple[str, float, float]] = None  # (test, started, its limit)
        self.watcher: Optional[threading.Thread] = None
        self.finished = False

    def __call__(self, event: dict) -> None:
        name = self.exercise.name
        if event.get("event") == "collected":
            count = event.get("exercises", {}).get(name, 0)
            what = ", then training a model" if self.exercise.uses_tensorflow else ""
            print(term.style(f"{name}: running {count} test{'s' if count != 1 else ''}{what} "
                             f"(started {time.strftime('%H:%M:%S')})...", "dim"), flush=True)
        elif event.get("event") == "start":
            self.test = str(event.get("test") or "")
            self.running = (self.test, time.time(), float(event.get("limit") or 0))
            if self.watcher is None:
                self.watcher = threading.Thread(target=self._watch, daemon=True)
                self.watcher.start()
        elif event.get("event") == "epoch":
            for line in self.epoch_lines(event):
                print(term.style(line, "dim"), flush=True)
            self.running = None  # training shows how far it is: no "still running" line

    def epoch_lines(self, event: dict) -> List[str]:
        """A heading when a new fit starts (its test, and the function that trains), then
        "epoch 2 of 5: loss 0.0712, accuracy 0.9781"."""
        epoch, epochs = event.get("epoch"), event.get("epochs") or "?"
        function = str(event.get("function") or "")
        lines = []
        if (self.test, function) != self.fit or epoch == 1:
            self.fit = (self.test, function)
            by = f"`{function}`" if function else "the tests"
            lines.append(f"  {self.test or self.exercise.name}: training, by {by}")
        metrics = event.get("metrics") or {}
        shown = ", ".join(f"{label} {metrics[key]:.4f}" for key, label in EPOCH_WORDS
                          if isinstance(metrics.get(key), (int, float)))
        lines.append(f"    epoch {epoch} of {epochs}" + (f": {shown}" if shown else ""))
        return lines

    def _watch(self) -> None:
        """Name a test still running after SLOW_AFTER seconds, once: what runs, since when."""
        announced = None
        while not self.finished:
            time.sleep(0.5)
            running = self.running
            if running is None or running == announced or time.time() - running[1] < self.SLOW_AFTER:
                continue
            announced = running
            test, started, limit = running
            since = time.strftime('%H:%M:%S', time.localtime(started))
            stop = f"; the kata stops a call after {limit:g} s" if limit else ""
            if not self.finished:
                print(term.style(f"  still running {test}, since {since}{stop}", "dim"), flush=True)

    def close(self) -> None:
        self.finished = True


EPOCH_WORDS = (("loss", "loss"), ("accuracy", "accuracy"), ("val_loss", "validation loss"),
               ("val_accuracy", "validation accuracy"))
