"""Regular files only: what else a path can name, and the SHA-256 of a regular file.

A FIFO, a device or a socket named like a document would never end (``/dev/zero``) or
never start (a FIFO nobody writes): it is refused before a byte is read, so reading or
hashing costs at most the file's size.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

#: Bytes read at a time while hashing (1 MiB: past this size sha256 runs at disk speed).
_CHUNK = 1 << 20

#: What a path that is not a regular file names, by ``stat`` test.
_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


class NotARegularFile(OSError):
    """The path names something other than a regular file; ``reason`` says what."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def not_regular_reason(mode: int) -> str | None:
    """Return why a file of this ``st_mode`` is not read (``not a regular file (a FIFO)``),
    or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "something else")
    return f"not a regular file ({kind})"


def file_sha256(path: str | Path) -> str:
    """Return the hex SHA-256 of the regular file at ``path``.

    Raises :class:`NotARegularFile` for anything else, :class:`OSError` if it cannot be
    opened. The file is opened without blocking, so a FIFO is refused, not waited on.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as fh:
        reason = not_regular_reason(os.fstat(fd).st_mode)
        if reason:
            raise NotARegularFile(reason)
        digest = hashlib.sha256()
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
