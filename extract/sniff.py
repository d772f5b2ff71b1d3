"""Tell a file's real type from its bytes, never from its name."""

from __future__ import annotations

import zipfile
from pathlib import Path

from extract.errors import EmptyFile, UnsupportedFormat

#: How many leading bytes a PDF header may sit after (some producers prepend junk;
#: the PDF spec's readers accept the header within the first 1024 bytes).
PDF_HEADER_WINDOW = 1024


def sniff_format(path: str | Path) -> str:
    """Return ``"pdf"`` or ``"docx"`` for the file at ``path``, or raise why it is neither."""
    p = Path(path)
    with p.open("rb") as fh:
        head = fh.read(PDF_HEADER_WINDOW)
    if not head:
        raise EmptyFile(str(path), "the file is empty (0 bytes)")
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(p) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile as exc:
            raise UnsupportedFormat(str(path), f"a damaged ZIP archive ({exc})") from exc
        if "word/document.xml" in names:
            return "docx"
        if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
            raise UnsupportedFormat(str(path), "a DOCX without word/document.xml")
        raise UnsupportedFormat(str(path), "a ZIP archive that is not a DOCX")
    raise UnsupportedFormat(str(path), f"not a PDF or DOCX (starts with {head[:8]!r})")
