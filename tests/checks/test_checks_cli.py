"""`uspak check` and `uspak build` explain a broken course in one line, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MYST_HEADER

ROOT = Path(__file__).resolve().parents[2]
UNCOPIED = shutil.ignore_patterns(".venv", "_build", ".git", "node_modules", "test-artifacts")

RAISING_LESSON = (
    MYST_HEADER
    + """# 00. A lesson that fails

```{code-cell} ipython3
raise ValueError("the chart data is missing")
```
"""
)


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "course"
    shutil.copytree(ROOT, copy, symlinks=True, ignore=UNCOPIED)
    return copy


def uspak(*args: str, root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "USPAK_ROOT": str(root)}
    uspak_script = Path(sys.executable).with_name("uspak")
    return subprocess.run(
        [str(uspak_script), *args], capture_output=True, text=True, env=env, cwd=root
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    assert any(all(n in ln for n in needles) for ln in errors), result.stderr


def test_check_passes_on_the_course(course_copy):
    """Does `uspak check` accept the course as committed?"""
    result = uspak("check", root=course_copy)
    assert result.returncode == 0, result.stderr


def test_check_names_a_missing_data_file(course_copy):
    """Is a deleted data file reported by name?"""
    (course_copy / "data" / "aid_flows.csv").unlink()
    assert_one_line_error(uspak("check", root=course_copy), "aid_flows.csv")


def test_check_names_a_broken_toc_entry(course_copy):
    """Is a table-of-contents entry without a file reported with its line?"""
    toc = course_copy / "book" / "_toc.yml"
    toc.write_text(toc.read_text() + "      - file: lessons/99-missing\n")
    assert_one_line_error(uspak("check", root=course_copy), "book/_toc.yml:", "lessons/99-missing")


def test_check_names_a_lesson_that_is_not_a_notebook(course_copy):
    """Is a lesson that lost its jupytext header named, with its line?"""
    lesson = course_copy / "lessons" / "03-economy.md"
    lesson.write_text(lesson.read_text().split("\n---\n", 1)[1])
    assert_one_line_error(uspak("check", root=course_copy), "lessons/03-economy.md:1", "header")


def test_check_names_a_call_to_a_missing_exercise(course_copy):
    """Is a lesson that shows an exercise no bank defines named, with the line of the call?"""
    lesson = course_copy / "lessons" / "04-nuclear.md"
    lesson.write_text(
        lesson.read_text() + '\n```{code-cell} ipython3\nshow_exercise("l04-nope")\n```\n'
    )
    assert_one_line_error(uspak("check", root=course_copy), "lessons/04-nuclear.md:", "l04-nope")


def test_build_names_a_broken_toc_entry(course_copy):
    """Does `uspak build` stop before Sphinx with the same one-line message?"""
    toc = course_copy / "book" / "_toc.yml"
    toc.write_text(toc.read_text() + "      - file: lessons/99-missing\n")
    assert_one_line_error(uspak("build", root=course_copy), "lessons/99-missing")
    assert not (course_copy / "book" / "_build").exists()


@pytest.mark.slow
def test_build_names_a_notebook_that_raises(course_copy):
    """Does a lesson that raises fail the build with its file and exception in one line?"""
    one_lesson_course(course_copy, RAISING_LESSON)
    result = uspak("build", root=course_copy)
    assert_one_line_error(result, "lessons/00-overview.md", "ValueError: the chart data is missing")


WORKING_LESSON = RAISING_LESSON.replace(
    'raise ValueError("the chart data is missing")', 'print("the chart data is here")'
)


def one_lesson_course(course: Path, lesson: str) -> None:
    (course / "lessons" / "00-overview.md").write_text(lesson)
    (course / "book" / "intro.md").write_text("# A one-page course\n")
    (course / "book" / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n  - file: lessons/00-overview\n"
    )


def site_files(html: Path) -> dict[str, bytes]:
    return {str(p.relative_to(html)): p.read_bytes() for p in html.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_a_failed_build_leaves_the_last_good_site_as_it_was(course_copy):
    """When a lesson raises, is the previously built site byte-for-byte unchanged, and said so?"""
    one_lesson_course(course_copy, WORKING_LESSON)
    assert uspak("build", root=course_copy).returncode == 0
    html = course_copy / "book" / "_build" / "html"
    before = site_files(html)
    assert any("the chart data is here" in str(v) for v in before.values())

    one_lesson_course(course_copy, RAISING_LESSON)
    result = uspak("build", root=course_copy)
    assert_one_line_error(result, "lessons/00-overview.md", "ValueError: the chart data is missing")
    assert "last good site" in result.stderr
    assert site_files(html) == before
