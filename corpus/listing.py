"""The documents in a corpus folder: regular files only, never a link out of the folder.

``corpus build`` reads whatever this lists, unattended, every night. So only regular
files are taken: a FIFO, a device or a socket named ``x.pdf`` is refused with its
reason (opening one would hang the run), and a link is followed only to a regular file
inside the folder (``passwd.pdf -> /etc/passwd`` is refused, so no byte of a file
outside the folder reaches the database or the report). Names are listed as
:func:`selfeval.corpus.names.shown_name` gives them: text SQLite stores losslessly.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from selfeval.corpus.names import shown_name
from selfeval.extract.errors import SelfevalError
from selfeval.extract.registry import document_suffixes
from selfeval.extract.regular_file import not_regular_reason

#: Why a link is not followed.
LINK_OUT = "a link to a file outside the corpus folder (not followed)"


@dataclass(frozen=True)
class Entry:
    """A document to read: where to open it and the ``stat`` of the file it is."""

    path: Path
    stat: os.stat_result


@dataclass(frozen=True)
class Refused:
    """A name that looks like a document but is not read: its ``lstat`` and why."""

    stat: os.stat_result
    reason: str


@dataclass(frozen=True)
class Listing:
    """A folder's documents and refused names, each by its shown name, sorted."""

    documents: dict[str, Entry]
    refused: dict[str, Refused]


def _inside(root: Path, target: str) -> bool:
    return os.path.commonpath([root, target]) == str(root)


def _look(root: Path, full: Path) -> Entry | Refused | None:
    """Return what ``full`` is: a document, a refused name, or None if it is gone (or a
    link to nothing)."""
    try:
        lst = os.lstat(full)
    except FileNotFoundError:
        return None  # gone since the listing
    if stat.S_ISLNK(lst.st_mode):
        try:
            st = os.stat(full)
        except OSError:
            return None  # a dangling link names no document
        if not _inside(root, os.path.realpath(full)):
            return Refused(lst, LINK_OUT)
    else:
        st = lst
    reason = not_regular_reason(st.st_mode)
    return Refused(lst, reason) if reason else Entry(full, st)


def list_documents(in_dir: str | Path) -> Listing:
    """Return every document name under ``in_dir`` (recursively, links to folders not
    followed), sorted by its path relative to ``in_dir``."""
    root = Path(os.path.realpath(in_dir))
    if not root.is_dir():
        raise SelfevalError(str(in_dir), "not a folder")
    # Every reader's file name endings (case-insensitive). The reader sniffs the real
    # format from the bytes; a ``.pdf`` that is not a PDF is recorded as failed.
    suffixes = document_suffixes()
    documents: dict[str, Entry] = {}
    refused: dict[str, Refused] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.lower().endswith(suffixes) or name.startswith("."):
                continue
            full = Path(dirpath) / name
            key = shown_name(full.relative_to(root).as_posix())
            found = _look(root, full)
            if isinstance(found, Entry):
                documents[key] = found
            elif isinstance(found, Refused):
                refused[key] = found
    return Listing(documents, refused)
