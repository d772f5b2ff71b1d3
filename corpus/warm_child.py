"""A document's guarded child started before its document is known, so that it imports
what it will need on the other core while the parent is still starting up.

``selfeval extract FILE`` on a small PDF is mostly imports: the reader's (pdfminer,
pdfium: ~100 ms) and the normaliser's (~65 ms) one after the other, then the reading.
A child forked first thing imports the reader while the parent imports click and the
normaliser; the parent then gives it the document (:func:`give`), and from there on it
is the child :mod:`selfeval.corpus.workers` runs: the same limits, set when the document
arrives (the memory limit counted from what the child mapped when it was forked, so its
imports count as they would have), the same one-line reasons, killed at the time limit.
A child that is never given a document exits when the parent closes its end of the
pipe or dies.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import time
from dataclasses import dataclass
from typing import Any

from selfeval.corpus.child_guard import die_with_parent, mapped_now
from selfeval.corpus.workers import Limits, Running, Task, run_child


@dataclass
class WarmChild:
    """A started child waiting for its document."""

    process: multiprocessing.process.BaseProcess
    #: Where the parent sends ``(task, path, limits)``.
    jobs: Any
    #: Where the child's ``(ok, payload, peak_rss)`` comes back.
    results: Any


def start(modules: tuple[str, ...] = ()) -> WarmChild:
    """Fork a child that imports ``modules`` and then waits for its document."""
    ctx = multiprocessing.get_context("fork")
    jobs_out, jobs_in = ctx.Pipe(duplex=False)
    results_out, results_in = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_wait_for_document,
                       args=(modules, jobs_out, results_in, os.getpid()), daemon=True)
    proc.start()
    jobs_out.close()
    results_in.close()
    return WarmChild(proc, jobs_in, results_out)


def _wait_for_document(modules: tuple[str, ...], jobs: Any, results: Any, parent: int) -> None:
    die_with_parent(parent)
    mapped = mapped_now()
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001,S112 - the task that needs it reports the failure
            continue
    try:
        task, path, limits = jobs.recv()
    except (EOFError, OSError):
        return  # the parent needed no document read
    jobs.close()
    run_child(task, path, limits, results, parent, None, mapped)


def give(child: WarmChild, task: Task, path: str, limits: Limits) -> Running:
    """Give ``child`` its document: it runs ``task(path)`` under ``limits``, whose time
    starts now. Wait for it with :func:`selfeval.corpus.workers.await_outcome`."""
    with contextlib.suppress(OSError):  # a child gone: await_outcome says how it died
        child.jobs.send((task, path, limits))
    child.jobs.close()
    return Running(path, child.process, child.results, time.monotonic())
