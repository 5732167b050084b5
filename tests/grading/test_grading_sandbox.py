"""Running students' code: a result comes back; a runaway or hostile program is stopped and named.

Results and limits are checked in both modes: the bubblewrap sandbox (where this machine can run
it) and ``--unsafe-run-code`` (no isolation, limits only). What isolation stops is checked for
the sandbox alone, here as root and, attacked as an ordinary user, in test_grading_isolation.py.
"""

from __future__ import annotations

import re
import shutil
import time

import pytest
from test_grading_fixtures import course, make_victim  # noqa: F401 - fixtures

from uspak.grading.sandbox import CodeTask, Limits, SandboxPool

LIMITS = Limits(cpu_seconds=1, wall_seconds=4, memory_mb=256, file_mb=1)
BWRAP = shutil.which("bwrap") is not None
KINDS = [
    pytest.param("bwrap", marks=pytest.mark.skipif(not BWRAP, reason="no bubblewrap"), id="bwrap"),
    pytest.param("unsafe", id="unsafe-run-code"),
]


@pytest.fixture(scope="module", params=KINDS)
def pool(request, course):  # noqa: F811 - the fixture imported above
    """One pool per sandbox kind, shared by the module's tests (workers take a second to start)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("USPAK_ROOT", str(course))
        with SandboxPool(1, LIMITS, kind=request.param) as shared:
            assert shared.kind == request.param, shared.refusal
            yield shared


@pytest.fixture
def isolated(pool):
    """The pool, for tests of what only the bubblewrap sandbox stops."""
    if pool.kind != "bwrap":
        pytest.skip("--unsafe-run-code isolates nothing")
    return pool


def run(pool: SandboxPool, code: str, kind: str = "number"):
    return pool.run([CodeTask("l03-code", code, "answer", kind, 0)])["l03-code"]


def test_result_comes_back_canonical(pool):
    """Does code that leaves a number in ``answer`` return its canonical text?"""
    assert run(pool, "answer = 6 * 7.0").value == "42"


def test_course_tables_are_available(pool, course):  # noqa: F811
    """Can student code call ``load_table`` as a lesson does, and get the project's data?"""
    rows = sum(1 for _ in (course / "data" / "sources.csv").open()) - 1
    outcome = run(pool, "from uspak import load_table\nanswer = len(load_table('sources'))")
    assert outcome.value == str(rows)


def test_one_exercise_does_not_see_another_exercises_variables(pool):
    """Does each exercise start from a fresh namespace?"""
    outcomes = pool.run(
        [
            CodeTask("l03-a", "secret = 1\nanswer = 1", "answer", "number", 0),
            CodeTask("l03-b", "answer = secret", "answer", "number", 0),
        ]
    )
    assert outcomes["l03-a"].value == "1"
    assert outcomes["l03-b"].message.startswith("NameError")


@pytest.mark.parametrize(
    ("code", "words"),
    [
        # On a very busy machine the clock may run out before the processor time does.
        pytest.param("while True:\n    pass", "processor time|still running", id="infinite-loop"),
        pytest.param("import time\ntime.sleep(60)", "still running", id="sleeps-forever"),
        pytest.param("x = bytearray(10 * 1024**3)\nanswer = 1", "MemoryError", id="allocates-10GB"),
        pytest.param("answer = 1 / 0", "ZeroDivisionError", id="raises"),
        pytest.param("answer = (", "SyntaxError", id="syntax-error"),
        pytest.param("x = 1", "did not define 'answer'", id="no-answer"),
        pytest.param("answer = 'many'", "expected a number", id="wrong-kind"),
        pytest.param("raise SystemExit(3)", r"called exit\(\)", id="calls-exit"),
    ],
)
def test_bad_code_is_stopped_with_a_reason(pool, code, words):
    """Is each runaway or broken program stopped with a message that says why?"""
    outcome = run(pool, code)
    assert outcome.status in ("error", "stopped")
    assert re.search(words, outcome.message)


def test_code_cannot_read_the_answer_keys(isolated, course):  # noqa: F811
    """Is exercises/ out of reach (hidden or refused) for student code?"""
    bank = course / "exercises" / "03-economy.yml"
    outcome = run(isolated, f"answer = open({str(bank)!r}).read()", kind="text")
    assert outcome.status == "error"
    assert "solution" not in outcome.message


def test_code_cannot_list_the_answer_keys(isolated, course):  # noqa: F811
    """Does listing exercises/ show nothing, or fail?"""
    outcome = run(isolated, f"import os\nanswer = len(os.listdir({str(course / 'exercises')!r}))")
    assert outcome.value in (None, "0")


def test_code_cannot_delete_files_outside_scratch(isolated, course, request):  # noqa: F811
    """Does deleting a teacher's file fail and leave the file in place?"""
    victim = make_victim(course, f"{request.node.callspec.id}.txt")
    outcome = run(isolated, f"import os\nos.remove({str(victim)!r})\nanswer = 1")
    assert outcome.status == "error"
    assert victim.read_text() == "keep me"


def test_code_cannot_overwrite_files_outside_scratch(isolated, course, request):  # noqa: F811
    """Does writing over a teacher's file fail and leave its content alone?"""
    victim = make_victim(course, f"{request.node.callspec.id}-w.txt")
    outcome = run(isolated, f"open({str(victim)!r}, 'w').write('gone')\nanswer = 1")
    assert outcome.status == "error"
    assert victim.read_text() == "keep me"


def test_code_can_write_in_its_scratch_folder(pool):
    """May code write and read back a file in its working directory?"""
    code = "open('notes.txt', 'w').write('42')\nanswer = int(open('notes.txt').read())"
    assert run(pool, code).value == "42"


def test_writing_a_huge_file_is_refused(pool):
    """Does writing past the file-size limit fail instead of filling the disk?"""
    outcome = run(pool, "open('big', 'wb').write(bytes(5 * 1024 * 1024))\nanswer = 1")
    assert outcome.status == "error"


def test_code_cannot_start_processes(isolated):
    """Is starting a program refused?"""
    outcome = run(isolated, "import subprocess\nsubprocess.run(['true'])\nanswer = 1")
    assert outcome.status == "error"


def test_killing_the_worker_is_reported_and_the_pool_recovers(isolated):
    """Does code that tries to kill its worker leave the next submission graded?"""
    for target in ("os.getppid()", "0", "-1"):  # the parent, the process group, everyone
        run(isolated, f"import os, signal\nos.kill({target}, signal.SIGKILL)\nanswer = 1")
        assert run(isolated, "answer = 5").value == "5"


def test_printing_does_not_disturb_the_result(pool):
    """Does output printed by the code (even protocol-like lines) leave the result intact?"""
    code = "import sys\nprint('{\"results\": {}}')\nprint('x', file=sys.stderr)\nanswer = 3"
    assert run(pool, code).value == "3"


def test_a_worker_that_dies_is_replaced(pool):
    """If the warm worker itself dies (say, killed by the machine's out-of-memory killer), is the
    next exercise run by a new one?"""
    pool._zygote.process.kill()
    pool._zygote.process.wait()
    for _ in range(50):  # until the grader has noticed
        if pool._zygote.dead:
            break
        time.sleep(0.05)
    assert run(pool, "answer = 6 * 7").value == "42"
