"""Writing a class's feedback files: every file written, and a failure named, not lost."""

from __future__ import annotations

import pytest

from uspak.grading.file_writes import write_texts


@pytest.mark.parametrize("count", [1, 40], ids=["one-file", "many-files"])
def test_every_text_lands_in_its_file(tmp_path, count):
    """Does each path get exactly its own text?"""
    texts = {tmp_path / f"s{n:03d}.md": f"feedback for s{n:03d} ✓\n" for n in range(count)}
    assert write_texts(texts) == {}
    assert {p: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()} == texts


def test_a_file_that_cannot_be_written_is_returned_and_the_rest_are_written(tmp_path):
    """Is the one unwritable path reported with its error, while every other file is written?"""
    blocked = tmp_path / "s005.md"
    blocked.mkdir()  # a folder where the file should go
    texts = {tmp_path / f"s{n:03d}.md": "text" for n in range(40)}
    failed = write_texts(texts)
    assert list(failed) == [blocked]
    assert isinstance(failed[blocked], IsADirectoryError)
    written = {p for p in tmp_path.iterdir() if p.is_file()}
    assert written == set(texts) - {blocked}
