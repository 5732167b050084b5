"""The progress line: drawn on a terminal, silent in CI, with --quiet or into a pipe."""

from __future__ import annotations

import io

import pytest

from uspak.grading.progress import Progress, render


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("done", "total", "elapsed", "expected"),
    [
        pytest.param(0, 4, 0, "Grading [..........] 0/4  0:00 elapsed, --:-- left", id="start"),
        pytest.param(1, 4, 10, "Grading [##........] 1/4  0:10 elapsed, 0:30 left", id="quarter"),
        pytest.param(4, 4, 75, "Grading [##########] 4/4  1:15 elapsed, 0:00 left", id="done"),
    ],
)
def test_progress_line(monkeypatch, done, total, elapsed, expected):
    """Does the bar show counts, elapsed time and time left from the pace so far?"""
    monkeypatch.setattr("uspak.grading.progress.WIDTH", 10)
    assert render("Grading", done, total, elapsed) == expected


@pytest.mark.parametrize(
    ("stream", "quiet", "ci", "drawn"),
    [
        pytest.param(Terminal, False, False, True, id="terminal"),
        pytest.param(Terminal, True, False, False, id="terminal-quiet"),
        pytest.param(Terminal, False, True, False, id="terminal-in-ci"),
        pytest.param(io.StringIO, False, False, False, id="pipe"),
    ],
)
def test_progress_is_drawn_only_on_a_terminal_outside_ci(monkeypatch, stream, quiet, ci, drawn):
    """Is the bar drawn on an interactive terminal only, and never with --quiet or CI set?"""
    if ci:
        monkeypatch.setenv("CI", "true")
    else:
        monkeypatch.delenv("CI", raising=False)
    out = stream()
    progress = Progress("Grading", quiet=quiet, stream=out)
    progress.start("Grading", 2)
    progress.advance(2)
    progress.finish()
    assert ("2/2" in out.getvalue()) is drawn
