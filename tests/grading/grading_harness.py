"""Attacking the grader as a teacher's machine would meet it: ``uspak grade`` run by an ordinary
user, over a class of 20 honest students with attackers among them.

The suite runs as root (as CI does), so each run is started through ``setpriv`` as a user that
exists only for the test (uid 23457, no account needed). That user must reach Python and the
checkout even where they live under a 0700 folder such as ``/root``: a root ``bwrap`` around the
run covers each closed folder with an open one holding just those paths, for this run only. The
teacher's own folder (hand-ins, a private note, the output) belongs to that user, mode 0700, in
``/var/tmp``, where nothing but the sandbox keeps student code away from it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import secrets
import shutil
import socket
import stat
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from test_grading_fixtures import LESSON, ROOT, WHEN, notebook, submission

from uspak.grading.sandbox_view import needed_paths

# The ordinary user the grader runs as. Runs that may overlap (CI tests two Pythons side by side)
# each need their own, or one run's temporary files count as the other's leftovers.
USER = int(os.environ.get("USPAK_TEST_UID", "23457"))
TOKEN = secrets.token_hex(6)
TEACHER_SECRET = f"teacher-secret-{TOKEN}"
ENV_SECRET = f"envsecret-{TOKEN}"
KEY_TEXT = "answer: 1954"  # a line of the test course's exercise bank
HONEST = [f"s{n:02d}" for n in range(1, 21)]


def marker(student: str) -> str:
    return f"honest-{student}-{TOKEN}"


def honest_code(student: str) -> tuple[str, str]:
    """Right answers to both code exercises, leaving the student's marker in a scratch file and
    importing modules no sandbox preloads (glob, graphlib, pandas' CSV writer)."""
    first = (
        "import os, tempfile\n"
        f"with open(os.path.join(tempfile.gettempdir(), 'notes-{student}.txt'), 'w') as f:\n"
        f"    f.write({marker(student)!r})\n"
        "answer = 6 * 7\n"
    )
    second = (
        "import glob, graphlib\n"
        "from uspak import load_table\n"
        "table = load_table('sources')\n"
        "text = table.to_csv()\n"
        f"answer = len(table)  # {marker(student)}\n"
    )
    return first, second


@dataclass
class ClassRun:
    """One graded class: where things are, and what the run left behind."""

    teacher: Path
    attackers: list[str]
    result: subprocess.CompletedProcess | None = None
    socket_hits: list[bytes] = field(default_factory=list)

    @property
    def hand_ins(self) -> Path:
        return self.teacher / "hand-ins"

    @property
    def out(self) -> Path:
        return self.teacher / "out"

    def gradebook(self) -> dict[str, dict[str, str]]:
        with (self.out / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
            return {row["SIS User ID"]: row for row in csv.DictReader(handle)}

    def feedback(self, student: str) -> str:
        [path] = [p for p in (self.out / "feedback").glob("*.md") if p.stem.startswith(student)]
        return path.read_text(encoding="utf-8")

    def report(self) -> str:
        return (self.out / "report.txt").read_text(encoding="utf-8")

    def outputs(self) -> dict[str, str]:
        """Every file the run wrote, by name."""
        return {
            str(p.relative_to(self.out)): p.read_text(encoding="utf-8", errors="replace")
            for p in self.out.rglob("*")
            if p.is_file()
        }


def make_class(base: Path, attacks: dict[str, str]) -> ClassRun:
    """20 honest students (half JSON hand-ins, half notebooks) and the attackers' notebooks,
    whose names sort among them: ``s05x`` runs between ``s05`` and ``s06``."""
    teacher = base / f"teacher-{secrets.token_hex(3)}"
    (teacher / "hand-ins").mkdir(parents=True)
    (teacher / "private").mkdir()
    (teacher / "private" / "secret.txt").write_text(TEACHER_SECRET)
    for n, student in enumerate(HONEST):
        first, second = honest_code(student)
        if n % 2:
            cells = [f"# Exercise l03-code\n{first}", f"# Exercise l03-rows\n{second}"]
            (teacher / "hand-ins" / f"{student}__{LESSON}.ipynb").write_bytes(notebook(cells))
        else:
            responses = {
                "l03-choice": {"response": "b"},
                "l03-year": {"response": "1954"},
                "l03-code": {"response": {"code": first, "value": 0}},
                "l03-rows": {"response": {"code": second, "value": 0}},
            }
            submission(teacher / "hand-ins", f"{student}.json", student, responses, created=WHEN)
    for student, code in attacks.items():
        cells = [f"# Exercise l03-code\n{code}"]
        (teacher / "hand-ins" / f"{student}__{LESSON}.ipynb").write_bytes(notebook(cells))
    for path in [teacher, *teacher.rglob("*")]:
        os.chown(path, USER, USER)
    teacher.chmod(0o700)
    return ClassRun(teacher, list(attacks))


def grade_as_user(run: ClassRun, course: Path, *options: str, env: dict | None = None) -> None:
    """``python -m uspak grade`` over the class, as the test user; fills ``run.result``."""
    command = [sys.executable, "-m", "uspak", "grade", str(run.hand_ins), "--out", str(run.out)]
    command += ["--quiet", "--jobs", "2", "--time-limit", "2", "--memory-limit", "256", *options]
    setpriv = ["setpriv", f"--reuid={USER}", f"--regid={USER}", "--clear-groups", "--"]
    run.result = subprocess.run(
        [*reach([*needed_paths(), str(ROOT / "src")]), *setpriv, *command],
        env=grader_env(course, run.teacher, env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def grader_env(course: Path, home: Path, extra: dict | None = None) -> dict[str, str]:
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(home), "CI": "1"}
    return {**env, "USPAK_ROOT": str(course), "GRADER_SECRET": ENV_SECRET, **(extra or {})}


def reach(paths: list[str]) -> list[str]:
    """A root ``bwrap`` prefix under which an ordinary user can reach ``paths`` (and all else
    stays as it is): each folder that others may not enter is covered by an open tmpfs holding
    only those paths, bound back in."""
    args = ["bwrap", "--dev-bind", "/", "/", "--die-with-parent"]
    closed: dict[Path, list[Path]] = {}
    for path in map(Path, paths):
        for folder in reversed(path.parents):
            if folder != Path("/") and not os.stat(folder).st_mode & stat.S_IXOTH:
                closed.setdefault(folder, []).append(path)
                break
    for folder, inside in closed.items():
        args += ["--perms", "0755", "--tmpfs", str(folder)]
        for path in inside:
            for parent in reversed(path.parents):
                if parent.is_relative_to(folder) and parent != folder:
                    args += ["--perms", "0755", "--dir", str(parent)]
            args += ["--bind", str(path), str(path)]
    return args


class SocketListener:
    """A Unix socket on the host (on a path anyone may connect to, and an abstract name) that
    records whatever reaches it."""

    def __init__(self, folder: Path):
        self.path = folder / "listener.sock"
        self.abstract = f"\0uspak-test-{secrets.token_hex(8)}"
        self.received: list[bytes] = []
        self._servers = []
        for address in (str(self.path), self.abstract):
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            server.bind(address)
            server.listen(16)
            self._servers.append(server)
            threading.Thread(target=self._serve, args=(server,), daemon=True).start()
        self.path.chmod(0o777)

    def _serve(self, server: socket.socket) -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            with connection:
                connection.settimeout(2)
                try:
                    self.received.append(b"connected:" + connection.recv(1000))
                except OSError:
                    self.received.append(b"connected")

    def close(self) -> None:
        for server in self._servers:
            with contextlib.suppress(OSError):
                server.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
            server.close()


def leftovers(uid: int = USER) -> int:
    """Bytes in /tmp and /dev/shm that belong to ``uid``."""
    total = 0
    for top in (Path("/tmp"), Path("/dev/shm")):
        for entry in top.iterdir():
            try:
                if entry.lstat().st_uid != uid:
                    continue
                files = [entry] if not entry.is_dir() else [p for p in entry.rglob("*")]
                total += sum(p.lstat().st_size for p in files) + 1
            except OSError:
                continue
    return total


def shm_used() -> int:
    stats = os.statvfs("/dev/shm")
    return (stats.f_blocks - stats.f_bfree) * stats.f_frsize


def assert_class_intact(run: ClassRun, code_ran: bool = True) -> None:
    """Every honest student fully marked; no honest student's work, the teacher's note, the
    grader's environment or an answer key in anyone else's feedback or in the report."""
    assert run.result is not None
    assert (run.out / "report.txt").is_file(), run.result.stderr[-3000:]
    book = run.gradebook()
    for n, student in enumerate(HONEST):
        row = book[student]
        if code_ran:
            assert (row["l03-code"], row["l03-rows"]) == ("1", "1"), (student, row, run.report())
        if n % 2 == 0:
            assert row["l03-choice"] == "1" and row["l03-year"] == "2", (student, row)
    outputs = run.outputs()
    for name, text in outputs.items():
        for secret in (TEACHER_SECRET, ENV_SECRET, KEY_TEXT):
            assert secret not in text, (name, secret)
        if name in CLASS_VIEWS:
            continue
        for student in HONEST:
            if not name.startswith(f"feedback/{student}"):
                assert marker(student) not in text, (name, student)
    for row in csv.DictReader(io.StringIO(outputs["responses.csv"])):
        for student in HONEST:
            if row["student"] != student:
                assert marker(student) not in row["response"], (row["student"], student)


# The teacher's views of the whole class hold every student's answers by design; responses.csv is
# checked row by row instead (a student's row holds only their own work), report.html by its tests.
CLASS_VIEWS = {"responses.csv", "report.html"}


def attacker_notes(run: ClassRun) -> dict[str, str]:
    """What each attacker's code managed to say about itself (its note in the report)."""
    report = run.report()
    notes = {}
    for student in run.attackers:
        found = re.search(rf"{student}__{LESSON}\.ipynb:\n((?:    - .*\n)+)", report)
        notes[student] = found.group(1) if found else ""
    return notes


def remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
