"""The process that runs students' code, inside the sandbox (``python -I -m uspak.grading.worker``).

It imports pandas and loads the course's tables once, then serves jobs read from stdin, one JSON
line per submission: for each code exercise it forks a child that sets its resource limits, moves
into a fresh scratch directory, runs the student's code and writes back the canonical result.
Forking from this warm process took about 17 ms on the project's busy 2-core machine, where a
fresh Python importing pandas took 1.1 to 1.8 s. A child that loops, allocates without end or
crashes is killed and reported; this process carries on. It never sees an answer key: only the
code, the result name and the check kind.
"""

from __future__ import annotations

import json
import os
import resource
import select
import shutil
import signal
import sys
import tempfile
import time
from typing import Any

NOBODY = 65534
MAX_RESULT_BYTES = 1_000_000
# Imported before dropping root: once nobody, a Python installed under /root cannot import more.
PRELOADED = (
    "collections",
    "csv",
    "datetime",
    "decimal",
    "fractions",
    "functools",
    "io",
    "itertools",
    "json",
    "math",
    "operator",
    "re",
    "statistics",
    "string",
    "textwrap",
    "numpy",
    "pandas",
    "matplotlib.pyplot",
)
MAX_MESSAGE_CHARS = 300
# Events a student's code has no business raising; refused by the audit hook of the fallback
# sandbox (bubblewrap makes most of them impossible anyway).
BLOCKED_EVENTS = frozenset(
    {
        "subprocess.Popen",
        "os.system",
        "os.exec",
        "os.posix_spawn",
        "os.spawn",
        "os.fork",
        "os.forkpty",
        "os.kill",
        "os.killpg",
        "socket.connect",
        "socket.bind",
        "socket.getaddrinfo",
        "ctypes.dlopen",
        "ctypes.dlsym",
        "ctypes.cdata",
        "ctypes.call_function",
        "sys.remote_exec",
    }
)
PATH_EVENTS = frozenset(
    {
        "os.remove",
        "os.rmdir",
        "os.rename",
        "os.truncate",
        "os.chmod",
        "os.chown",
        "os.mkdir",
        "os.symlink",
        "os.link",
        "os.utime",
        "shutil.rmtree",
        "shutil.copyfile",
        "shutil.move",
    }
)
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def main(config: dict[str, Any]) -> None:
    protocol_in = os.fdopen(os.dup(0), "rb", buffering=0)
    protocol_out = os.fdopen(os.dup(1), "wb", buffering=0)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):  # stray prints, from us or a child, must not corrupt the protocol
        os.dup2(devnull, fd)
    namespace = _warm_namespace()
    if os.geteuid() == 0:
        _become_nobody(config["scratch_root"])
    _send(protocol_out, {"ready": True, "pid": os.getpid()})
    for line in protocol_in:
        job = json.loads(line)
        results = {
            exercise["exercise"]: run_exercise(exercise, job["limits"], config, namespace)
            for exercise in job["exercises"]
        }
        _send(protocol_out, {"results": results})


def _send(stream, message: dict[str, Any]) -> None:
    stream.write(json.dumps(message).encode("utf-8") + b"\n")


def _warm_namespace() -> dict[str, Any]:
    """pandas as ``pd`` and a ``load_table`` that hands out copies of tables loaded once, here."""
    from importlib import import_module

    from uspak.exercises.code_result import solution_namespace

    for module in PRELOADED:
        import_module(module)
    namespace = solution_namespace()
    real_load_table = namespace.get("load_table")
    if real_load_table is None:
        return namespace
    tables: dict[str, Any] = {}
    try:
        from uspak.data import list_tables

        for name in list_tables():
            tables[name] = real_load_table(name)
    except Exception:  # noqa: BLE001 - a broken data package: load_table will report it per call
        tables.clear()

    def load_table(name: str, root=None):
        if root is None and name in tables:
            return tables[name].copy(deep=True)
        return real_load_table(name, root)

    load_table.__doc__ = real_load_table.__doc__
    namespace["load_table"] = load_table
    import uspak.data

    uspak.data.load_table = load_table  # what ``from uspak import load_table`` finds
    return namespace


def _become_nobody(scratch_root: str) -> None:
    """Drop root for good, before any student code exists in this process."""
    os.chown(scratch_root, NOBODY, NOBODY)
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def run_exercise(
    exercise: dict[str, Any], limits: dict[str, Any], config: dict[str, Any], namespace: dict
) -> dict[str, Any]:
    """Run one exercise's code in a forked, limited child; its canonical result or why not."""
    scratch = tempfile.mkdtemp(prefix="run-", dir=config["scratch_root"])
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        _child(exercise, limits, config, namespace, scratch, write_end)
    os.close(write_end)
    try:
        output, timed_out = _collect(read_end, pid, limits["wall_seconds"])
        _, status, usage = os.wait4(pid, 0)
    finally:
        os.close(read_end)
        shutil.rmtree(scratch, ignore_errors=True)
    if output:
        try:
            return json.loads(output)
        except ValueError:
            pass
    cpu_used = usage.ru_utime + usage.ru_stime
    return {"status": "stopped", "message": _why_stopped(status, timed_out, cpu_used, limits)}


