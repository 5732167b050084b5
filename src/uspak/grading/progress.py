"""A progress bar on a terminal; nothing at all in CI (``CI`` set), with ``--quiet`` or in a pipe.

One line, redrawn in place on stderr: a bar, done/total, elapsed time and time left, estimated
from the pace so far.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

WIDTH = 30
REDRAW_SECONDS = 0.1


class Progress:
    def __init__(self, label: str, *, quiet: bool = False, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.enabled = not quiet and not os.environ.get("CI") and _is_terminal(self.stream)
        self.label = label
        self.total = 0
        self.done = 0
        self._start = time.monotonic()
        self._drawn = 0.0

    def start(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, total, 0
        self._start = time.monotonic()
        self._draw(force=True)

    def advance(self, count: int = 1) -> None:
        self.done += count
        self._draw(force=self.done >= self.total)

    def finish(self) -> None:
        if self.enabled:
            self._draw(force=True)
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self, force: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not force and now - self._drawn < REDRAW_SECONDS):
            return
        self._drawn = now
        self.stream.write("\r" + render(self.label, self.done, self.total, now - self._start))
        self.stream.flush()


def render(label: str, done: int, total: int, elapsed: float) -> str:
    """``label [#####.....] 5/10  0:03 elapsed, 0:03 left``."""
    share = done / total if total else 1.0
    filled = round(WIDTH * share)
    left = "--:--" if not done else _clock(elapsed / done * (total - done))
    bar = "#" * filled + "." * (WIDTH - filled)
    return f"{label} [{bar}] {done}/{total}  {_clock(elapsed)} elapsed, {left} left"


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}:{secs:02d}"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
