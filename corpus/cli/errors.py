"""How the CLI reports a document it cannot process: one line, never a traceback."""

from __future__ import annotations

import logging
import sys

import click
from selfeval.corpus.names import shown_name
from selfeval.extract.errors import SelfevalError, one_line

#: Exit status for input that could not be processed.
EXIT_BAD_INPUT = 2

#: What an unexpected failure of a reader is called (its exception goes to the log).
READER_FAILED = "cannot be read: the reader failed on something in the file"

_log = logging.getLogger("selfeval")


def describe_failure(path: str, exc: BaseException) -> str:
    """Return the one-line reason for ``exc`` while processing ``path``: a
    :class:`SelfevalError`'s reason, or plain words for anything else (whose exception,
    class and traceback included, is logged at DEBUG level: see ``SELFEVAL_LOG``)."""
    if isinstance(exc, SelfevalError):
        return one_line(exc.reason)
    if isinstance(exc, MemoryError):
        return "ran out of memory while reading the file"
    _log.debug("%s: %s", shown_name(path), READER_FAILED, exc_info=exc)
    return READER_FAILED


def error_line(path: str, reason: str) -> str:
    """Return ``selfeval: FILE: reason`` with the file name shown escaped."""
    return f"selfeval: {shown_name(path)}: {one_line(reason)}"


def report_failure(path: str, exc: BaseException) -> str:
    """Print ``selfeval: FILE: reason`` on stderr and return the reason."""
    reason = describe_failure(path, exc)
    click.echo(error_line(path, reason), err=True)
    sys.stderr.flush()
    return reason
