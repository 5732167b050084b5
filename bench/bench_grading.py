"""Grading speed: prints figures, asserts nothing (speed targets are read, never timed tests).

1. 1,000 generated submissions for one lesson (website and notebook exports, a realistic mix of
   right, wrong and unanswered): wall time and peak memory of ``uspak.grading.grade``.
2. 100 generated notebooks with the lesson's code exercise, graded by ``uspak grade`` and by
   ``nbgrader autograde`` (installed by this script into a throwaway venv), as notebooks per
   second and their ratio.

    .venv/bin/python bench/bench_grading.py [--notebooks 100] [--skip-nbgrader]

4. What the class view adds (``report.html``, and rendering the HTML feedback) for
   1,000 hand-ins of one lesson and for 150 students x 9 lessons, on already graded results
   (``--report-only`` runs just this part). Target: under 1 s each.

3. What a fresh sandbox per code exercise costs: a trivial exercise run one after another in the
   bubblewrap sandbox and without isolation (``--unsafe-run-code``), and the worker's start-up.

Targets: 1,000 non-code submissions in under 1 s; at least 20x nbgrader's throughput with a
fresh sandbox per exercise (moonshot: 40x).
Everything is written under a temporary folder that is removed at the end (the nbgrader venv is
kept in the system temp folder between runs, to save installing it again).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

LESSON = "00-overview"
COURSE_LESSONS = [
    "00-overview",
    "01-history",
    "02-security",
    "03-economy",
    "04-nuclear",
    "05-diplomacy",
    "06-regional",
    "07-defence",
    "08-controversies",
]
NBGRADER_VENV = Path(tempfile.gettempdir()) / "uspak-bench-nbgrader-venv"
ROOT = Path(__file__).resolve().parents[1]


# --- generated submissions ------------------------------------------------------------------


def realistic_response(spec, rng: random.Random):
    """Right about 60% of the time, otherwise a plausible mistake; None means unanswered."""
    from uspak.exercises.code_result import reference_value

    roll = rng.random()
    if roll < 0.08:
        return None
    right = roll < 0.65
    options = [o.id for o in getattr(spec, "options", ())]  # only the choice types have them
    if spec.type == "single_choice":
        return spec.answer if right else rng.choice(options)
    if spec.type == "multiple_select":
        return list(spec.answer) if right else rng.sample(options, rng.randint(1, len(options)))
    if spec.type == "numeric":
        value = spec.answer if right else spec.answer + rng.choice([-1, 1, 10])
        return f"{value:,}" if "thousands" in spec.forms and rng.random() < 0.3 else str(value)
    if spec.type == "ordering":
        items = list(spec.answer)
        if not right:
            rng.shuffle(items)
        return items
    if spec.type == "matching":
        rights = [c.id for c in spec.right]
        return dict(spec.answer) if right else {c.id: rng.choice(rights) for c in spec.left}
    if spec.type == "short_text":
        return spec.accept[0] if right and spec.accept else "I am not sure"
    if spec.type == "code":
        value = reference_value(spec.solution, spec.result_name, spec.check)
        return {"value": value if right else value + "1"}
    raise ValueError(spec.type)


def write_submissions(folder: Path, count: int, seed: int = 1) -> None:
    from uspak.exercises.bank import load_bank
    from uspak.submission import write_submission

    rng = random.Random(seed)
    bank = load_bank(LESSON)
    start = datetime(2026, 11, 28, 8, tzinfo=UTC)
    for n in range(count):
        responses = {}
        for spec in bank:
            response = realistic_response(spec, rng)
            if response is not None:
                responses[spec.id] = {"response": response, "attempts": rng.randint(1, 4)}
        origin = "website" if n % 2 else "notebook"
        created = start + timedelta(seconds=n)
        write_submission(
            folder / f"s{n:04d}.json", LESSON, f"s{n:04d}", responses, origin, created=created
        )


def bench_submissions(count: int, work: Path) -> None:
    folder = work / "submissions"
    folder.mkdir()
    write_submissions(folder, count)
    # A fresh process, so that peak memory is the grader's and not this script's.
    code = textwrap.dedent(
        f"""
        import resource, time
        from pathlib import Path
        import pandas, uspak.grading.run  # imports are not timed (pandas: code results)
        folder, out = Path({str(folder)!r}), Path({str(work / "out1")!r})
        usage = resource.getrusage(resource.RUSAGE_SELF)
        start, cpu = time.perf_counter(), usage.ru_utime + usage.ru_stime
        report = uspak.grading.run.grade([folder], out=out, quiet=True)
        seconds = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu = usage.ru_utime + usage.ru_stime - cpu
        print(seconds, cpu, usage.ru_maxrss, report.counts["graded"])
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    seconds, cpu, peak, graded = result.stdout.split()
    print(f"{count:,} submissions for {LESSON} ({graded} graded, none with code to run):")
    print(f"  wall time           {float(seconds):.2f} s  (target < 1 s)")
    print(f"  CPU time            {float(cpu):.2f} s  (less sensitive to a busy machine)")
    print(f"  per submission      {1000 * float(seconds) / count:.2f} ms wall")
    print(f"  peak RSS            {int(peak) / 1024:.0f} MB (whole process, imports included)")
    print(f"  machine load        {os.getloadavg()[0]:.1f} (1-minute average)")


