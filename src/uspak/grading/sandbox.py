"""Run students' code where it can do no harm: a pool of sandboxed worker processes.

Each worker (``uspak.grading.worker``) runs in its own sandbox and serves one submission at a time.
Where the platform has it, the sandbox is bubblewrap: a read-only view of the system, an empty
tmpfs over the course's exercises/ and .git, a small tmpfs as the only writable place, no network,
no other processes visible, no capabilities. Where it does not (macOS, a container that forbids
namespaces) the fallback is a plain subprocess: isolated Python (``-I``), a stripped environment, a
fresh scratch directory, resource limits and an audit hook (see ``worker._guard``). Either way, as
root the workers drop to the ``nobody`` user, so the kernel also refuses writes to the teacher's
files and process-count limits apply.

``USPAK_SANDBOX=bwrap`` or ``USPAK_SANDBOX=rlimit`` forces a kind; by default bubblewrap is used
when a trial run of it succeeds.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from uspak.course import CourseNotFoundError, locate

STARTUP_SECONDS = 60  # importing pandas and loading tables, on a machine busy with other work
BWRAP_TMPFS_BYTES = 64 * 1024 * 1024


class SandboxError(RuntimeError):
    """A worker could not be started, or died while serving a job."""


@dataclass(frozen=True)
class Limits:
    """What one code exercise may use. Exceeding any stops it and it scores 0, with the reason."""

    cpu_seconds: float = 10
    wall_seconds: float = 20
    memory_mb: int = 1024
    file_mb: int = 16


@dataclass(frozen=True)
class CodeTask:
    """One code exercise to run: the student's code and how to read its result. No answer key."""

    exercise: str
    code: str
    result_name: str
    kind: str
    precision: int


@dataclass(frozen=True)
class CodeOutcome:
    status: str  # ok | error | stopped
    value: str | None = None
    message: str = ""


def sandbox_kind() -> str:
    """'bwrap' or 'rlimit': which sandbox this machine gives the grader."""
    forced = os.environ.get("USPAK_SANDBOX", "").strip().lower()
    if forced in ("bwrap", "rlimit"):
        return forced
    return "bwrap" if _bwrap_works() else "rlimit"


