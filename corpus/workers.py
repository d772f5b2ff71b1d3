"""Run one document's task in a child process under a time and a memory limit.

Each document gets its own child (forked, so it starts in milliseconds with whatever
the parent has imported). The child sets ``RLIMIT_AS`` on itself, runs the task and
sends back either the task's plain-data result or the reason it failed; the parent
enforces the wall-clock limit by killing the child. A child that crashes, hangs or
runs out of memory therefore costs one recorded failure, never the run.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import multiprocessing.connection
import os
import resource
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from selfeval.corpus.child_guard import cap_address_space, die_with_parent
from selfeval.corpus.thread_caps import cap_threads
from selfeval.extract.errors import with_detail

if TYPE_CHECKING:
    from selfeval.corpus.ocr_service import OcrService
    from selfeval.extract.ocr.remote import Endpoint

#: Wall-clock seconds one document may take. A text PDF or DOCX takes 0.1-5 s; the
#: OCR path took 41-44 s for a 3-page scan (~14 s a page) on 2 cores at load average 8.
#: 300 s covers a ~20-page scan on a busy machine while a hung reader costs a nightly
#: run at most five minutes of one worker.
DEFAULT_TIMEOUT_S = 300.0

#: Address space (``RLIMIT_AS``) one document's child may map beyond what it inherits
#: from its parent at the fork (a forked child starts with its parent's mappings; a
#: parent that maps gigabytes would leave a total limit no room), in bytes. The OCR path
#: peaks at ~1.75 GiB mapped (0.9 GiB resident) on the seed scans, whatever their page
#: count (the models dominate); a text PDF stays under 0.8 GiB mapped. 3 GiB leaves
#: >1 GiB of headroom and, at one worker per core, fits the 24 GiB, 2-core machine.
DEFAULT_MAX_MEMORY = 3 * 1024**3

#: Seconds to wait for a child to exit after it sent its result (it only has to return).
_EXIT_GRACE_S = 5.0

Task = Callable[[str], dict[str, Any]]


@dataclass(frozen=True)
class Limits:
    """What one document may cost."""

    timeout_s: float = DEFAULT_TIMEOUT_S
    max_memory: int = DEFAULT_MAX_MEMORY
    #: Threads each native library of the document's child may use (None: every core,
    #: for one document at a time); a runner of N documents at once gives each
    #: :func:`selfeval.corpus.thread_caps.share_cores` (N).
    threads: int | None = None


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Outcome:
    """What became of one document: the task's result, or why there is none."""

    path: str
    result: dict[str, Any] | None
    error: str | None
    seconds: float
    #: Peak resident memory of the child, in bytes (0 when the child never reported).
    peak_rss: int = 0


def format_bytes(n: int) -> str:
    """Return ``n`` bytes as ``2 GiB`` / ``512 MiB``."""
    if n % 1024**3 == 0:
        return f"{n // 1024**3} GiB"
    return f"{n / 1024**2:.0f} MiB"


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _child(task: Task, path: str, limits: Limits, conn: Any, parent: int | None,
           ocr: Endpoint | None) -> None:
    """Run ``task(path)`` under the limits and send ``(ok, payload, peak_rss)``; its
    scanned pages are read by the OCR service at ``ocr`` where there is one."""
    die_with_parent(parent)
    # A crash is reported by its signal; the parent's fault handler (pytest turns one
    # on) would only print the child's stack into the driver's terminal.
    faulthandler.disable()
    if limits.threads is not None:
        # Set here, in the child: a fork server's children do not see the caller's env.
        cap_threads(limits.threads)
    if ocr is not None:
        from selfeval.extract.ocr.remote import use_service

        use_service(ocr)
    max_memory = limits.max_memory
    cap_address_space(max_memory)
    try:
        message: tuple[bool, Any, int] = (True, task(path), 0)
    except MemoryError:
        message = (False, f"exceeded the memory limit of {format_bytes(max_memory)}", 0)
    except BaseException as exc:  # noqa: BLE001 - every failure is recorded, none escapes
        # Imported here: the CLI package imports this module to build its options.
        from selfeval.corpus.cli.errors import describe_failure

        message = (False, describe_failure(path, exc), 0)
    message = (message[0], message[1], _peak_rss())
    try:
        conn.send(message)
    except MemoryError:
        conn.send((False, f"exceeded the memory limit of {format_bytes(max_memory)}", 0))
    except Exception as exc:  # noqa: BLE001 - e.g. a result that does not pickle
        conn.send((False, with_detail("its result cannot be sent back", exc), 0))
    conn.close()


