"""The errors selfeval raises on bad input. Each names the file and the reason.

Every package raises these (or subclasses); the CLI and the corpus runner turn
them into one line ``selfeval: FILE: reason`` and a recorded failure.
"""

from __future__ import annotations


class SelfevalError(Exception):
    """Base class: a document could not be processed, for a reason a user can act on."""

    def __init__(self, path: str, reason: str) -> None:
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
