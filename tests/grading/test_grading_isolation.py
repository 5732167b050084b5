"""Can one student's code harm the others, the teacher or the run? Findings 1-7 of issue 12, each
attacked by notebooks hidden among 20 honest students, with the grader run as an ordinary user
(finding 6: as root), as on a teacher's Linux machine.

After every run: every honest student keeps full marks; no honest student's code or answers, the
teacher's private note, the grader's environment or an answer key appears in another student's
feedback or in the report; nothing is left in /tmp or /dev/shm; and a Unix socket listening on
the host has received nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from grading_harness import (
    KEY_TEXT,
    ROOT,
    TOKEN,
    ClassRun,
    SocketListener,
    assert_class_intact,
    attacker_notes,
    grade_as_user,
    grader_env,
    leftovers,
    make_class,
    reach,
    remove,
    shm_used,
)
from test_grading_fixtures import LESSON, course  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.skipif(shutil.which("bwrap") is None, reason="needs bubblewrap"),
    pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv (util-linux)"),
    pytest.mark.skipif(sys.platform != "linux", reason="Linux namespaces"),
]

# Shared by the attacks: look for anyone's secrets in what was read, and say what was found.
SPY = """\
import os, re
PATTERN = re.compile(r"honest-s[0-9]+-[0-9a-f]+|teacher-secret-[0-9a-f]+|envsecret-[0-9a-f]+"
                     r"|planted-[0-9a-f]+|answer: [0-9]{4}")
found = set()
def look(data):
    found.update(PATTERN.findall(data.decode("latin-1") if isinstance(data, bytes) else data))
def read(path, limit=1_000_000):
    try:
        with open(path, "rb") as handle:
            look(handle.read(limit))
    except OSError:
        pass
"""


def read_everything(targets: list[str]) -> str:
    """Code that walks the machine and reads anything that might hold someone's secret."""
    return SPY + (
        f"targets = {targets!r} + ['/', '/home', '/root', '/run', '/tmp', '/work', '/srv']\n"
        "look(repr(dict(os.environ)))\n"
        "for pid in os.listdir('/proc'):\n"
        "    read(f'/proc/{pid}/environ') if pid.isdigit() else None\n"
        "count = 0\n"
        "skip = ('/proc', '/sys', '/usr', '/dev')\n"
        "wanted = ('.json', '.ipynb', '.txt', '.yml', '.md', 'HEAD', 'config', 'environ')\n"
        "for top in targets:\n"
        "    for folder, dirs, files in os.walk(top):\n"
        "        dirs[:] = [d for d in dirs if os.path.join(folder, d) not in skip]\n"
        "        for name in files:\n"
        "            count += 1\n"
        "            if name.endswith(wanted) and 'site-packages' not in folder:\n"
        "                read(os.path.join(folder, name), 200_000)\n"
        "raise RuntimeError(f'walked {count} found {sorted(found)}'[:250])\n"
    )


@pytest.fixture
def attack(course, request):  # noqa: F811 - the fixture imported above
    """Grade a class with these attackers as the test user; check what must always hold."""
    if os.geteuid() != 0:
        pytest.skip("switches to a test user: run as root (as CI does)")
    base = Path(tempfile.mkdtemp(prefix="uspak-isolation-", dir="/var/tmp"))
    base.chmod(0o755)
    listener = SocketListener(base)
    runs: list[ClassRun] = []
    before_tmp, before_shm = leftovers(), shm_used()

    def grade(attacks: dict[str, str], *options: str, env: dict | None = None) -> ClassRun:
        run = make_class(base, attacks)
        grade_as_user(run, course, *options, env=env)
        runs.append(run)
        return run

    grade.listener = listener  # type: ignore[attr-defined]
    grade.base = base  # type: ignore[attr-defined]
    yield grade
    listener.close()
    try:
        assert listener.received == [], "a Unix socket on the host was reached"
        assert leftovers() <= before_tmp, "files left in /tmp or /dev/shm"
        assert shm_used() - before_shm < 8 * 2**20, "/dev/shm still holds the run's files"
    finally:
        remove(base)


