"""Where log records go: to the file ``SELFEVAL_LOG`` names, or nowhere; never stderr.

pdfminer, playa, camelot and others log what they make of damaged input ("Data-loss
while decompressing corrupted data", whole tracebacks) through :mod:`logging`, and with
no handler configured Python prints such records on stderr. The CLI's stderr holds
only selfeval's own lines (``selfeval: FILE: reason``), so a nightly log can be grepped
for ``Traceback``: every record, and every Python warning, goes to the log file (at
DEBUG level, where selfeval logs the exception behind a "cannot be read"), or is dropped.
Loggers that bring their own stderr handler (Dask's ``distributed``) lose it.
"""

from __future__ import annotations

import logging
import os
import sys

#: The file to append log records to (unset: records are dropped).
ENV_LOG = "SELFEVAL_LOG"

#: The name of the root handler :func:`route_logs` adds (how it knows it already did).
_HANDLER_NAME = "selfeval"

_FORMAT = "%(asctime)s %(process)d %(name)s %(levelname)s %(message)s"


def _writes_to_stderr(handler: logging.Handler) -> bool:
    return isinstance(handler, logging.StreamHandler) and getattr(
        handler, "stream", None) in (sys.stderr, sys.__stderr__)


def detach_stderr_handlers() -> None:
    """Remove every handler writing to stderr from every logger there is now; their
    records propagate to the root's handler instead."""
    loggers = [logging.getLogger()] + [
        lg for lg in logging.root.manager.loggerDict.values() if isinstance(lg, logging.Logger)]
    for logger in loggers:
        for handler in [h for h in logger.handlers if _writes_to_stderr(h)]:
            logger.removeHandler(handler)
            logger.propagate = True


def route_logs() -> None:
    """Send log records and warnings to ``$SELFEVAL_LOG`` or nowhere (idempotent)."""
    root = logging.getLogger()
    if any(h.get_name() == _HANDLER_NAME for h in root.handlers):
        return
    detach_stderr_handlers()
    target = os.environ.get(ENV_LOG)
    handler: logging.Handler
    if target:
        handler = logging.FileHandler(target, encoding="utf-8", errors="backslashreplace")
        handler.setFormatter(logging.Formatter(_FORMAT))
        root.setLevel(logging.DEBUG)
    else:
        handler = logging.NullHandler()
    handler.set_name(_HANDLER_NAME)
    root.addHandler(handler)
    logging.captureWarnings(True)
