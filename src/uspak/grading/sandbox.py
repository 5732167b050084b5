"""Run students' code where it can do no harm: a fresh sandbox per code exercise.

One warm worker (``uspak.grading.worker``, pandas imported, tables loaded) is started per run
inside bubblewrap's view (``uspak.grading.sandbox_view``); for every exercise it forks a child
that seals itself into namespaces of its own and is gone when the exercise ends. Why a zygote
rather than bubblewrap per exercise: a fresh Python importing pandas costs 1.1 to 1.8 s here, a
fork about 10 ms. Why not one long-lived worker serving exercise after exercise (the design this
replaced): its students shared a process tree, a ``/tmp`` and a reply pipe, and one student's
code could rewrite the next students' results.

Each exercise gets a socket pair of its own. One end goes to the worker, which hands it to the
child and closes its copy; the grader writes the job into the other end and reads back exactly
one length-framed reply (``uspak.grading.channel``). The worker reports, on its control socket,
how the child ended (exit status, processor time, killed at the wall-clock limit); a reply counts
only from a child that exited normally. Nothing a child writes can reach another exercise's
channel or the control socket: they are never in its file table, and no other process is
visible from its PID namespace.

Kinds: ``bwrap`` (the isolation above), ``unsafe`` (no isolation: the same worker without
bubblewrap, chosen only with ``unsafe_run_code`` where bubblewrap cannot run) and ``none`` (code
not run, each exercise scoring 0 with the reason). ``USPAK_SANDBOX=none`` makes a machine with
bubblewrap behave as one without, to see or test that path.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from uspak.course import CourseNotFoundError, locate
from uspak.grading.channel import FrameError, read_frame, write_frame
from uspak.grading.sandbox_view import (
    NOBODY,
    ZYGOTE_CACHE,
    bwrap_command,
    hidden_paths,
    needed_paths,
)

STARTUP_SECONDS = 60  # importing pandas and loading tables, on a machine busy with other work
MAX_RESULT_BYTES = 1_000_000
ENABLE_HINT = (
    "install bubblewrap (Debian and Ubuntu: apt-get install bubblewrap) on a Linux machine that "
    "allows user namespaces, or grade with --unsafe-run-code to run students' code without "
    "isolation"
)


class SandboxError(RuntimeError):
    """The worker could not be started, or died."""


@dataclass(frozen=True)
class Limits:
    """What one code exercise may use. Exceeding any stops it and it scores 0, with the reason.

    ``file_mb`` bounds each file it writes and, together, everything in its ``/tmp``,
    ``/dev/shm`` and working folder (one tmpfs of that size, in memory).
    """

    cpu_seconds: float = 10
    wall_seconds: float = 25  # for_cpu's rule: a busy machine needs more than the CPU time
    memory_mb: int = 1024
    file_mb: int = 16

    @classmethod
    def for_cpu(cls, cpu_seconds: float, *, memory_mb: int | None = None) -> Limits:
        """Limits for ``cpu_seconds`` of processor time, the clock allowed twice that plus 5 s."""
        memory = memory_mb or cls.memory_mb
        return cls(cpu_seconds=cpu_seconds, wall_seconds=2 * cpu_seconds + 5, memory_mb=memory)


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
    """'bwrap' where bubblewrap is installed (Linux), else 'none'. USPAK_SANDBOX forces one."""
    forced = os.environ.get("USPAK_SANDBOX", "").strip().lower()
    if forced in ("bwrap", "none"):
        return forced
    return "bwrap" if sys.platform.startswith("linux") and shutil.which("bwrap") else "none"


class Zygote:
    """The warm worker process and its control socket (one JSON message per datagram)."""

    def __init__(self, kind: str, hide: tuple[Path, ...] = ()):
        family = socket.SOCK_SEQPACKET if sys.platform.startswith("linux") else socket.SOCK_DGRAM
        self.control, theirs = socket.socketpair(socket.AF_UNIX, family)
        as_root = os.geteuid() == 0
        try:
            needed = needed_paths()
        except (OSError, subprocess.SubprocessError) as error:
            raise SandboxError(f"this Python cannot list its own folders: {error}") from None
        config = {"kind": kind, "control_fd": theirs.fileno(), "needed": needed}
        python = [sys.executable, "-I", "-m", "uspak.grading.worker", json.dumps(config)]
        pass_fds = [theirs.fileno()]
        self._scratch = None if kind == "bwrap" else Path(tempfile.mkdtemp(prefix="uspak-grading-"))
        if kind == "bwrap":
            bwrap = shutil.which("bwrap") or "bwrap"
            prefix = bwrap_command(bwrap, needed, hidden_paths(needed, hide), as_root)
            if as_root:
                block_read, block_write = os.pipe()
                info_read, info_write = os.pipe()
                prefix += ["--userns-block-fd", str(block_read), "--info-fd", str(info_write)]
                pass_fds += [block_read, info_write]
            home = ZYGOTE_CACHE
        else:
            prefix, home = [], str(self._scratch)
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        try:
            self.process = subprocess.Popen(
                [*prefix, *python],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=self._stderr,
                pass_fds=pass_fds,
                env=_worker_env(home),
                start_new_session=True,
            )
        except OSError as error:
            raise SandboxError(f"the sandbox could not be started: {error}") from None
        finally:
            theirs.close()
        self._lock = threading.Lock()
        self._next = 0
        self._waiting: dict[int, tuple[threading.Event, list[dict]]] = {}
        self._dead = False
        try:
            if kind == "bwrap" and as_root:
                os.close(block_read)
                os.close(info_write)
                _map_root_to_nobody(info_read, block_write)
            hello = self._receive(STARTUP_SECONDS)
        except (OSError, ValueError, SandboxError) as error:
            hello = {"error": str(error)}
        if not hello.get("ready"):
            detail = self.stderr_tail() or hello.get("error") or "no message"
            self.close()
            raise SandboxError(f"the sandbox did not start: {detail}")
        threading.Thread(target=self._dispatch, daemon=True).start()

    def _receive(self, timeout: float) -> dict[str, Any]:
        if not select.select([self.control], [], [], timeout)[0]:
            raise SandboxError("the worker did not answer")
        data = self.control.recv(65536)
        if not data:
            raise SandboxError("the worker stopped")
        return json.loads(data)

    def _dispatch(self) -> None:
        """Hand each exit report to the thread waiting for it; wake them all if the worker dies."""
        while True:
            try:
                data = self.control.recv(65536)
            except OSError:
                data = b""
            if not data:
                break
            report = json.loads(data)
            with self._lock:
                waiter = self._waiting.get(report.get("job"))
            if waiter:
                waiter[1].append(report)
                waiter[0].set()
        with self._lock:
            self._dead = True
            for event, _ in self._waiting.values():
                event.set()

    def start(self, channel: socket.socket, wall_seconds: float, file_mb: int) -> int:
        """Ask for a sandbox served through ``channel`` (the worker gets its own copy)."""
        with self._lock:
            if self._dead:
                raise SandboxError("the sandbox worker stopped")
            self._next += 1
            job = self._next
            self._waiting[job] = (threading.Event(), [])
            request = {"job": job, "wall_seconds": wall_seconds, "file_mb": file_mb}
            socket.send_fds(self.control, [json.dumps(request).encode()], [channel.fileno()])
        return job

    def wait(self, job: int, timeout: float) -> dict | None:
        """How the sandbox ended, or None if the worker died or never said."""
        event, reports = self._waiting[job]
        event.wait(timeout)
        with self._lock:
            self._waiting.pop(job, None)
        return reports[0] if reports else None

    @property
    def dead(self) -> bool:
        return self._dead

    def stderr_tail(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read()[-2000:].decode("utf-8", "replace").strip()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.control.close()
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.process.kill()
        self.process.wait()
        self._stderr.close()
        if self._scratch:
            shutil.rmtree(self._scratch, ignore_errors=True)


def _map_root_to_nobody(info_read: int, block_write: int) -> None:
    """As root: the sandbox's user namespace maps nobody to nobody (and root to root for
    bubblewrap's own set-up, which the worker then leaves for nobody, see worker.become_nobody)."""
    info = b""
    while True:
        if not select.select([info_read], [], [], STARTUP_SECONDS)[0]:
            raise SandboxError("bubblewrap did not start")
        chunk = os.read(info_read, 4096)
        if not chunk:
            raise SandboxError("bubblewrap stopped before its user namespace was ready")
        info += chunk
        with contextlib.suppress(ValueError):
            pid = json.loads(info)["child-pid"]
            break
    os.close(info_read)
    mapping = f"0 0 1\n{NOBODY} {NOBODY} 1\n"
    for name in ("uid_map", "gid_map"):
        with open(f"/proc/{pid}/{name}", "w") as handle:
            handle.write(mapping)
    os.write(block_write, b"1")
    os.close(block_write)