# --- notebooks ------------------------------------------------------------------------------


def code_spec():
    from uspak.exercises.bank import load_bank

    [spec] = [s for s in load_bank(LESSON) if s.type == "code"]
    return spec


def notebook(student: str, answer_code: str, spec) -> dict:
    """A student's notebook: a scratch cell, the exercise cell (also an nbgrader solution cell)
    and nbgrader's test cell. Both graders read the very same file."""

    def cell(source: str, nbgrader: dict | None = None) -> dict:
        metadata = {"nbgrader": {"schema_version": 3, **nbgrader}} if nbgrader else {}
        return {
            "cell_type": "code",
            "execution_count": None,
            "metadata": metadata,
            "outputs": [],
            "source": source,
        }

    common = {"locked": False, "points": 0, "grade": False, "solution": True, "task": False}
    test = {"locked": True, "points": 1, "grade": True, "solution": False, "task": False}
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
            "uspak": {"student": student, "lesson": LESSON},
        },
        "cells": [
            cell("from uspak import load_table\naid = load_table('aid_flows')\naid.tail()"),
            cell(f"# Exercise {spec.id}\n{answer_code}", {**common, "grade_id": "answer"}),
            cell("assert answer is not None", {**test, "grade_id": "test"}),
        ],
    }


def student_code(spec, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.7:
        return spec.solution
    if roll < 0.9:
        return spec.starter  # leaves answer = None
    return spec.solution + "\nraise ValueError('oops')\n"


def write_notebooks(course: Path, count: int) -> Path:
    """An nbgrader course folder whose submitted/ notebooks ``uspak grade`` also reads."""
    spec = code_spec()
    rng = random.Random(2)
    source = course / "source" / "ps1"
    source.mkdir(parents=True)
    (source / "ps1.ipynb").write_text(json.dumps(notebook("teacher", spec.solution, spec)))
    students = [f"s{n:03d}" for n in range(count)]
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        "c.CourseDirectory.course_id = 'uspak'\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        "c.CourseDirectory.db_assignments = [dict(name='ps1')]\n"
        f"c.CourseDirectory.db_students = {[{'id': s} for s in students]!r}\n"
        "c.ExecutePreprocessor.timeout = 60\n"
    )
    submitted = course / "submitted"
    for student in students:
        folder = submitted / student / "ps1"
        folder.mkdir(parents=True)
        nb = notebook(student, student_code(spec, rng), spec)
        (folder / "ps1.ipynb").write_text(json.dumps(nb))
        (folder / "timestamp.txt").write_text("2026-11-28 10:00:00.000000 UTC")
    return submitted


def bench_uspak_notebooks(submitted: Path, work: Path) -> float:
    from uspak.grading.run import grade

    start = time.perf_counter()
    report = grade([submitted], out=work / "out2", quiet=True)
    seconds = time.perf_counter() - start
    count = report.counts["graded"]
    print(
        f"uspak grade, {count} notebooks ({report.code_runs} code runs, {report.sandbox} sandbox):"
    )
    print(f"  wall time           {seconds:.2f} s  ({count / seconds:.1f} notebooks/s)")
    return count / seconds


def ensure_nbgrader() -> Path | None:
    python = NBGRADER_VENV / "bin" / "python"
    if not (NBGRADER_VENV / "bin" / "nbgrader").exists():
        print(f"installing nbgrader into {NBGRADER_VENV} (once) ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(NBGRADER_VENV)], check=True)
        install = [
            str(python),
            "-m",
            "pip",
            "install",
            "-q",
            "nbgrader",
            "pandas",
            "PyYAML",
            "jsonschema",
        ]
        if subprocess.run(install).returncode != 0:
            print("  nbgrader could not be installed: comparison skipped")
            return None
    return NBGRADER_VENV / "bin" / "nbgrader"


def bench_nbgrader(course: Path, count: int) -> float | None:
    nbgrader = ensure_nbgrader()
    if nbgrader is None:
        return None
    # The kernel imports uspak from this checkout (for load_table), as a student's would.
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "USPAK_ROOT": str(ROOT)}
    env["PATH"] = f"{nbgrader.parent}:{env['PATH']}"
    run = {"cwd": course, "env": env, "capture_output": True, "text": True}
    setup = subprocess.run([str(nbgrader), "generate_assignment", "ps1", "--force"], **run)
    if setup.returncode != 0:
        print("  nbgrader generate_assignment failed:\n" + setup.stderr[-2000:])
        return None
    start = time.perf_counter()
    result = subprocess.run([str(nbgrader), "autograde", "ps1", "--force"], **run)
    seconds = time.perf_counter() - start
    graded = len(list((course / "autograded").glob("*/ps1/ps1.ipynb")))
    if result.returncode != 0 or graded != count:
        print(f"  nbgrader autograde: {graded} of {count} graded; end of its log:")
        print(result.stderr[-2000:])
    print(f"nbgrader autograde, {graded} notebooks:")
    print(
        f"  wall time           {seconds:.2f} s  ({graded / seconds:.2f} notebooks/s, "
        f"{seconds / max(graded, 1):.2f} s per notebook)"
    )
    return graded / seconds