def test_code_cannot_forge_other_students_results(attack):
    """Finding 1: can code reopen another process's pipes, write fake replies, read its memory
    or attach to it, and so change other students' marks?"""
    code = SPY + (
        "import ctypes, struct\n"
        "me = str(os.getpid())\n"
        "others = [p for p in os.listdir('/proc') if p.isdigit() and p != me]\n"
        "forged = 0\n"
        "for pid in others:\n"
        "    ctypes.CDLL(None).ptrace(16, int(pid), 0, 0)\n"
        "    for fd in os.listdir(f'/proc/{pid}/fd') if os.access(f'/proc/{pid}/fd', 4) else []:\n"
        "        try:\n"
        "            with open(f'/proc/{pid}/fd/{fd}', 'wb', buffering=0) as handle:\n"
        "                handle.write(b'{\"results\": {}}\\n' * 3)\n"
        "                forged += 1\n"
        "        except OSError:\n"
        "            pass\n"
        "    try:\n"
        "        maps = open(f'/proc/{pid}/maps').read().splitlines()\n"
        "        with open(f'/proc/{pid}/mem', 'rb', buffering=0) as mem:\n"
        "            for line in maps:\n"
        "                start, end = (int(x, 16) for x in line.split()[0].split('-'))\n"
        "                if 'rw-p' in line and end - start < 2**24:\n"
        "                    mem.seek(start)\n"
        "                    look(mem.read(end - start))\n"
        "    except (OSError, ValueError):\n"
        "        pass\n"
        "raise RuntimeError(f'saw {len(others)} forged {forged} found {sorted(found)}'[:250])\n"
    )
    forge_own = (  # extra replies, and a well-framed one, on every descriptor it has
        "import os, struct\n"
        "for fd in os.listdir('/proc/self/fd'):\n"
        "    try:\n"
        "        os.write(int(fd), b'{\"results\": {}}\\n' * 3 + struct.pack('!Q', 2) + b'{}')\n"
        "    except OSError:\n"
        "        pass\n"
        "answer = 42\n"
    )
    run = attack({"s03x": code, "s09x": forge_own, "s14x": code, "s19x": forge_own})
    assert_class_intact(run)
    notes = attacker_notes(run)
    for student in ("s03x", "s14x"):
        assert "saw 0 forged 0 found []" in notes[student], notes[student]


def test_code_cannot_read_hand_ins_private_files_keys_or_the_environment(attack, course):  # noqa: F811
    """Finding 2: can code find other hand-ins, the teacher's 0700 folder, any copy of
    exercises/ (and .git), or the grader's environment, and leak them in its own feedback?"""
    targets = [str(course / "exercises"), str(ROOT / "exercises"), str(ROOT / ".git"), "/var/tmp"]
    code = read_everything(targets)
    run = attack({f"s{n:02d}x": code for n in (4, 12)}, "--time-limit", "8")
    assert_class_intact(run)
    for note in attacker_notes(run).values():
        assert "found []" in note, note


def test_dev_shm_is_bounded_and_private(attack):
    """Finding 3: can code fill /dev/shm past its limits (host memory growing with it)?"""
    code = (
        "written = 0\n"
        "try:\n"
        "    while written < 300:\n"
        "        with open(f'/dev/shm/fill-{written}', 'wb') as handle:\n"
        "            handle.write(b'x' * 2**20)\n"
        "        written += 1\n"
        "except OSError:\n"
        "    pass\n"
        "raise RuntimeError(f'wrote {written} MB to /dev/shm')\n"
    )
    run = attack({f"s{n:02d}x": code for n in (2, 11, 17)})
    assert_class_intact(run)
    for note in attacker_notes(run).values():
        written = re.search(r"wrote (\d+) MB", note)
        assert written and int(written.group(1)) <= 16, note  # the default 16 MB of files


def test_no_unix_socket_of_the_host_is_reachable(attack):
    """Finding 4: can code connect to a Unix socket on the host, on a path or abstract?"""
    listener = attack.listener
    code = (
        "import socket\n"
        f"targets = [{str(listener.path)!r}, {listener.abstract!r}]\n"
        "try:\n"
        "    for line in open('/proc/net/unix').read().splitlines()[1:]:\n"
        "        parts = line.split()\n"
        "        if len(parts) > 7:\n"
        "            targets.append(parts[7].replace('@', '\\0', 1))\n"
        "except OSError:\n"
        "    pass\n"
        "reached = []\n"
        "for target in targets:\n"
        "    try:\n"
        "        with socket.socket(socket.AF_UNIX) as s:\n"
        "            s.settimeout(1)\n"
        "            s.connect(target)\n"
        "            s.sendall(b'pwned')\n"
        "            reached.append(target)\n"
        "    except OSError:\n"
        "        pass\n"
        "raise RuntimeError(f'reached {reached}'[:250])\n"
    )
    run = attack({f"s{n:02d}x": code for n in (6, 15)})
    assert_class_intact(run)  # the listener is checked after every run
    for note in attacker_notes(run).values():
        assert "reached []" in note, note


