"""The client side of the OCR service: a document's child sends its line crops to the
run's long-lived OCR process instead of building the recognition model itself.

:func:`use_service` is called in the child before the document is read; from then on
:func:`recognise` sends each page's crops (:mod:`.wire`) and returns what the service
read. Where no service was given, or it cannot be reached or stops answering, it
returns None and the child reads with its own engine, as a child did before there was
a service: slower (the model is built once more), never wrong, and the document is read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from multiprocessing import AuthenticationError
from multiprocessing.connection import Client, Connection

import numpy as np
from selfeval.extract.ocr import wire

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Endpoint:
    """Where a run's OCR service listens: a Unix socket, and the key that opens it."""

    address: str
    authkey: bytes


_endpoint: Endpoint | None = None
_conn: Connection | None = None


def use_service(endpoint: Endpoint | None) -> None:
    """Send this process's crops to the service at ``endpoint`` (None: read them here)."""
    global _endpoint, _conn
    if _conn is not None:
        _conn.close()
    _endpoint, _conn = endpoint, None


def _connection() -> Connection | None:
    global _conn
    if _conn is None and _endpoint is not None:
        _conn = Client(_endpoint.address, family="AF_UNIX", authkey=_endpoint.authkey)
    return _conn


def recognise(crops: list[np.ndarray]) -> list[wire.Line] | None:
    """Return the service's reading of ``crops``, or None where there is no service to
    ask (none given, or it failed: this process then reads on its own from here on)."""
    if _endpoint is None:
        return None
    lines: list[wire.Line] = []
    try:
        conn = _connection()
        if conn is None:
            return None
        for chunk in wire.chunks(crops):
            conn.send_bytes(wire.encode_crops(chunk))
            lines += wire.decode_reply(conn.recv_bytes(), len(chunk))
    except (OSError, EOFError, wire.BadRequest, AuthenticationError) as exc:
        _log.debug("the OCR service failed (%s); reading with this process's engine", exc)
        use_service(None)
        return None
    return lines
