"""What sandboxed code can see: the bubblewrap command line that starts the warm worker.

The view is built up from nothing rather than cut down from the whole machine: an empty
read-only root, then, read-only, ``/usr`` (with the ``/bin``, ``/lib`` links), a few files of
``/etc`` the dynamic linker and time zones need, the Python installation and every folder on an
isolated interpreter's import path (so a lazy ``import glob`` or ``df.to_csv()`` finds its
module), and the course's ``data/``. Nothing else exists inside: no home folders, no hand-ins, no
``exercises/`` anywhere, no ``.git``, no ``/run``, ``/var`` or host ``/tmp`` (and so no Unix
socket of the host's), no ``/sys``; ``/dev`` holds only null, zero, full, random and urandom (no
pseudo-terminals, which sandboxes could otherwise share). Should one of the bound folders hold
the course, the answer keys, the history or an input, those are covered by empty read-only
folders. The parent folders of each bound path are created inside, readable by all, so
the 0700 home or temporary folder a Python may live under does not stand in the way (bubblewrap
would make them 0700, unreadable to the sandbox's unprivileged user).

bubblewrap also gives the worker its own user, PID, network, IPC, UTS and cgroup namespaces; as
root, the user namespace maps the worker to ``nobody`` (65534). The worker keeps two
capabilities inside that namespace (never outside it): ``CAP_SYS_ADMIN``, to give each sandbox
its own namespaces and mounts, and ``CAP_SYS_RESOURCE``, to forbid further user namespaces. Each
sandbox drops both before any student code exists in it (``uspak.grading.worker``).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path

from uspak.course import PACKAGED, CourseNotFoundError, locate
from uspak.grading import linux

NOBODY = 65534
SCRATCH_STAGE = "/run/sandbox"  # each sandbox mounts its tmpfs here before binding its parts
ZYGOTE_CACHE = "/run/zygote"  # the warm worker's own writable folder (matplotlib's cache)
ZYGOTE_CACHE_BYTES = 16 * 1024 * 1024
ETC_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/localtime", "/etc/timezone")
DEVICES = ("null", "zero", "full", "random", "urandom")
LINKS = ("bin", "sbin", "lib", "lib32", "lib64", "libx32")


def needed_paths() -> list[str]:
    """Python, its packages (the import path of ``python -I``) and the course's data/."""
    probe = subprocess.run(
        [sys.executable, "-I", "-c", "import json, sys; print(json.dumps(sys.path))"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    found = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    found |= {p for p in json.loads(probe.stdout) if p}
    with contextlib.suppress(CourseNotFoundError):
        found.add(str(locate().data))
    paths = sorted(
        {os.path.abspath(p) for p in found if os.path.exists(p)} - {"/usr"},
        key=lambda p: (p.count(os.sep), p),
    )
    kept: list[str] = []
    for path in paths:  # a folder inside one already bound comes along with it
        if not any(_inside(path, outer) for outer in kept) and not _inside(path, "/usr"):
            kept.append(path)
    return sorted(kept)


def hidden_paths(needed: list[str], extra: tuple[Path, ...] = ()) -> list[str]:
    """The answer keys, the history and the inputs, wherever a bound folder would show them."""
    candidates = [*(Path(p) for p in extra), PACKAGED / "exercises"]  # a wheel's own copy
    with contextlib.suppress(CourseNotFoundError):
        root = locate().root
        candidates += [root / "exercises", root / ".git"]
    hidden = []
    for path in candidates:
        absolute = os.path.abspath(path)
        if os.path.lexists(absolute) and any(_inside(absolute, p) for p in needed):
            hidden.append(absolute)
    return hidden


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def bwrap_command(bwrap: str, needed: list[str], hidden: list[str], as_root: bool) -> list[str]:
    """The bubblewrap arguments for the warm worker; the Python command line follows them."""
    args = [bwrap, "--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc"]
    args += ["--unshare-uts", "--unshare-cgroup-try", "--die-with-parent", "--new-session"]
    caps = [linux.CAP_SYS_ADMIN, linux.CAP_SYS_RESOURCE]
    if as_root:  # the worker needs these once, to become nobody (see worker.become_nobody)
        caps += [linux.CAP_SETUID, linux.CAP_SETGID, linux.CAP_SETPCAP]
    args += ["--cap-drop", "ALL"]
    for cap in caps:
        args += ["--cap-add", CAP_NAMES[cap]]
    args += ["--ro-bind", "/usr", "/usr"]
    for name in LINKS:
        link = Path("/") / name
        if link.is_symlink():
            args += ["--symlink", os.readlink(link), str(link)]
        elif link.is_dir():
            args += ["--ro-bind", str(link), str(link)]
    for name in ETC_FILES:
        args += ["--ro-bind-try", name, name]
    parents = sorted({str(p) for path in needed for p in Path(path).parents} - {"/"})
    for parent in parents:  # made by hand: bubblewrap would make them 0700 (finding 6)
        args += ["--perms", "0755", "--dir", parent]
    for path in needed:
        args += ["--ro-bind", path, path]
    for path in hidden:
        if os.path.isdir(path):
            args += ["--perms", "0555", "--tmpfs", path, "--remount-ro", path]
        else:
            args += ["--ro-bind", "/dev/null", path]
    args += ["--perms", "0755", "--tmpfs", "/dev"]
    for device in DEVICES:
        args += ["--dev-bind", f"/dev/{device}", f"/dev/{device}"]
    args += ["--symlink", "/proc/self/fd", "/dev/fd", "--dir", "/dev/shm", "--remount-ro", "/dev"]
    args += ["--proc", "/proc", "--dir", "/tmp", "--dir", SCRATCH_STAGE]
    args += ["--perms", "1777", "--size", str(ZYGOTE_CACHE_BYTES), "--tmpfs", ZYGOTE_CACHE]
    return [*args, "--remount-ro", "/", "--chdir", "/"]


CAP_NAMES = {
    linux.CAP_SETGID: "CAP_SETGID",
    linux.CAP_SETUID: "CAP_SETUID",
    linux.CAP_SETPCAP: "CAP_SETPCAP",
    linux.CAP_SYS_ADMIN: "CAP_SYS_ADMIN",
    linux.CAP_SYS_RESOURCE: "CAP_SYS_RESOURCE",
}
