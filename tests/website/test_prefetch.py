"""The prefetch runs stale lessons in parallel into jupyter-cache, where myst-nb will find them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MYST_HEADER

from uspak.website.prefetch import prefetch_lessons

pytestmark = pytest.mark.slow


def lesson(code: str) -> str:
    return MYST_HEADER + f"\n# A lesson\n\n```{{code-cell}} ipython3\n{code}\n```\n"


@pytest.fixture
def book(tmp_path: Path) -> Path:
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "00-overview.md").write_text(lesson("print(6 * 7)"), "utf-8")
    (tmp_path / "lessons" / "01-history.md").write_text(lesson("raise ValueError('no')"), "utf-8")
    return tmp_path


def test_runs_each_lesson_once_and_leaves_a_failing_one_to_sphinx(book, tmp_path):
    """Is a working lesson cached with its output, a raising one reported, and nothing re-run?"""
    from jupyter_cache import get_cache

    cache_path = tmp_path / "cache"
    first = prefetch_lessons(book, cache_path, timeout=60)
    assert (first.executed, first.failed) == (["00-overview"], ["01-history"])
    cache = get_cache(str(cache_path))
    [record] = cache.list_cache_records()
    assert cache.get_cache_bundle(record.pk).nb.cells[-1].outputs[0]["text"] == "42\n"

    second = prefetch_lessons(book, cache_path, timeout=60)
    assert (second.executed, second.cached) == ([], ["00-overview"])
