"""A file in, its reader's raw document out: size, sniff, preflight, read.

Both entry points take the reader from the file's bytes (:mod:`selfeval.extract.sniff`)
and the checks from its registry entry, so no caller names a format.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from selfeval.extract.grid import RawDocument
from selfeval.extract.reader_spec import ReaderSpec
from selfeval.extract.regular_file import file_sha256
from selfeval.extract.safety import check_file_size
from selfeval.extract.sniff import sniff_reader


def _reader(path: str | Path) -> ReaderSpec:
    check_file_size(path)
    return sniff_reader(path)


def preflight(path: str | Path) -> str:
    """Run every whole-file check that applies and return the sniffed format's name:
    the file size, the real type, then the reader's own preflight (a PDF opened cheaply
    for encryption, page count and damage; a ZIP package measured for bombs and DOCTYPEs)."""
    spec = _reader(path)
    spec.preflight(str(path))
    return spec.name


def read_document(path: str | Path) -> RawDocument:
    """Return the raw document of the file at ``path``, with the file's hash. Each reader
    runs its own preflight before the heavy work, so it is safe called alone."""
    raw = _reader(path).read(str(path))
    return replace(raw, sha256=file_sha256(path))
