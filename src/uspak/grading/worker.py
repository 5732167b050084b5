"""The warm worker (a zygote): forks a fresh sandbox per code exercise, and never runs code itself.

Started once per grading run (``python -I -m uspak.grading.worker CONFIG``), inside the view of
``sandbox_view``, it imports pandas and loads the course's tables, then waits on its control
socket. For each exercise the grader sends a small request with, attached, one end of a socket
pair made for that exercise alone. The worker forks a child into a new PID namespace, closes its
copy of that socket at once, and reports the child's exit status, processor time and whether it
ran out of time. The worker never reads the code or the result: the grader writes the job into
its end of the pair and the child reads it there, so no student's code is ever in the memory that
later children are forked from.

The child, PID 1 of its own namespace, seals itself before reading the job: new mount, network,
IPC, UTS and cgroup namespaces; a fresh ``/proc`` showing only itself; one new tmpfs of
``file_mb`` that is its ``/tmp``, its ``/dev/shm`` and its working folder; no further user
namespaces; every file descriptor closed but its channel; no capability left. It then runs the
code with processor, memory and file limits, writes one framed result and exits; its namespaces
and tmpfs go with it. Forking from this warm process costs about 10 ms on the project's busy
2-core machine (a fresh Python importing pandas: 1.1 to 1.8 s).

With ``kind == "unsafe"`` (``--unsafe-run-code``, where there are no namespaces) the same worker
runs without bubblewrap and the child skips the sealing: a scratch folder and the limits only.
"""

from __future__ import annotations

import json
import os
import resource
import select
import shutil
import signal
import socket
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Any

from uspak.grading import linux
from uspak.grading.channel import read_frame, write_frame

NOBODY = 65534
CHANNEL_FD = 3
MAX_JOB_BYTES = 4_000_000
MAX_RESULT_BYTES = 1_000_000
MAX_MESSAGE_CHARS = 300
# Imported once here, so that each sandbox starts with them (any other module still imports).
PRELOADED = ("numpy", "pandas", "matplotlib.pyplot", "uspak.exercises.model")
SANDBOX_NAMESPACES = (
    linux.CLONE_NEWNS
    | linux.CLONE_NEWNET
    | linux.CLONE_NEWIPC
    | linux.CLONE_NEWUTS
    | linux.CLONE_NEWCGROUP
)
KEPT_CAPS = frozenset({linux.CAP_SYS_ADMIN, linux.CAP_SYS_RESOURCE})


@dataclass
class Job:
    id: int
    pid: int
    deadline: float
    scratch: str | None
    timed_out: bool = False


def main(config: dict[str, Any]) -> None:
    control = socket.socket(fileno=config["control_fd"])
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):
        os.dup2(devnull, fd)
    if config["kind"] == "bwrap" and os.getuid() == 0:
        become_nobody()
    namespace = _warm_namespace()
    own_pidns = os.open("/proc/self/ns/pid", os.O_RDONLY) if config["kind"] == "bwrap" else -1
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)  # a child's exit wakes the select below
    signal.signal(signal.SIGCHLD, lambda *_: None)
    control.send(json.dumps({"ready": True}).encode())
    jobs: dict[int, Job] = {}  # by pid
    while True:
        now = time.monotonic()
        wait = min((j.deadline for j in jobs.values() if not j.timed_out), default=now + 60)
        ready = select.select([control.fileno(), wake_read], [], [], max(wait - now, 0))[0]
        if wake_read in ready:
            os.read(wake_read, 4096)
        if control.fileno() in ready and not _accept(control, config, namespace, own_pidns, jobs):
            return  # the grader is gone
        _reap(control, jobs)
        for job in jobs.values():
            if not job.timed_out and time.monotonic() >= job.deadline:
                job.timed_out = True
                os.kill(job.pid, signal.SIGKILL)  # still our unreaped child: the pid is its


def _accept(control, config, namespace, own_pidns: int, jobs: dict[int, Job]) -> bool:
    message, fds, _, _ = socket.recv_fds(control, 65536, 1)
    if not message or not fds:
        return False
    request = json.loads(message)
    scratch = None if own_pidns >= 0 else tempfile.mkdtemp(prefix="uspak-run-")
    try:
        if own_pidns >= 0:
            linux.unshare(linux.CLONE_NEWPID)  # the next child is PID 1 of a namespace of its own
        pid = os.fork()
        if pid == 0:
            _child(fds[0], request, config, namespace, scratch)
    except OSError as error:  # no more processes, say: this exercise's failure, not the run's
        control.send(json.dumps({"job": request["job"], "error": str(error)}).encode())
        return True
    finally:
        os.close(fds[0])
        if own_pidns >= 0:
            linux.setns(own_pidns, linux.CLONE_NEWPID)  # and the one after that gets another
    jobs[pid] = Job(request["job"], pid, time.monotonic() + request["wall_seconds"], scratch)
    return True


def _reap(control, jobs: dict[int, Job]) -> None:
    while jobs:
        pid, status, usage = os.wait4(-1, os.WNOHANG)
        if pid == 0:
            return
        job = jobs.pop(pid)
        if job.scratch:
            shutil.rmtree(job.scratch, ignore_errors=True)
        report = {
            "job": job.id,
            "status": status,
            "cpu": usage.ru_utime + usage.ru_stime,
            "timed_out": job.timed_out,
        }
        control.send(json.dumps(report).encode())


