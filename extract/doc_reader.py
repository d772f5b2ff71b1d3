"""Read a legacy Word ``.doc`` (or WPS Writer ``.wps``): converted to DOCX by LibreOffice
(:mod:`selfeval.extract.office_convert`), then read by the DOCX reader. The document
keeps its own path and format; where LibreOffice is missing it is refused in one line
saying how to install it."""

from __future__ import annotations

from dataclasses import replace

from selfeval.extract.docx_reader import read_docx
from selfeval.extract.errors import DamagedFile, EmptyFile
from selfeval.extract.grid import RawDocument
from selfeval.extract.office_convert import converted
from selfeval.extract.registry import READERS
from selfeval.extract.safety import check_file_size
from selfeval.extract.sniff import read_head


def read_doc(path: str) -> RawDocument:
    """Return the raw document of the ``.doc`` at ``path`` (converted before returning)."""
    if check_file_size(path) == 0:
        raise EmptyFile(path, "the file is empty (0 bytes)")
    spec = READERS["doc"]
    if not spec.sniff(read_head(path)):  # LibreOffice would read any bytes as text
        raise DamagedFile(path, f"not {spec.title} (no Word document stream in it)")
    raw = converted(path, spec.title, ".doc", "docx", read_docx)
    return replace(raw, path=path, format="doc")
