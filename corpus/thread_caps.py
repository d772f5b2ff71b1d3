"""How many threads the native libraries of one process may start.

A runner reads N documents at once on C cores; left alone, OpenCV, OpenMP, OpenBLAS
and onnxruntime each start a thread per core in every one of them (N x C threads
fighting for C cores). :func:`cap_threads` sets the share in the environment variables
each library reads when it starts its pool (on first use: OpenCV imported but unused
in the driver still reads its variable in the child). It never calls
``cv2.setNumThreads``: in a child forked from a process whose OpenCV pool had started,
that call waits for the parent's threads for ever (measured: the child hangs).
Local workers and Dask workers are capped alike (:mod:`selfeval.corpus.workers`).
"""

from __future__ import annotations

import os

from selfeval.extract.ocr.engine_threads import THREADS_ENV

#: The environment variables that size a native library's thread pool: OpenMP,
#: OpenBLAS, MKL, OpenCV's own pool, and the OCR engine's onnxruntime session.
THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
              "OPENCV_FOR_THREADS_NUM", THREADS_ENV)


def cap_threads(threads: int) -> None:
    """Let this process's native libraries use at most ``threads`` threads each."""
    for name in THREAD_ENV:
        os.environ[name] = str(threads)


def cores() -> int:
    """Return the core count this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def share_cores(documents: int) -> int:
    """The threads each of ``documents`` read at once on this machine may use: its cores
    shared out, at least one each."""
    return max(1, cores() // max(1, documents))