def become_nobody() -> None:
    """As root, become nobody for good, keeping only the two capabilities of this namespace."""
    linux.drop_bounding_set(KEPT_CAPS)
    linux.prctl(linux.PR_SET_KEEPCAPS, 1)
    os.setgroups([])
    os.setresgid(NOBODY, NOBODY, NOBODY)
    os.setresuid(NOBODY, NOBODY, NOBODY)
    linux.set_capabilities(KEPT_CAPS)


def _warm_namespace() -> dict[str, Any]:
    """pandas as ``pd`` and ``load_table``, with every table already in memory."""
    from importlib import import_module

    from uspak.data import preload_tables
    from uspak.exercises.code_result import solution_namespace

    for module in PRELOADED:
        import_module(module)
    preload_tables()
    return solution_namespace()


# --- in the child ----------------------------------------------------------------------------


def _child(channel: int, request, config, namespace, scratch: str | None) -> None:
    """Seal, read the job, run it, answer once, exit. Never returns."""
    os.setsid()  # else kill(0, ...) reaches the worker's process group, namespaces or not
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    job: dict[str, Any] = {}
    try:
        os.dup2(channel, CHANNEL_FD)
        os.closerange(CHANNEL_FD + 1, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.close(devnull)
        home = _seal(request["file_mb"], config["needed"]) if scratch is None else scratch
        os.chdir(home)
        os.environ.update(HOME=home, TMPDIR=home)
        tempfile.tempdir = home  # the worker's own choice is cached
        job = json.loads(read_frame(CHANNEL_FD, MAX_JOB_BYTES, timeout=30))
    except BaseException as error:  # noqa: BLE001 - the sandbox itself failed: say so
        _answer({"status": "stopped", "message": f"the sandbox could not start: {error}"})
    try:
        outcome = _run(job, namespace)
    except BaseException as error:  # noqa: BLE001 - anything the code raises is its result
        outcome = {"status": "error", "message": _describe(error, job["limits"])}
    _answer(outcome)


def _seal(file_mb: int, needed: list[str]) -> str:
    """Own namespaces, /proc, /tmp and /dev/shm; no capability left. Returns the working folder."""
    linux.unshare(SANDBOX_NAMESPACES)
    linux.mount(None, "/", flags=linux.MS_REC | linux.MS_PRIVATE)
    linux.mount("proc", "/proc", "proc", linux.MS_NOSUID | linux.MS_NODEV | linux.MS_NOEXEC)
    with open("/proc/sys/user/max_user_namespaces", "w") as limit:
        limit.write("0")  # for this whole namespace: no way back to capabilities
    stage = "/run/sandbox"
    options = f"size={file_mb}m,nr_inodes=4096,mode=0700"
    linux.mount("tmpfs", stage, "tmpfs", linux.MS_NOSUID | linux.MS_NODEV, options)
    for part in ("tmp", "shm"):
        os.mkdir(f"{stage}/{part}", 0o700)
    for path in needed:  # Python or the course under /tmp: bring it back, read-only
        if path.startswith("/tmp/"):
            target = f"{stage}{path}"
            os.makedirs(target, 0o755, exist_ok=True)
            linux.mount(path, target, flags=linux.MS_BIND | linux.MS_REC)
            readonly = linux.MS_REMOUNT | linux.MS_BIND | linux.MS_RDONLY
            linux.mount(None, target, flags=readonly | linux.MS_NOSUID | linux.MS_NODEV)
    linux.mount(f"{stage}/tmp", "/tmp", flags=linux.MS_BIND | linux.MS_REC)
    linux.mount(f"{stage}/shm", "/dev/shm", flags=linux.MS_BIND)
    linux.umount(stage)
    linux.umount("/run/zygote")
    socket.sethostname("sandbox")
    linux.prctl(linux.PR_SET_PDEATHSIG, signal.SIGKILL)
    linux.set_capabilities(frozenset())
    return "/tmp"


def _run(job: dict[str, Any], namespace: dict[str, Any]) -> dict[str, Any]:
    from uspak.exercises.code_result import canonical_value, run_code
    from uspak.exercises.model import CodeCheck

    _set_limits(job["limits"])
    sys.dont_write_bytecode = True
    value = run_code(job["code"], job["result_name"], dict(namespace))
    check = CodeCheck(job["kind"], job["precision"])
    return {"status": "ok", "value": canonical_value(value, check)}


def _answer(outcome: dict[str, Any]) -> None:
    try:
        data = json.dumps(outcome).encode("utf-8")
    except (TypeError, ValueError):
        data = json.dumps({"status": "error", "message": "result could not be encoded"}).encode()
    if len(data) > MAX_RESULT_BYTES:
        data = json.dumps({"status": "error", "message": "the result is too large"}).encode()
    try:
        write_frame(CHANNEL_FD, data)
    finally:
        os._exit(0)


def _set_limits(limits: dict[str, Any]) -> None:
    cpu = max(1, round(limits["cpu_seconds"]))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    size = _address_space()
    if size:
        extra = limits["memory_mb"] * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size + extra, size + extra))
    file_bytes = limits["file_mb"] * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-big write raises OSError instead
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))  # no new processes, not even threads


def _address_space() -> int | None:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:
        return None


def _describe(error: BaseException, limits: dict[str, Any]) -> str:
    if isinstance(error, MemoryError):
        return f"MemoryError: used more than the {limits['memory_mb']} MB of memory allowed"
    if isinstance(error, SyntaxError):
        return f"SyntaxError: {error.msg} (line {error.lineno})"
    if isinstance(error, SystemExit):
        return "the code called exit()"
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 3] + "..."


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