@cache
def _bwrap_works() -> bool:
    bwrap = shutil.which("bwrap")
    if not bwrap or not sys.platform.startswith("linux"):
        return False
    try:
        probe = subprocess.run([*_bwrap_args(bwrap, []), "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def _protected() -> list[str]:
    """What student code must never read: the plain keys and the history that holds them."""
    course = locate()
    paths = [course.exercises]
    git = course.root / ".git"
    if git.is_dir():
        paths.append(git)
    return [str(p) for p in paths if p.is_dir()]


def _bwrap_args(bwrap: str, protected: list[str]) -> list[str]:
    args = [bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
    hidden = [Path("/tmp")]
    args += ["--size", str(BWRAP_TMPFS_BYTES), "--tmpfs", "/tmp"]  # the only writable place
    if os.geteuid() == 0 and Path("/root").is_dir():  # hide root's own files
        hidden.append(Path("/root"))
        args += ["--tmpfs", "/root"]
    for folder in _needed_inside():  # what a hidden folder holds that the worker needs back
        if any(folder.is_relative_to(h) for h in hidden):
            args += ["--ro-bind", str(folder), str(folder)]
    for path in protected:  # last, so that a course brought back above still loses its keys
        args += ["--tmpfs", path]
    args += ["--die-with-parent", "--new-session", "--chdir", "/tmp"]
    if os.geteuid() != 0:  # unprivileged: a user namespace, and bwrap keeps no capability
        return [*args, "--unshare-all"]
    # As root: no user namespace, so that the worker's switch to nobody is real outside the
    # sandbox too (process limits, file permissions); it keeps only what that switch needs.
    args += ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts"]
    args += ["--unshare-cgroup-try", "--cap-drop", "ALL"]
    return [*args, "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_CHOWN"]


def _needed_inside() -> list[Path]:
    """Python, the installed uspak and the course's files (data/ for load_table)."""
    import uspak

    folders = {Path(sys.base_prefix), Path(sys.prefix), Path(uspak.__file__).parents[1]}
    with contextlib.suppress(CourseNotFoundError):
        folders.add(locate().root)
    return sorted({f.resolve() for f in folders})


class Worker:
    """One sandboxed worker process and the pipe protocol to it (one JSON line each way)."""

    def __init__(self, kind: str, scratch_root: Path):
        protected = _protected()
        if kind == "bwrap":
            prefix = _bwrap_args(shutil.which("bwrap") or "bwrap", protected)
            config = {"kind": kind, "scratch_root": "/tmp", "protected": protected}
            cwd = "/"
        else:
            prefix = []
            config = {"kind": kind, "scratch_root": str(scratch_root), "protected": protected}
            cwd = str(scratch_root)
        command = [*prefix, sys.executable, "-I", "-m", "uspak.grading.worker", json.dumps(config)]
        # The worker's own start-up errors land here (student output never does).
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            cwd=cwd,
            env=_worker_env(scratch_root if kind == "rlimit" else Path("/tmp")),
            start_new_session=True,
        )
        self._buffer = b""
        try:
            hello = self._receive(STARTUP_SECONDS)
        except SandboxError:
            hello = {}
        if not hello.get("ready"):
            detail = self.stderr_tail()
            self.close()
            raise SandboxError(f"the sandboxed worker did not start: {detail or 'no message'}")

    def run(self, tasks: list[CodeTask], limits: Limits) -> dict[str, CodeOutcome]:
        job = {"exercises": [asdict(t) for t in tasks], "limits": asdict(limits)}
        try:
            self.process.stdin.write(json.dumps(job).encode("utf-8") + b"\n")
            self.process.stdin.flush()
        except OSError as error:
            raise SandboxError(f"the sandboxed worker stopped: {error}") from None
        # Each exercise is bounded by its own wall limit inside the worker; this is the backstop.
        reply = self._receive(len(tasks) * (limits.wall_seconds + 5) + 10)
        results = reply.get("results", {})
        return {t.exercise: _outcome(results.get(t.exercise)) for t in tasks}

    def _receive(self, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        stdout = self.process.stdout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([stdout], [], [], left)[0]:
                raise SandboxError("the sandboxed worker stopped answering")
            chunk = os.read(stdout.fileno(), 1 << 20)
            if not chunk:
                raise SandboxError("the sandboxed worker stopped unexpectedly")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        try:
            return json.loads(line)
        except ValueError:
            raise SandboxError("the sandboxed worker sent garbage") from None

    def stderr_tail(self) -> str:
        """The end of what the worker itself wrote to stderr: why it failed to start or died."""
        self._stderr.seek(0)
        return self._stderr.read()[-2000:].decode("utf-8", "replace").strip()

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self._stderr):
            with contextlib.suppress(OSError):
                stream.close()


def _outcome(raw: Any) -> CodeOutcome:
    if not isinstance(raw, dict) or raw.get("status") not in ("ok", "error", "stopped"):
        return CodeOutcome("stopped", None, "the sandbox returned no result")
    value = raw.get("value")
    message = raw.get("message")
    return CodeOutcome(
        raw["status"],
        value if isinstance(value, str) else None,
        message if isinstance(message, str) else "",
    )


def _worker_env(home: Path) -> dict[str, str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": str(home),
        "MPLCONFIGDIR": str(home),
        "MPLBACKEND": "Agg",
        # one thread each: workers already fill the cores, and children may not start threads
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    if os.environ.get("USPAK_ROOT"):
        env["USPAK_ROOT"] = os.environ["USPAK_ROOT"]
    return env


class SandboxPool:
    """Up to ``size`` workers, started on first use; ``run`` may be called from several threads."""

    def __init__(self, size: int, limits: Limits, kind: str | None = None):
        self.size = size
        self.limits = limits
        self.kind = kind or sandbox_kind()
        self._scratch = Path(tempfile.mkdtemp(prefix="uspak-grading-"))
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._started = 0
        self._all: list[Worker] = []
        self._lock = threading.Lock()

    def run(self, tasks: list[CodeTask]) -> dict[str, CodeOutcome]:
        """Each task's outcome; a worker failure becomes a 'stopped' outcome and a fresh worker."""
        try:
            worker = self._take()
        except (SandboxError, OSError) as error:
            return {t.exercise: CodeOutcome("stopped", None, str(error)) for t in tasks}
        try:
            outcomes = worker.run(tasks, self.limits)
        except SandboxError as error:
            self._replace(worker)
            return {t.exercise: CodeOutcome("stopped", None, str(error)) for t in tasks}
        self._idle.put(worker)
        return outcomes

    def _take(self) -> Worker:
        while True:  # an idle worker, else a new one if the pool has room, else wait a little
            try:
                return self._idle.get(timeout=0.05)
            except queue.Empty:
                pass
            with self._lock:
                start = self._started < self.size
                self._started += start
            if start:
                break
        try:
            return self._start()
        except BaseException:
            with self._lock:
                self._started -= 1
            raise

    def _start(self) -> Worker:
        worker = Worker(self.kind, self._scratch)
        with self._lock:
            self._all.append(worker)
        return worker

    def _replace(self, broken: Worker) -> None:
        broken.close()
        try:
            self._idle.put(self._start())
        except (SandboxError, OSError):
            with self._lock:
                self._started -= 1

    def close(self) -> None:
        for worker in self._all:
            worker.close()
        shutil.rmtree(self._scratch, ignore_errors=True)

    def __enter__(self) -> SandboxPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
