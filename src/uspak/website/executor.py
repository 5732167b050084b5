"""jupyter-cache's parallel executor, with each lesson's kernel stopped at once when it is done.

The stock executor asks every kernel to shut down gracefully and polls until it has: about 0.4 s
per lesson here, with the lesson's outputs already collected. A build needs nothing from a kernel
after its last cell, so these workers ask nbclient for an immediate shutdown instead. Everything
else (reading the notebook from the cache, recording a failure's traceback, caching the outputs)
is jupyter-cache's own code. The worker is swapped in through ``_EXECUTION_WORKER``, the class
attribute jupyter-cache's own executors use: private, so the pinned version is what the build's
tests exercise.
"""

from __future__ import annotations

from pathlib import Path

from jupyter_cache.base import ProjectNb
from jupyter_cache.executors.basic import (
    ExecutionWorkerLocalMProc,
    JupyterExecutorLocalMproc,
    ProcessData,
)
from jupyter_cache.executors.utils import ExecutionResult, single_nb_execution


class ImmediateShutdownWorker(ExecutionWorkerLocalMProc):
    @staticmethod
    def execute(project_nb: ProjectNb, data: ProcessData) -> ExecutionResult:
        return single_nb_execution(
            project_nb.nb,
            cwd=str(Path(project_nb.uri).parent),
            timeout=data.timeout,
            allow_errors=data.allow_errors,
            shutdown_kernel="immediate",
        )


class ParallelExecutor(JupyterExecutorLocalMproc):
    """``local-parallel``, one process per core, kernels stopped as soon as a lesson is done."""

    _EXECUTION_WORKER = ImmediateShutdownWorker
