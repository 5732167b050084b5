"""Special files among the hand-ins (finding 11 of issue 12): every path the teacher gave is in
the report exactly once, with what was done with it, and a named pipe never blocks the run."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from grading_inputs_class import (
    HONEST_COUNT,
    assert_honest_full_marks,
    honest_answers,
    run_grade,
    write_honest,
)
from test_grading_fixtures import course, submission  # noqa: F401 - fixtures

from uspak.grading.inputs import Candidate, collect


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays


# name in the folder -> (how to make it, words its line in the report must contain)
SPECIAL = {
    "broken-link.json": (lambda p: p.symlink_to(p.parent / "gone.json"), "broken symbolic link"),
    "pipe.json": (make_fifo, "named pipe (FIFO), not a file"),
    "socket.json": (make_socket, "a socket, not a file"),
    "device-link.json": (lambda p: p.symlink_to("/dev/zero"), "symbolic link to a device"),
    "folder-link": (lambda p: p.symlink_to(p.parent / "real-folder"), "link to a folder"),
    "link-loop.json": (lambda p: p.symlink_to(p), "broken symbolic link"),
}
ROWS = [pytest.param(name, words, id=name) for name, (_, words) in SPECIAL.items()]


@pytest.fixture
def no_hang():
    """Fail, rather than hang, if something blocks (a pipe opened for reading waits forever)."""

    def stop(*_):
        raise TimeoutError("the grader blocked")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def build(folder: Path, course: Path) -> None:  # noqa: F811
    folder.mkdir()
    (folder / "real-folder").mkdir()
    write_honest(folder, course, 0, name="real-folder/00-honest.json")
    for index in range(1, HONEST_COUNT):
        write_honest(folder, course, index)
    for name, (make, _) in SPECIAL.items():
        make(folder / name)


@pytest.mark.parametrize(("name", "words"), ROWS)
def test_special_file_in_a_folder_is_listed_once_with_why(tmp_path, course, no_hang, name, words):  # noqa: F811
    """Is each special file among the hand-ins listed once, with what was done with it?"""
    build(tmp_path / "in", course)
    found = [
        item for item in collect([tmp_path / "in"]) if item.label == str(tmp_path / "in" / name)
    ]
    assert len(found) == 1 and not isinstance(found[0], Candidate)
    assert words in found[0].reason


@pytest.mark.parametrize(("name", "words"), ROWS)
def test_special_path_given_directly_is_listed_once(tmp_path, course, no_hang, name, words):  # noqa: F811
    """Is a special path the teacher names on the command line listed once, never opened?"""
    build(tmp_path / "in", course)
    path = tmp_path / "in" / name
    found = list(collect([path]))
    if name == "folder-link":  # the teacher named the link: the folder it leads to is read
        assert [item.label for item in found] == [str(path / "00-honest.json")]
        return
    assert [item.label for item in found] == [str(path)]
    assert words.replace("symbolic link to ", "") in found[0].reason


@pytest.mark.parametrize(
    ("make", "words"),
    [
        pytest.param(lambda p: p.mkdir(), "empty folder", id="empty-folder"),
        pytest.param(lambda p: None, "no such file or folder", id="missing"),
    ],
)
def test_a_given_path_with_nothing_to_grade_is_listed(tmp_path, make, words):
    """Does an empty folder or a missing path still get its line?"""
    path = tmp_path / "given"
    make(path)
    [item] = collect([path])
    assert item.label == str(path) and words in item.reason


def test_a_file_given_twice_is_read_once(tmp_path, course):  # noqa: F811
    """Is a file named twice (or through a link) graded once and its second path listed?"""
    path = submission(tmp_path, "s1.json", "s1", honest_answers(course))
    (tmp_path / "z-link.json").symlink_to(path)
    found = list(collect([path, tmp_path, path]))
    assert [type(item).__name__ for item in found] == [
        "Candidate",
        "Rejected",
        "Rejected",
        "Rejected",
    ]
    assert all("the same file as" in item.reason for item in found[1:])


@pytest.fixture(scope="module")
def special_class(course, tmp_path_factory):  # noqa: F811
    base = tmp_path_factory.mktemp("special")
    build(base / "in", course)
    fifo = base / "given-pipe"
    os.mkfifo(fifo)
    previous = signal.signal(signal.SIGALRM, lambda *_: pytest.fail("the grader blocked"))
    signal.alarm(120)
    try:
        report = run_grade([base / "in", fifo, base / "missing"], base / "out", course)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return report, base


def test_every_given_path_appears_in_the_report_exactly_once(special_class):
    """Does report.txt name each file, link, pipe and socket once (and the paths given)?"""
    report, base = special_class
    expected = [str(p) for p in (base / "in").rglob("*") if p.name != "real-folder"]
    expected += [str(base / "given-pipe"), str(base / "missing")]
    labels = [item.label for item in report.inputs]
    assert sorted(labels) == sorted(expected)
    text = report.report_file.read_text(encoding="utf-8")
    assert all(text.count(f"  {label}: ") == 1 for label in expected)


def test_honest_neighbours_keep_full_marks(special_class):
    """Are the 20 honest hand-ins beside the special files all graded in full?"""
    report, _ = special_class
    assert_honest_full_marks(report)


def test_unreadable_file_and_folder_are_listed_for_a_non_root_teacher(tmp_path):
    """As an ordinary user, are a file and a folder they cannot read each listed once, why said?"""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root to run the check as another user (setpriv)")
    nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable]
    if subprocess.run([*nobody, "-c", "pass"], capture_output=True).returncode != 0:
        # e.g. a pyenv Python under root's 0700 home: the user cannot start it at all
        pytest.skip(f"an ordinary user cannot run {sys.executable} on this machine")
    folder = Path(tempfile.mkdtemp(prefix="uspak-unreadable-"))
    try:
        folder.chmod(0o755)
        (folder / "a-good.json").write_text("{}")
        (folder / "b-secret.json").write_text("{}")
        (folder / "b-secret.json").chmod(0o600)
        (folder / "c-locked").mkdir(mode=0o700)
        (folder / "c-locked" / "inside.json").write_text("{}")
        (folder / "a-good.json").chmod(0o644)
        script = (
            "import sys; from pathlib import Path; from uspak.grading.inputs import collect\n"
            "for item in collect([Path(sys.argv[1])]):\n"
            "    print(item.label, '|', getattr(item, 'reason', 'candidate'))\n"
        )
        result = subprocess.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            + [sys.executable, "-c", script, str(folder)],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        lines = sorted(result.stdout.splitlines())
        assert lines == [
            f"{folder}/a-good.json | candidate",
            f"{folder}/b-secret.json | cannot read: Permission denied",
            f"{folder}/c-locked | cannot list the folder: Permission denied",
        ]
    finally:
        shutil.rmtree(folder)
