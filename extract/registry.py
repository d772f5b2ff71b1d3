"""The registry of readers: one small interface, one entry per format.

A reader is a callable ``(path) -> RawDocument``. Like camelot's ``PARSERS``, the
table is the one place that says which formats selfeval reads.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from selfeval.extract.grid import RawDocument
from selfeval.extract.regular_file import file_sha256
from selfeval.extract.safety import check_file_size
from selfeval.extract.sniff import sniff_format

Reader = Callable[[str], RawDocument]


def _read_pdf(path: str) -> RawDocument:
    from selfeval.extract.pdf_reader import read_pdf

    return read_pdf(path)


def _read_docx(path: str) -> RawDocument:
    from selfeval.extract.docx_reader import read_docx

    return read_docx(path)


READERS: dict[str, Reader] = {"pdf": _read_pdf, "docx": _read_docx}


def read_document(path: str | Path) -> RawDocument:
    """Sniff ``path``'s real format and return its reader's raw document."""
    check_file_size(path)
    fmt = sniff_format(path)
    raw = READERS[fmt](str(path))
    raw.sha256 = file_sha256(path)
    return raw