def _death_reason(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            return f"crashed (signal {-exitcode})"
        return f"crashed (signal {-exitcode}: {name})"
    return f"crashed (exit status {exitcode})"


@dataclass
class _Running:
    path: str
    process: multiprocessing.process.BaseProcess
    conn: multiprocessing.connection.Connection
    started: float
    message: tuple[bool, Any, int] | None = None


def _start(ctx: Any, task: Task, path: str, limits: Limits, ocr: Endpoint | None) -> _Running:
    recv, send = ctx.Pipe(duplex=False)
    parent = os.getpid() if ctx.get_start_method() == "fork" else None
    proc = ctx.Process(target=_child, args=(task, path, limits, send, parent, ocr), daemon=True)
    proc.start()
    send.close()
    return _Running(path, proc, recv, time.monotonic())


def _finish(run: _Running, limits: Limits, timed_out: bool) -> Outcome:
    """Reap ``run``'s child and turn what it sent (or how it died) into an outcome."""
    seconds = time.monotonic() - run.started
    if timed_out:
        run.process.kill()
    run.process.join(_EXIT_GRACE_S)
    if run.process.is_alive():
        run.process.kill()
        run.process.join()
    run.conn.close()
    if timed_out:
        return Outcome(run.path, None, f"timed out after {limits.timeout_s:g} s", seconds)
    if run.message is None:
        return Outcome(run.path, None, _death_reason(run.process.exitcode), seconds)
    ok, payload, rss = run.message
    if ok:
        return Outcome(run.path, payload, None, seconds, rss)
    return Outcome(run.path, None, str(payload), seconds, rss)


def _receive(run: _Running) -> None:
    """Read the child's message; a child that died first leaves none."""
    try:
        run.message = run.conn.recv()
    except (EOFError, OSError):
        run.message = None


def run_isolated(
    paths: Iterable[str],
    task: Task,
    workers: int,
    limits: Limits = DEFAULT_LIMITS,
    context: str = "fork",
    ocr: OcrService | None = None,
) -> Iterator[Outcome]:
    """Run ``task`` on every path, at most ``workers`` at a time; yield outcomes as they end.

    ``context`` is the multiprocessing start method: ``fork`` where the caller has no
    threads (the local driver), ``forkserver`` inside a threaded host (a Dask worker).
    ``ocr`` is the run's OCR service, which the children send their scanned pages to
    (None: each child reads them with its own engine).
    """
    ctx = multiprocessing.get_context(context)
    pending = iter(paths)
    running: dict[Any, _Running] = {}
    exhausted = False
    try:
        while True:
            while not exhausted and len(running) < max(1, workers):
                path = next(pending, None)
                if path is None:
                    exhausted = True
                    break
                run = _start(ctx, task, path, limits, ocr.endpoint() if ocr else None)
                running[run.conn] = run
            if not running:
                return
            now = time.monotonic()
            deadline = min(r.started + limits.timeout_s for r in running.values())
            ready = multiprocessing.connection.wait(list(running), max(0.0, deadline - now))
            for conn in ready:
                run = running.pop(conn)
                _receive(run)
                yield _finish(run, limits, timed_out=False)
            now = time.monotonic()
            for conn, run in list(running.items()):
                if now - run.started >= limits.timeout_s:
                    del running[conn]
                    yield _finish(run, limits, timed_out=True)
    finally:
        for run in running.values():
            run.process.kill()
            run.process.join()
            run.conn.close()


def run_one(path: str, task: Task, limits: Limits, context: str = "forkserver",
            ocr: OcrService | None = None) -> Outcome:
    """Run one document in its own child: the unit of work sent to a Dask worker."""
    return next(run_isolated([path], task, 1, limits, context, ocr))