def test_tmp_is_fresh_for_every_sandbox(attack):
    """Finding 5: does a file planted in /tmp (or /dev/shm, or the working folder) reach the
    next student, and can planting fill the space they need?"""
    plant = (
        "for n in range(40):\n"
        "    for folder in ('/tmp', '/dev/shm', '.'):\n"
        "        try:\n"
        "            with open(f'{folder}/planted-{n}', 'w') as handle:\n"
        f"                handle.write('planted-{TOKEN}' + 'x' * 2**20)\n"
        "        except OSError:\n"
        "            pass\n"
        "answer = 0\n"
    )
    snoop = SPY + (
        "seen = []\n"
        "def same_disk(path, device):\n"
        "    try:\n"
        "        return os.stat(path).st_dev == device\n"
        "    except OSError:\n"
        "        return False\n"
        "for folder in ('/tmp', '/dev/shm', '.', os.path.expanduser('~')):\n"
        "    device = os.stat(folder).st_dev\n"
        "    for where, dirs, files in os.walk(folder):\n"
        # A checkout under /tmp is bound read-only into the sandbox's /tmp: not planted files.
        "        dirs[:] = [d for d in dirs if same_disk(os.path.join(where, d), device)]\n"
        "        seen += [f for f in files if f.startswith(('planted', 'notes-'))]\n"
        "        for name in files:\n"
        "            read(os.path.join(where, name))\n"
        "raise RuntimeError(f'seen {sorted(set(seen))} found {sorted(found)}'[:250])\n"
    )
    attacks = {}
    for n in (2, 5, 8, 11, 14, 17):
        attacks[f"s{n:02d}p"] = plant
        attacks[f"s{n:02d}q"] = snoop
    run = attack(attacks)
    assert_class_intact(run)
    for student, note in attacker_notes(run).items():
        if student.endswith("q"):
            assert "seen [] found []" in note, note
    for student in (s for s in run.attackers if s.endswith("q")):
        assert f"planted-{TOKEN}" not in run.feedback(student)


def test_lazy_imports_work_as_root_with_python_and_course_under_0700_folders(course):  # noqa: F811
    """Finding 6: as root, with the course and Python's packages under 0700 folders, do
    ``import glob`` and ``df.to_csv()`` still work for every student?"""
    if os.geteuid() != 0:
        pytest.skip("the finding is about running as root")
    closed = Path(tempfile.mkdtemp(prefix="uspak-0700-"))  # mode 0700, like a home folder
    teacher = Path(tempfile.mkdtemp(prefix="uspak-isolation-", dir="/var/tmp"))
    try:
        shutil.copytree(course, closed / "course")
        venv = closed / "venv"
        venv.mkdir()
        spy = read_everything([str(course / "exercises"), str(ROOT / "exercises")])
        run = make_class(teacher, {"s10x": spy})
        python = venv / "bin" / "python"
        command = [*reach([]), "--bind", sys.prefix, str(venv), str(python), "-m", "uspak"]
        command += ["grade", str(run.hand_ins), "--out", str(run.out), "--quiet", "--jobs", "2"]
        command += ["--time-limit", "8"]
        env = grader_env(closed / "course", run.teacher)
        run.result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert "bwrap sandbox" in run.report(), run.report()[:500]
        assert_class_intact(run)
        assert "found []" in attacker_notes(run)["s10x"], attacker_notes(run)
    finally:
        remove(closed)
        remove(teacher)


def test_without_a_sandbox_code_is_not_run_unless_asked(attack):
    """Finding 7: where no namespaces can be had, is students' code refused (with the reason
    and the way to enable it) instead of run behind an audit hook it can switch off?"""
    code = (
        "import sys, os\n"
        "sys.modules['__main__'].BLOCKED_EVENTS = frozenset()\n"
        "os.path.realpath = lambda path: '/nowhere'\n"
        "open(os.path.expanduser('~/private/secret.txt'), 'w').write('overwritten')\n"
        "os.kill(-1, 9)\n"
    )
    run = attack({"s07x": code, "s13x": code}, env={"USPAK_SANDBOX": "none"})
    assert_class_intact(run, code_ran=False)
    assert (run.teacher / "private" / "secret.txt").read_text().startswith("teacher-secret")
    book = run.gradebook()
    assert {book[s]["l03-code"] for s in book} == {"0"}
    report = run.report()
    assert "not run" in report and "--unsafe-run-code" in report
    assert KEY_TEXT not in report


def test_unsafe_run_code_says_so_first(attack):
    """Finding 7, opted in: does ``--unsafe-run-code`` grade the code and open report.txt with
    one sentence saying that it ran without isolation?"""
    run = attack({}, "--unsafe-run-code", env={"USPAK_SANDBOX": "none"})
    assert_class_intact(run)
    first = run.report().splitlines()[2]
    assert "WITHOUT isolation" in first and first.count(". ") == 0, first