def bench_sandbox_cost(count: int = 40) -> None:
    """Per exercise, one after another: the bubblewrap sandbox against no isolation at all."""
    from uspak.grading.sandbox import CodeTask, Limits, SandboxPool

    task = CodeTask("x", "answer = 1", "answer", "number", 0)
    print(f"one sandbox per code exercise ({count} trivial exercises in a row, one at a time):")
    per_kind = {}
    for kind in ("bwrap", "unsafe"):
        start = time.perf_counter()
        with SandboxPool(1, Limits(), kind) as pool:
            started = time.perf_counter() - start
            if pool.kind != kind:
                print(f"  {kind}: not available here ({pool.refusal})")
                continue
            start = time.perf_counter()
            for _ in range(count):
                pool.run([task])
            per_kind[kind] = (time.perf_counter() - start) / count
        label = "bubblewrap sandbox" if kind == "bwrap" else "no isolation     "
        print(f"  {label}  {1000 * per_kind[kind]:.1f} ms each; worker start-up {started:.2f} s")
    if len(per_kind) == 2:
        extra = 1000 * (per_kind["bwrap"] - per_kind["unsafe"])
        print(f"  cost of sealing a fresh sandbox over a plain fork: {extra:.1f} ms per exercise")


def graded_class(students: int, lessons: list[str], seed: int = 3) -> tuple[list, dict]:
    """Re-checked hand-ins, made in memory: what ``grade`` passes to the class view."""
    from uspak.exercises.bank import load_all_banks
    from uspak.grading.recheck import recheck
    from uspak.submission import Response, Submission

    rng = random.Random(seed)
    banks = load_all_banks()
    when = datetime(2026, 11, 28, 8, tzinfo=UTC)
    graded = []
    for lesson in lessons:
        for n in range(students):
            responses = {}
            for spec in banks[lesson]:
                response = realistic_response(spec, rng)
                if response is not None:
                    responses[spec.id] = Response(spec.id, response, attempts=rng.randint(1, 4))
            sub = Submission(lesson, f"s{n:04d}", when, "website", responses, f"s{n}-{lesson}")
            graded.append(recheck(sub, banks[lesson]))
    return graded, banks


def bench_class_view(work: Path) -> None:
    import pandas  # noqa: F401 - a code exercise's reference value needs it; not timed

    from uspak.grading.feedback_html import render_feedback
    from uspak.grading.report import GradeReport
    from uspak.grading.report_html import write_report_html

    cases = [
        ("1,000 hand-ins, 1 lesson", 1000, [LESSON]),
        ("150 students x 9 lessons", 150, COURSE_LESSONS),
    ]

    print(
        "class view (report.html + rendering the HTML feedback, not writing it), on graded results:"
    )
    for label, students, lessons in cases:
        graded, banks = graded_class(students, lessons)
        out = work / f"view-{students}-{len(lessons)}"
        (out / "feedback").mkdir(parents=True)
        times, alone = [], []
        for _ in range(3):
            start = time.perf_counter()
            write_report_html(out=out, graded=graded, banks=banks, report=GradeReport(out=out))
            alone.append(time.perf_counter() - start)
            by_student: dict[str, list] = {}
            for item in graded:
                by_student.setdefault(item.submission.student, []).append(item)
            for student, items in by_student.items():
                render_feedback(student=student, graded=items, banks=banks)
            times.append(time.perf_counter() - start)
        size = (out / "report.html").stat().st_size
        print(
            f"  {label:26} {min(times):.2f} s best of 3 (median {sorted(times)[1]:.2f} s; "
            f"target < 1 s), of which report.html alone {min(alone):.2f} s "
            f"({size / 1024:.0f} kB)"
        )
    print(f"  machine load        {os.getloadavg()[0]:.1f} (1-minute average)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--notebooks", type=int, default=100)
    parser.add_argument("--skip-nbgrader", action="store_true")
    parser.add_argument("--report-only", action="store_true", help="only the class view (4.)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    work = Path(tempfile.mkdtemp(prefix="uspak-bench-grading-"))
    work.chmod(0o755)
    try:
        bench_class_view(work)
        if args.report_only:
            return
        bench_submissions(args.submissions, work)
        bench_sandbox_cost()
        course = work / "nbgrader-course"
        submitted = write_notebooks(course, args.notebooks)
        ours = bench_uspak_notebooks(submitted, work)
        if not args.skip_nbgrader:
            theirs = bench_nbgrader(course, args.notebooks)
            if theirs:
                ratio = ours / theirs
                print(f"throughput uspak / nbgrader: {ratio:.1f}x  (target 20x; 40x moonshot)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
