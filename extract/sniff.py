"""Tell a file's real type from its bytes, never from its name."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from selfeval.extract.errors import (
    DamagedFile,
    EmptyFile,
    SelfevalError,
    UnsupportedFormat,
    detail,
    with_detail,
)

#: How many leading bytes a PDF header may sit after (some producers prepend junk;
#: the PDF spec's readers accept the header within the first 1024 bytes).
PDF_HEADER_WINDOW = 1024

#: How much of an OLE2 compound file is searched for the name of its main stream.
#: The directory of a small .doc sits in its first few sectors; 4 MB covers the
#: directory of any legacy form while keeping the sniff cheap.
OLE_SCAN_BYTES = 4 * 1024 * 1024

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: Leading bytes of formats a downloader brings home by mistake, and what to call them.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"{\\rtf", "an RTF document"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
)

#: Names of an OLE2 file's main stream (UTF-16LE in its directory) and what they mean.
_OLE_STREAMS: tuple[tuple[str, str], ...] = (
    ("EncryptedPackage", "a password-protected Office document"),
    ("WordDocument", "a legacy Word .doc, not DOCX"),
    ("Workbook", "a legacy Excel .xls, not a PDF or DOCX"),
    ("PowerPoint Document", "a legacy PowerPoint .ppt, not a PDF or DOCX"),
)

#: Office Open XML packages other than Word, by the folder of their main part.
_OOXML_KINDS: tuple[tuple[str, str], ...] = (
    ("xl/", "an Excel workbook (XLSX), not a DOCX"),
    ("ppt/", "a PowerPoint presentation (PPTX), not a DOCX"),
)

_HTML = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b",
                   re.IGNORECASE | re.DOTALL)


def _strip_bom(head: bytes) -> bytes:
    return head[3:] if head.startswith(b"\xef\xbb\xbf") else head


def _describe_ole(path: Path) -> str:
    """Given an OLE2 compound file, return what kind of Office file it is."""
    with path.open("rb") as fh:
        data = fh.read(OLE_SCAN_BYTES)
    for name, kind in _OLE_STREAMS:
        if name.encode("utf-16-le") in data:
            return kind
    return "a legacy Office (OLE2) file, not a PDF or DOCX"


def _sniff_zip(path: Path) -> str:
    """Given a ZIP archive, return ``"docx"`` or raise what else it is."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise DamagedFile(str(path), with_detail("a damaged ZIP archive", exc)) from exc
    except NotImplementedError as exc:  # e.g. "zip file version 14.8" (fuzz finding)
        raise DamagedFile(str(path), with_detail("a ZIP archive that cannot be read", exc)) from exc
    if "word/document.xml" in names:
        return "docx"
    if "[Content_Types].xml" in names:
        if any(n.startswith("word/") for n in names):
            raise DamagedFile(str(path), "a DOCX without word/document.xml")
        for folder, kind in _OOXML_KINDS:
            if any(n.startswith(folder) for n in names):
                raise UnsupportedFormat(str(path), kind)
    if "mimetype" in names and "content.xml" in names:
        raise UnsupportedFormat(str(path), "an OpenDocument file, not a PDF or DOCX")
    raise UnsupportedFormat(str(path), "a ZIP archive that is not a DOCX")


def sniff_format(path: str | Path) -> str:
    """Return ``"pdf"`` or ``"docx"`` for the file at ``path``, or raise why it is neither."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            head = fh.read(PDF_HEADER_WINDOW)
    except IsADirectoryError as exc:
        raise UnsupportedFormat(str(path), "a directory, not a file") from exc
    except FileNotFoundError as exc:
        raise SelfevalError(str(path), "no such file") from exc
    except OSError as exc:
        raise SelfevalError(str(path), f"cannot be opened ({exc.strerror or detail(exc)})") from exc
    if not head:
        raise EmptyFile(str(path), "the file is empty (0 bytes)")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(p)
    if head.startswith(_OLE_MAGIC):
        raise UnsupportedFormat(str(path), _describe_ole(p))
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise UnsupportedFormat(str(path), f"{kind}, not a PDF or DOCX")
    text = _strip_bom(head)
    if _HTML.match(text):
        raise UnsupportedFormat(str(path), "an HTML page, not a PDF or DOCX")
    if b"%PDF-" in head:
        return "pdf"
    if text.lstrip().startswith(b"<?xml"):
        raise UnsupportedFormat(str(path), "an XML file, not a PDF or DOCX")
    if _looks_like_text(text):
        raise UnsupportedFormat(str(path), "a plain-text file, not a PDF or DOCX")
    raise UnsupportedFormat(str(path), "not a PDF or DOCX (an unknown kind of file)")


def _looks_like_text(head: bytes) -> bool:
    """True when the first bytes decode as UTF-8 text without control characters."""
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return False  # a multi-byte character cut at the window's end is rare: not text
    return all(ch.isprintable() or ch in "\t\r\n" for ch in text)
