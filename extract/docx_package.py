"""Open a DOCX package safely and return its main part as a parsed XML tree.

Every way a DOCX can be bad ends here as an :mod:`extract.errors` exception:
not a ZIP, an encrypted or unsupported member, a zip bomb (declared sizes are
checked against :data:`extract.limits.MAX_DOCX_UNCOMPRESSED_BYTES` before
anything is inflated), broken XML, or a DTD (the entity-expansion bomb's
carrier; WordprocessingML never declares one).
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from lxml import etree

from extract.errors import (
    DamagedFile,
    EmptyFile,
    EncryptedFile,
    LimitExceeded,
    SelfevalError,
    UnsupportedFormat,
)
from extract.limits import MAX_DOCX_UNCOMPRESSED_BYTES, MAX_FILE_BYTES

MAIN_PART = "word/document.xml"

#: An OLE2 compound file: what Word writes for a password-protected DOCX (and a .doc).
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: Entities are never substituted, no DTD or network is fetched, and libxml2's
#: default limits stay on (huge_tree=False: text nodes <= 10 MB, nesting <= 256).
_PARSER = etree.XMLParser(
    resolve_entities=False,
    load_dtd=False,
    no_network=True,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)

#: How far into the part a DTD is looked for before parsing (the prolog of the
#: fixtures' document.xml is 56 bytes). A DTD further in is still refused after parsing.
_PROLOG_BYTES = 4096
_DTD_REASON = f"{MAIN_PART} declares a DTD, which a DOCX never does (entity-expansion risk)"

#: What zipfile and zlib raise on a corrupt archive or member.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError)


def load_main_part(path: str) -> etree._Element:
    """Return the parsed ``w:document`` root of the DOCX at ``path``, or raise why not."""
    data = _read_main_part(path)
    if b"<!DOCTYPE" in data[:_PROLOG_BYTES]:
        raise DamagedFile(path, _DTD_REASON)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise DamagedFile(path, f"{MAIN_PART} is not well-formed XML ({exc})") from exc
    if root.getroottree().docinfo.internalDTD is not None:
        raise DamagedFile(path, _DTD_REASON)
    if etree.QName(root).localname != "document":
        raise DamagedFile(path, f"{MAIN_PART} has root <{etree.QName(root).localname}>")
    return root


def _read_main_part(path: str) -> bytes:
    """Return the bytes of the main part after the size, archive and encryption checks."""
    try:
        size = Path(path).stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(len(_OLE_MAGIC))
    except OSError as exc:
        raise SelfevalError(path, f"cannot read the file ({exc.strerror})") from exc
    if size == 0:
        raise EmptyFile(path, "the file is empty (0 bytes)")
    if size > MAX_FILE_BYTES:
        raise LimitExceeded(path, f"file of {size} bytes is over MAX_FILE_BYTES={MAX_FILE_BYTES}")
    if head == _OLE_MAGIC:
        raise UnsupportedFormat(
            path, "an OLE compound file (a password-protected DOCX or a legacy .doc), not a DOCX"
        )
    try:
        with zipfile.ZipFile(path) as zf:
            return _read_member(path, zf)
    except _ZIP_ERRORS as exc:
        raise DamagedFile(path, f"damaged DOCX (ZIP) archive ({exc})") from exc


def _read_member(path: str, zf: zipfile.ZipFile) -> bytes:
    """Check the archive's declared sizes, then inflate the main part (bounded)."""
    members = zf.infolist()
    total = sum(info.file_size for info in members)
    if total > MAX_DOCX_UNCOMPRESSED_BYTES:
        raise LimitExceeded(
            path,
            f"the DOCX parts declare {total} uncompressed bytes, over "
            f"MAX_DOCX_UNCOMPRESSED_BYTES={MAX_DOCX_UNCOMPRESSED_BYTES} (zip bomb?)",
        )
    info = next((m for m in members if m.filename == MAIN_PART), None)
    if info is None:
        raise DamagedFile(path, f"a DOCX without {MAIN_PART}")
    if info.flag_bits & 0x1:
        raise EncryptedFile(path, f"{MAIN_PART} is encrypted inside the ZIP archive")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        # OPC allows only these two; refusing the rest also bounds inflation per read.
        raise DamagedFile(path, f"{MAIN_PART} uses ZIP compression method {info.compress_type}")
    with zf.open(info) as fh:
        # zipfile stops at the declared size; reading one byte more proves it did.
        data = fh.read(MAX_DOCX_UNCOMPRESSED_BYTES + 1)
    if len(data) > MAX_DOCX_UNCOMPRESSED_BYTES:
        raise LimitExceeded(path, f"{MAIN_PART} inflates past MAX_DOCX_UNCOMPRESSED_BYTES")
    return data
