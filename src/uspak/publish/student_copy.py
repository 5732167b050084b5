"""``uspak student-copy``: the course as students may have it, with no plain answer key.

For a teacher who publishes the course to a JupyterHub: the lessons (MyST and ``.ipynb``), the data,
and the compiled banks (salted hashes), never ``exercises/*.yml``. Install ``uspak`` on the hub as
a package; a lesson opened from the copy's ``lessons/`` finds the copy's data and checks its
exercises against the hashes, as the website does.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from uspak.course import Course, located
from uspak.exercises.compile import write_compiled_banks
from uspak.exercises.student import COMPILED_DIR
from uspak.lessons import list_lessons
from uspak.publish.reader_notebook import read_links, write_reader_notebook

README = """\
# US-Pakistan relations, taught with data (student copy)

Open a lesson in `lessons/` (the `.ipynb` files) and run it from the top. Exercises check your
answers as you go; the panel at the end of each lesson exports the file to hand in.
"""


def write_student_copy(
    out: Path, *, course: Course | None = None, edition: str = "practice"
) -> Path:
    """Write the student copy into ``out``, which must not exist yet or be empty; return it.

    In the assessment edition the compiled banks carry no key material (no hashes, explanations
    or solutions): notebooks made from the copy record answers, and only ``uspak grade`` checks
    them."""
    course = located(course)
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty: choose a new folder for the student copy")
    shutil.copytree(course.data, out / "data")
    lessons = out / "lessons"
    lessons.mkdir(parents=True)
    links = read_links(course.book)
    for lesson in list_lessons(course):
        shutil.copy2(lesson.path, lessons / lesson.path.name)
        target = lessons / f"{lesson.id}.ipynb"
        write_reader_notebook(lesson.path, target, book=course.book, links=links)
    write_compiled_banks(out / "exercises" / COMPILED_DIR, course, edition=edition)
    (out / "README.md").write_text(README, encoding="utf-8")
    return out