def _collect(fd: int, pid: int, wall_seconds: float) -> tuple[bytes, bool]:
    chunks, size = [], 0
    deadline = time.monotonic() + wall_seconds
    while True:
        left = deadline - time.monotonic()
        ready = select.select([fd], [], [], max(left, 0))[0] if left > 0 else []
        if not ready:
            os.kill(pid, signal.SIGKILL)
            return b"", True
        chunk = os.read(fd, 65536)
        if not chunk:
            return b"".join(chunks), False
        size += len(chunk)
        if size > MAX_RESULT_BYTES + 1000:
            os.kill(pid, signal.SIGKILL)
            return b"", False
        chunks.append(chunk)


def _why_stopped(status: int, timed_out: bool, cpu_used: float, limits: dict[str, Any]) -> str:
    over_cpu = f"stopped: used more than {limits['cpu_seconds']:g} s of processor time"
    if timed_out:  # on a busy machine the clock can run out before the processor time does
        if cpu_used >= 0.8 * limits["cpu_seconds"]:
            return over_cpu
        return f"stopped: still running after {limits['wall_seconds']:g} s"
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig in (signal.SIGXCPU, signal.SIGKILL):
            return over_cpu
        return f"crashed ({signal.Signals(sig).name})"
    return f"ended without a result (exit code {os.WEXITSTATUS(status)})"


def _child(exercise, limits, config, namespace, scratch: str, result_fd: int) -> None:
    try:
        outcome = _run_limited(exercise, limits, config, namespace, scratch, result_fd)
    except BaseException as error:  # noqa: BLE001 - anything the code raises is its result
        outcome = {"status": "error", "message": _describe(error, limits)}
    try:
        data = json.dumps(outcome).encode("utf-8")
    except (TypeError, ValueError):
        data = json.dumps({"status": "error", "message": "result could not be encoded"}).encode()
    if len(data) > MAX_RESULT_BYTES:
        data = json.dumps({"status": "error", "message": "the result is too large"}).encode()
    os.write(result_fd, data)
    os._exit(0)


def _run_limited(exercise, limits, config, namespace, scratch: str, result_fd: int) -> dict:
    from uspak.exercises.code_result import canonical_value, run_code
    from uspak.exercises.model import CodeCheck

    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 2)  # the student's tracebacks and prints go nowhere; the message says it all
    os.closerange(3, result_fd)  # above all the worker's protocol pipes
    os.closerange(result_fd + 1, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
    os.chdir(scratch)
    os.environ["HOME"] = scratch
    _set_limits(limits)
    sys.dont_write_bytecode = True
    if config["kind"] == "rlimit":
        sys.addaudithook(_guard(scratch, config["protected"]))
    code = exercise["code"]
    value = run_code(code, exercise["result_name"], dict(namespace))
    check = CodeCheck(exercise["kind"], exercise["precision"])
    return {"status": "ok", "value": canonical_value(value, check)}


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


def _guard(scratch: str, protected: list[str]):
    """An audit hook for the fallback sandbox: no writes outside scratch, no reads of the keys.

    Audit hooks are not a security boundary against a determined attacker (the bubblewrap sandbox
    is); with the resource limits and an unprivileged user they stop the mistakes and the casual
    cheat: opening exercises/, deleting files, starting processes, opening sockets.
    """
    scratch = os.path.realpath(scratch)
    protected = [os.path.realpath(p) for p in protected]

    def inside(path: Any, folder: str) -> bool:
        if isinstance(path, int):
            return False
        real = os.path.realpath(os.fsdecode(path))
        return real == folder or real.startswith(folder + os.sep)

    def hook(event: str, args: tuple) -> None:
        if event in BLOCKED_EVENTS:
            raise PermissionError(f"not allowed while grading: {event}")
        if event == "open" and args and not isinstance(args[0], int):
            path, mode, flags = args
            if any(inside(path, folder) for folder in protected):
                raise PermissionError(f"not allowed while grading: reading {path}")
            writes = (mode is not None and any(c in mode for c in "wax+")) or bool(
                (flags or 0) & WRITE_FLAGS
            )
            if writes and not inside(path, scratch):
                raise PermissionError(f"not allowed while grading: writing {path}")
        elif event in ("os.listdir", "os.scandir") and args and args[0] is not None:
            if any(inside(args[0], folder) for folder in protected):
                raise PermissionError(f"not allowed while grading: listing {args[0]}")
        elif event in PATH_EVENTS:
            paths = [a for a in args if isinstance(a, str | bytes | os.PathLike)]
            if event == "shutil.copyfile":
                paths = paths[1:]  # copying a data file into scratch is fine
            if any(not inside(p, scratch) for p in paths):
                raise PermissionError(
                    f"not allowed while grading: {event} outside the scratch folder"
                )

    return hook


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
