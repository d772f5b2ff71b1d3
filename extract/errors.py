"""The errors selfeval raises on bad input. Each names the file and the reason.

Every package raises these (or subclasses); the CLI and the corpus runner turn
them into one line ``selfeval: FILE: reason`` and a recorded failure.
"""

from __future__ import annotations

import re

#: Longest reason kept (characters): one readable line in a log or a summary.
MAX_REASON_CHARS = 300

#: A Python bytes literal as a library prints it in a message: ``b'\x01a'``, ``b"…"``.
_BYTES_REPR = re.compile(r"""\bb(['"])(.*?)\1""")


def one_line(text: str) -> str:
    """Return ``text`` as one line of at most :data:`MAX_REASON_CHARS` characters:
    whitespace runs (newlines included) become one space, other control characters go."""
    flat = " ".join(text.split())
    flat = "".join(ch for ch in flat if ch.isprintable())
    if len(flat) > MAX_REASON_CHARS:
        flat = flat[: MAX_REASON_CHARS - 1].rstrip() + "…"
    return flat


def detail(exc: BaseException) -> str:
    """Return what a library's exception says, as plain words on one line: no class
    name, no Python bytes literals (``b'x'`` becomes ``'x'``); empty if it says nothing."""
    said = exc.reason if isinstance(exc, SelfevalError) else str(exc)
    return one_line(_BYTES_REPR.sub(r"\1\2\1", said))


def with_detail(reason: str, exc: BaseException) -> str:
    """Return ``reason`` followed by the exception's :func:`detail` in brackets, if any."""
    said = detail(exc)
    return f"{reason} ({said})" if said else reason


class SelfevalError(Exception):
    """Base class: a document could not be processed, for a reason a user can act on.

    The reason is kept as :func:`one_line` makes it, whatever it was built from."""

    def __init__(self, path: str, reason: str) -> None:
        reason = one_line(reason)
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnsupportedFormat(SelfevalError):
    """The bytes are not a PDF or a DOCX (whatever the file name says)."""


class EmptyFile(SelfevalError):
    """The file has no bytes."""


class DamagedFile(SelfevalError):
    """The file is truncated or corrupt beyond what the reader can recover."""


class EncryptedFile(SelfevalError):
    """The file is encrypted and cannot be opened without a password."""


class LimitExceeded(SelfevalError):
    """The file is over one of the documented limits (size, pages, decompressed size)."""


class NoForm(SelfevalError):
    """The document was read but holds no self-evaluation form."""
