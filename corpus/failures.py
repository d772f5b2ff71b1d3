"""The one-line reason a document could not be processed, never a traceback: what a
document's child sends back and the CLI prints. Kept out of the CLI package (which
imports click) so that a child at its memory limit need not import anything to say why."""

from __future__ import annotations

import logging

from selfeval.corpus.names import shown_name
from selfeval.extract.errors import SelfevalError, one_line

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
