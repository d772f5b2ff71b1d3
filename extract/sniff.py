"""Tell a file's real type from its bytes, never from its name."""

from __future__ import annotations

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
from selfeval.extract.reader_spec import Head, ReaderSpec, ZipPart
from selfeval.extract.registry import READERS, not_read

#: How many leading bytes a PDF header may sit after (some producers prepend junk;
#: the PDF spec's readers accept the header within the first 1024 bytes).
PDF_HEADER_WINDOW = 1024

#: How much of an OLE2 compound file is searched for the names of its streams.
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

#: OLE2 streams of Office files no reader takes, and what to call them.
_OLE_STREAMS: tuple[tuple[str, str], ...] = (
    ("PowerPoint Document", "a legacy PowerPoint .ppt"),
)

#: Office Open XML packages no reader takes, by the folder of their main part.
_OOXML_KINDS: tuple[tuple[str, str], ...] = (
    ("ppt/", "a PowerPoint presentation (PPTX)"),
)

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def _strip_bom(head: bytes) -> bytes:
    return head[3:] if head.startswith(b"\xef\xbb\xbf") else head


def _zip_names(path: Path) -> frozenset[str]:
    try:
        with zipfile.ZipFile(path) as zf:
            return frozenset(zf.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise DamagedFile(str(path), with_detail("a damaged ZIP archive", exc)) from exc
    except NotImplementedError as exc:  # e.g. "zip file version 14.8" (fuzz finding)
        raise DamagedFile(str(path), with_detail("a ZIP archive that cannot be read", exc)) from exc


def _ole_directory(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(OLE_SCAN_BYTES)


def _head(path: Path, first: bytes) -> Head:
    """What the readers' sniffs look at, for a file beginning with ``first``."""
    if first.startswith(_ZIP_MAGIC):
        return Head(first, zip_names=_zip_names(path))
    if first.startswith(_OLE_MAGIC):
        return Head(first, ole_directory=_ole_directory(path))
    return Head(_strip_bom(first))


def _describe_zip(path: Path, names: frozenset[str]) -> SelfevalError:
    """Why a ZIP archive no reader took is refused."""
    if "[Content_Types].xml" in names:
        for spec in READERS.values():
            sniff = spec.sniff
            if isinstance(sniff, ZipPart) and any(n.startswith(sniff.folder) for n in names):
                return DamagedFile(str(path), f"{spec.title} without {sniff.member}")
        for folder, kind in _OOXML_KINDS:
            if any(n.startswith(folder) for n in names):
                return UnsupportedFormat(str(path), f"{kind}, {not_read()}")
    if "mimetype" in names and "content.xml" in names:
        return UnsupportedFormat(str(path), f"an OpenDocument file, {not_read()}")
    return UnsupportedFormat(str(path), f"a ZIP archive, {not_read()}")


def _describe_ole(head: Head) -> str:
    """What kind of Office file an OLE2 compound file no reader took is."""
    kind = next((k for name, k in _OLE_STREAMS if head.has_ole_stream(name)),
                "a legacy Office (OLE2) file")
    return f"{kind}, {not_read()}"


def _refusal(path: Path, head: Head) -> SelfevalError:
    """Why a file no reader took is refused: what it is, and that selfeval does not read it."""
    if head.first.startswith(_ZIP_MAGIC):
        return _describe_zip(path, head.zip_names)
    if head.first.startswith(_OLE_MAGIC):
        return UnsupportedFormat(str(path), _describe_ole(head))
    text = head.first
    kind = next((k for magic, k in _MAGIC if text.startswith(magic)), None)
    if kind is None and text.lstrip().startswith(b"<?xml"):
        kind = "an XML file"
    if kind is None and _looks_like_text(text):
        kind = "a plain-text file"
    if kind is None:
        return UnsupportedFormat(str(path), f"{not_read()} (an unknown kind of file)")
    return UnsupportedFormat(str(path), f"{kind}, {not_read()}")


def read_head(path: str | Path) -> Head:
    """What the readers' sniffs look at in the file at ``path``, or raise why it has none."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            first = fh.read(PDF_HEADER_WINDOW)
    except IsADirectoryError as exc:
        raise UnsupportedFormat(str(path), "a directory, not a file") from exc
    except FileNotFoundError as exc:
        raise SelfevalError(str(path), "no such file") from exc
    except OSError as exc:
        raise SelfevalError(str(path), f"cannot be opened ({exc.strerror or detail(exc)})") from exc
    if not first:
        raise EmptyFile(str(path), "the file is empty (0 bytes)")
    return _head(p, first)


def sniff_reader(path: str | Path) -> ReaderSpec:
    """Return the reader of the file at ``path`` by its bytes, or raise what it is instead."""
    head = read_head(path)
    if head.has_ole_stream("EncryptedPackage"):
        raise UnsupportedFormat(str(path), "a password-protected Office document")
    for spec in READERS.values():
        if spec.sniff(head):
            return spec
    raise _refusal(Path(path), head)


def sniff_format(path: str | Path) -> str:
    """Return the name of the format of the file at ``path``, or raise why none reads it."""
    return sniff_reader(path).name


def _looks_like_text(head: bytes) -> bool:
    """True when the first bytes decode as UTF-8 text without control characters."""
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return False  # a multi-byte character cut at the window's end is rare: not text
    return all(ch.isprintable() or ch in "\t\r\n" for ch in text)
