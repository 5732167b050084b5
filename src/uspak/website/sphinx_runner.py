"""Jupyter Book in a child process that imports Sphinx while ``uspak build`` runs its checks.

Importing Sphinx, myst-nb, the theme and the other extensions takes about a second here, over a
third of a rebuild after a one-page edit. ``uspak build`` starts this process first, so that the
imports run on one core while the static checks (and any lesson prefetch) run on the other. The
child builds only when the parent sends the ``jupyter-book build`` arguments: Sphinx still never
starts on a course that fails its checks. An empty line or a closed stdin means "do not build".

The child is short-lived, so Python's cyclic garbage collector stays off for its whole run: Sphinx
and docutils allocate millions of small objects. Measured here, that saved 0.1-0.5 s on a one-page
rebuild, for a higher peak on a clean build (215 MB against 145 MB) that the exit returns.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path


def start(root: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Start the child; it imports and then waits for :func:`build` or :func:`cancel`."""
    cmd = [sys.executable, "-m", "uspak.website.sphinx_runner", str(root / "book")]
    pipe = subprocess.PIPE
    return subprocess.Popen(cmd, stdin=pipe, stdout=pipe, stderr=pipe, text=True, cwd=root, env=env)


def build(child: subprocess.Popen[str], args: list[str]) -> tuple[int, str]:
    """Run ``jupyter-book build ARGS`` in the waiting child; return its exit code and output."""
    stdout, stderr = child.communicate(json.dumps(args) + "\n")
    return child.returncode, stdout + stderr


def cancel(child: subprocess.Popen[str]) -> None:
    """Stop the child without building (the checks failed, or the user interrupted)."""
    child.kill()
    child.communicate()


# Slow imports the extension list does not name: made inside an extension's setup() (myst-nb's
# takes about half a second under a profiler, with jupyter-cache and SQLAlchemy) or by Sphinx
# when it creates the HTML builder.
_IMPORTED_AT_SETUP = ("myst_nb.sphinx_ext", "sphinx_design.extension", "sphinx.builders.html")


def _warm_imports(book: Path) -> None:
    """Import Jupyter Book and every Sphinx extension the book's configuration names.

    Best effort: a broken configuration is left for the real build to report, with its file name.
    """
    try:
        from jupyter_book.cli import main  # noqa: F401
        from jupyter_book.config import get_final_config

        config, _ = get_final_config(
            user_yaml=book / "_config.yml",
            cli_config={"latex_individualpages": False},
            sourcedir=book,
            use_external_toc=True,
        )
        for module in [*config.get("extensions", []), *_IMPORTED_AT_SETUP]:
            importlib.import_module(module)
    except Exception:  # noqa: BLE001 - the build itself reports it properly
        pass


def main(argv: list[str]) -> int:
    """``python -m uspak.website.sphinx_runner BOOK``: import; build when the arguments come."""
    gc.disable()
    _warm_imports(Path(argv[0]))
    line = sys.stdin.readline()
    if not line.strip():
        return 0
    from jupyter_book.cli.main import main as jupyter_book

    try:
        jupyter_book(["build", *json.loads(line)], prog_name="jupyter-book")
    except SystemExit as done:  # how click ends every run, successful or not
        if isinstance(done.code, str):
            print(done.code, file=sys.stderr)
        status = done.code if isinstance(done.code, int) else int(done.code is not None)
        _exit_now(status)
    return 0


def _exit_now(status: int) -> None:
    """Exit without the interpreter's teardown, which costs 0.4 s here after a build.

    With the collector off, finalisation walks every object Sphinx left behind. Everything the
    build writes is closed (and jupyter-cache's database committed) before Jupyter Book returns, so
    only the two output streams need flushing.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
