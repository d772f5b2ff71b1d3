"""The OCR service's loop: one recognition model answering the line crops that the
documents' children send (:mod:`.remote`), for as long as its process lives.

The model is built on the first request (a run without scans never builds it) and
kept. Each connection is served by a thread of its own; at most ``lanes`` requests are
read at once, side by side on the one model (onnxruntime runs a session from several
threads at once, each run with the engine's own threads). A request that is not
crops of a checked size (:func:`.wire.decode_crops`) gets an error reply and its
connection is closed; a client that goes away mid-request costs nothing but that request.
Starting, limiting and stopping the process is the runner's job
(:mod:`selfeval.corpus.ocr_service`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection, Listener

import numpy as np
from selfeval.extract.ocr import wire
from selfeval.extract.ocr.recognizer import recognise_here

_log = logging.getLogger(__name__)

Recogniser = Callable[[list[np.ndarray]], list[wire.Line]]


def _answer(conn: Connection, lanes: threading.Semaphore, recognise: Recogniser) -> None:
    """Answer ``conn``'s requests until it closes or sends something that is not one."""
    with conn:
        while True:
            try:
                request = conn.recv_bytes(wire.MAX_REQUEST_BYTES)
            except (OSError, EOFError):
                return  # the child is gone (done, killed, or its request too big)
            try:
                crops = wire.decode_crops(request)
            except wire.BadRequest as exc:
                _send(conn, wire.encode_reply(error=str(exc)))
                return
            del request
            try:
                with lanes:
                    reply = wire.encode_reply(recognise(crops))
            except Exception as exc:  # noqa: BLE001 - one bad request never stops the service
                _log.debug("the OCR engine failed on a request", exc_info=exc)
                reply = wire.encode_reply(error=f"the OCR engine failed ({type(exc).__name__})")
            if not _send(conn, reply):
                return


def _send(conn: Connection, reply: bytes) -> bool:
    try:
        conn.send_bytes(reply)
    except OSError:
        return False
    return True


def serve(listener: Listener, lanes: int = 1, recognise: Recogniser = recognise_here) -> None:
    """Answer every connection ``listener`` accepts, until the listener is closed, at most
    ``lanes`` requests at a time."""
    gate = threading.Semaphore(max(1, lanes))
    while True:
        try:
            conn = listener.accept()
        except Exception as exc:  # noqa: BLE001 - a wrong key, a client gone: the next one
            if getattr(listener, "_listener", None) is None:
                return  # the listener was closed (multiprocessing says so only this way)
            _log.debug("refused an OCR client", exc_info=exc)
            continue
        threading.Thread(target=_answer, args=(conn, gate, recognise), daemon=True).start()
