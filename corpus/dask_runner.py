"""Scale-out: send the same per-document task to a Dask distributed cluster.

Each document is one Dask task running :func:`selfeval.corpus.workers.run_one`, so a worker
isolates it in a child process under the same time and memory limits as a local run.
A Dask worker has threads, so it cannot fork: its children come from a fork server
that imported the pipeline before its first fork (as a local driver's forked children
have it), and its scanned pages are read by an OCR service of its own that keeps the
model across documents. Children and service get the local thread caps: the host's
cores shared among the documents it reads at once.
Only outcomes come back; the driver alone writes the database. Workers open the files
by the paths the driver sends, so the corpus folder must be at the same path on every
worker (one machine, or a shared filesystem).

Dask's nanny starts workers as daemonic processes by default, and a daemonic process
may not start children; start the workers with ``DASK_DISTRIBUTED__WORKER__DAEMON=False``
(or ``dask worker --no-nanny``). A build refuses, saying so, on a cluster that is not.
"""

from __future__ import annotations

import functools
import multiprocessing
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from selfeval.corpus.cli.logs import detach_stderr_handlers
from selfeval.corpus.ocr_service import OcrService
from selfeval.corpus.task import PIPELINE_MODULES
from selfeval.corpus.thread_caps import cap_threads, share_cores
from selfeval.corpus.workers import Limits, Outcome, Task, run_one
from selfeval.extract.errors import SelfevalError, with_detail

#: Seconds to wait for the scheduler to answer before giving up with a clear error.
CONNECT_TIMEOUT_S = 30


#: The start method of a Dask worker's document children (a worker has threads).
CONTEXT = "forkserver"


def _is_daemonic() -> bool:
    return bool(multiprocessing.current_process().daemon)


def _threads_by_worker(client: Any) -> dict[str, int]:
    """Each worker's address → the task threads of all the workers on its host: the
    documents its host reads at once, among which its cores are shared."""
    workers = client.scheduler_info(n_workers=-1)["workers"]
    on_host = Counter[str]()
    for info in workers.values():
        on_host[info["host"]] += info["nthreads"]
    return {address: on_host[info["host"]] for address, info in workers.items()}


@functools.cache
def _preload(modules: tuple[str, ...]) -> None:
    """Have this worker's fork server import ``modules`` when it starts (once, before
    the worker's first child: a fork server already running keeps what it has)."""
    multiprocessing.get_context(CONTEXT).set_forkserver_preload(list(modules))


@functools.cache
def _worker_service(threads: int, max_memory: int, lanes: int) -> OcrService:
    """This worker process's OCR service (one per worker, kept across its documents)."""
    return OcrService(threads, max_memory, CONTEXT, lanes)


def run_shared(path: str, task: Task, limits: Limits, threads: dict[str, int]) -> Outcome:
    """Run one document on a Dask worker like :func:`run_one`, its threads capped as a
    local run caps them: the host's cores shared among the documents it reads."""
    from distributed import get_worker

    worker = get_worker()
    share = share_cores(threads.get(worker.address, worker.state.nthreads))
    cap_threads(share)
    own = getattr(task, "__module__", None)  # a partial has none
    _preload((*PIPELINE_MODULES, *([own] if isinstance(own, str) else [])))
    ocr = _worker_service(share, limits.max_memory, worker.state.nthreads)
    return run_one(path, task, replace(limits, threads=share), CONTEXT, ocr)


def run_on_dask(
    address: str, paths: Sequence[str], task: Task, limits: Limits
) -> Iterator[Outcome]:
    """Run ``task`` on every path (absolute: the workers' working folder is their own) on
    the cluster at ``address``; yield outcomes as they end."""
    from distributed import Client, as_completed

    detach_stderr_handlers()  # distributed logs to stderr from its import on

    try:
        client = Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
    except OSError as exc:
        raise SelfevalError(address, with_detail("cannot reach the Dask scheduler", exc)) from exc
    with client:
        if any(client.run(_is_daemonic).values()):
            raise SelfevalError(address, "the Dask workers are daemonic processes, which cannot"
                                " isolate documents in child processes: start them with"
                                " DASK_DISTRIBUTED__WORKER__DAEMON=False")
        threads = _threads_by_worker(client)
        futures = {
            client.submit(run_shared, path, task, limits, threads, pure=False): path
            for path in paths
        }
        for future in as_completed(futures, loop=client.loop):
            path = futures[future]
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker fails one document
                yield Outcome(path, None, with_detail("failed on the cluster", exc), 0.0)
            finally:
                future.release()