def _worker_env(home: str) -> dict[str, str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": home,
        "MPLCONFIGDIR": home,
        "MPLBACKEND": "Agg",
        # one thread each: sandboxes may not start threads, and several run at once
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    with contextlib.suppress(CourseNotFoundError):
        env["USPAK_ROOT"] = str(locate().root)
    return env


class SandboxPool:
    """Runs code tasks, each in a fresh sandbox, up to ``size`` at once; thread-safe.

    ``kind`` None picks bubblewrap where it is installed. Where it cannot run, tasks are refused
    (``kind == "none"``, ``refusal`` says why) unless ``unsafe`` allows running them unisolated.
    ``hide`` names paths (the inputs, the output folder) that must stay out of sight even if a
    bound folder holds them.
    """

    def __init__(
        self,
        size: int,
        limits: Limits,
        kind: str | None = None,
        *,
        unsafe: bool = False,
        hide: tuple[Path, ...] = (),
    ):
        self.limits = limits
        self.kind = kind or sandbox_kind()
        self.refusal = ""
        self._slots = threading.BoundedSemaphore(max(1, size))
        self._zygote: Zygote | None = None
        self._hide = hide
        self._lock = threading.Lock()
        if self.kind == "none":
            self.refusal = "bubblewrap (bwrap) is not installed, or this is not Linux"
        else:
            self._start(self.kind)
        if self.kind == "none" and unsafe:
            self._start("unsafe")

    def _start(self, kind: str) -> None:
        try:
            self._zygote = Zygote(kind, self._hide)
            if kind == "bwrap":
                self._check_sandbox()
            self.kind = kind
        except SandboxError as error:
            self.close()
            self.kind, self.refusal = "none", str(error)

    def _check_sandbox(self) -> None:
        """One trial exercise: a module imported lazily, as much of students' code does."""
        probe = CodeTask("probe", "import glob\nanswer = 1", "answer", "number", 0)
        outcome = self._run_one(probe)
        if outcome.value != "1":
            raise SandboxError(f"the sandbox does not work here: {outcome.message}")

    def run(self, tasks: list[CodeTask]) -> dict[str, CodeOutcome]:
        """Each task's outcome; a task the sandbox could not run is 'stopped' with the reason."""
        return {task.exercise: self._run_one(task) for task in tasks}

    def _run_one(self, task: CodeTask) -> CodeOutcome:
        if self._zygote is None:
            message = f"not run: this computer cannot isolate students' code ({self.refusal}); "
            return CodeOutcome("stopped", None, message + ENABLE_HINT)
        limits = self.limits
        with self._lock:  # a worker that died (the machine ran out of memory) is started again
            if self._zygote.dead:
                self._zygote.close()
                try:
                    self._zygote = Zygote(self.kind, self._hide)
                except SandboxError as error:
                    return CodeOutcome("stopped", None, f"the sandbox failed: {error}")
        with self._slots:
            ours, theirs = socket.socketpair()
            try:
                with theirs:
                    job = self._zygote.start(theirs, limits.wall_seconds, limits.file_mb)
                frame = _exchange(ours, task, limits)
                report = self._zygote.wait(job, timeout=limits.wall_seconds + 10)
            except (OSError, SandboxError) as error:
                return CodeOutcome("stopped", None, f"the sandbox failed: {error}")
            finally:
                ours.close()
        return _outcome(frame, report, limits)

    def close(self) -> None:
        if self._zygote is not None:
            self._zygote.close()
            self._zygote = None

    def __enter__(self) -> SandboxPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _exchange(channel: socket.socket, task: CodeTask, limits: Limits) -> bytes | None:
    """Send the job, read the one reply (None if there is none, or it is malformed)."""
    job = {**asdict(task), "limits": asdict(limits)}
    fd = channel.fileno()
    try:
        write_frame(fd, json.dumps(job).encode("utf-8"))
        return read_frame(fd, MAX_RESULT_BYTES, timeout=limits.wall_seconds + 10)
    except (OSError, FrameError):
        return None


def _outcome(frame: bytes | None, report: dict | None, limits: Limits) -> CodeOutcome:
    if report is None:
        return CodeOutcome("stopped", None, "the sandbox returned no result")
    if "error" in report:
        return CodeOutcome("stopped", None, f"the sandbox could not start: {report['error']}")
    status = report["status"]
    if frame is not None and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        with contextlib.suppress(ValueError):
            raw = json.loads(frame)
            if isinstance(raw, dict) and raw.get("status") in ("ok", "error", "stopped"):
                value, message = raw.get("value"), raw.get("message")
                return CodeOutcome(
                    raw["status"],
                    value if isinstance(value, str) else None,
                    message if isinstance(message, str) else "",
                )
        return CodeOutcome("stopped", None, "the sandbox returned no result")
    return CodeOutcome("stopped", None, _why_stopped(status, report, limits))


def _why_stopped(status: int, report: dict, limits: Limits) -> str:
    over_cpu = f"stopped: used more than {limits.cpu_seconds:g} s of processor time"
    if report.get("timed_out"):  # on a busy machine the clock can run out before the processor
        if report.get("cpu", 0) >= 0.8 * limits.cpu_seconds:
            return over_cpu
        return f"stopped: still running after {limits.wall_seconds:g} s"
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGXCPU or report.get("cpu", 0) >= 0.8 * limits.cpu_seconds:
            return over_cpu
        return f"crashed ({signal.Signals(sig).name})"
    return f"ended without a result (exit code {os.WEXITSTATUS(status)})"
