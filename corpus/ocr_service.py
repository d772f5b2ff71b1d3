"""The run's OCR service: one long-lived process that builds the recognition model once
and reads the line crops of every scanned page the run's documents send it.

Untrusted parsing stays where it was, in each document's own child under its time and
memory limits (:mod:`selfeval.corpus.workers`): the child renders and cleans its pages
and cuts out the text lines; only those pixels, sizes checked, reach the service
(:mod:`selfeval.extract.ocr.wire`). The service runs under a memory limit of its own and
dies with its parent. A service that died (or a document child that cannot reach it)
costs time, never a document: the next document gets a new service, and a child
without one reads with its own engine.
"""

from __future__ import annotations

import faulthandler
import logging
import multiprocessing
import os
import shutil
import tempfile
from multiprocessing.connection import Connection, Listener
from typing import Any

from selfeval.corpus.child_guard import cap_address_space, die_with_parent
from selfeval.corpus.thread_caps import cap_threads
from selfeval.extract.ocr.remote import Endpoint

_log = logging.getLogger(__name__)

#: Seconds to wait for a new service to listen. It only forks (or, from a fork server,
#: forks a process that has the pipeline imported) and binds a socket: ~10 ms measured;
#: past this the run goes on without a service.
READY_TIMEOUT_S = 30.0


def _main(address: str, authkey: bytes, threads: int, lanes: int, max_memory: int,
          ready: Connection, parent: int | None) -> None:
    """The service process: limits first, then listen and answer until killed."""
    from selfeval.extract.ocr.service import serve

    die_with_parent(parent)
    faulthandler.disable()
    cap_threads(threads)
    cap_address_space(max_memory)
    listener = Listener(address, family="AF_UNIX", authkey=authkey)
    ready.send(True)
    ready.close()
    serve(listener, lanes)


class OcrService:
    """Starts the service on first need and again after it died; stops it on close.

    ``lanes`` is how many requests it reads at once (its runner's documents read at
    once), ``threads`` the engine's threads for each (the runner's cores shared among
    them), ``max_memory`` its address-space limit beyond what it inherits, ``context``
    the multiprocessing start method that starts it.
    """

    def __init__(self, threads: int, max_memory: int, context: str = "fork",
                 lanes: int = 1) -> None:
        self.threads = threads
        self.lanes = lanes
        self.max_memory = max_memory
        self._ctx: Any = multiprocessing.get_context(context)
        self._process: Any = None
        self._folder: str | None = None
        self._endpoint: Endpoint | None = None
        self.starts = 0

    def endpoint(self) -> Endpoint | None:
        """Where the running service listens (started now if it is not running), or
        None where it cannot be started (the documents then read with their own engine)."""
        if self._process is not None and self._process.is_alive():
            return self._endpoint
        self._stop()
        try:
            self._start()
        except (OSError, EOFError, TimeoutError) as exc:
            _log.debug("the OCR service did not start (%s)", exc)
            self._stop()
        return self._endpoint

    def _start(self) -> None:
        self._folder = tempfile.mkdtemp(prefix="selfeval-ocr-")
        address = os.path.join(self._folder, "ocr.sock")
        authkey = os.urandom(32)
        ready_r, ready_w = self._ctx.Pipe(duplex=False)
        parent = os.getpid() if self._ctx.get_start_method() == "fork" else None
        self._process = self._ctx.Process(
            target=_main, name="selfeval-ocr", daemon=True,
            args=(address, authkey, self.threads, self.lanes, self.max_memory, ready_w, parent))
        self._process.start()
        ready_w.close()
        self.starts += 1
        with ready_r:
            if not ready_r.poll(READY_TIMEOUT_S):
                raise TimeoutError(f"no answer in {READY_TIMEOUT_S:g} s")
            ready_r.recv()
        self._endpoint = Endpoint(address, authkey)

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._process = None
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
        self._endpoint = None

    def close(self) -> None:
        """Stop the service and remove its socket."""
        self._stop()

    def __enter__(self) -> OcrService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
