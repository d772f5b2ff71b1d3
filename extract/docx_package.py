"""Open a DOCX package safely and return its main part as a parsed XML tree.

Every way a DOCX can be bad ends here as an :mod:`selfeval.extract.errors` exception. The
archive-wide checks (declared uncompressed sizes against the limits, compression
ratios, a DOCTYPE in any XML part) are :func:`selfeval.extract.safety.check_docx_zip`'s and
run before anything is inflated, so the reader is safe even when called without
:func:`selfeval.extract.safety.preflight`. This module adds what is specific to reading the
main part: that it exists, is neither encrypted nor exotically compressed, and
parses under a hardened parser that never substitutes entities.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from lxml import etree
from selfeval.extract.errors import (
    DamagedFile,
    EmptyFile,
    EncryptedFile,
    SelfevalError,
    with_detail,
)
from selfeval.extract.safety import check_docx_zip

MAIN_PART = "word/document.xml"

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

#: What zipfile and zlib raise on a corrupt archive or member.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError)


def load_main_part(path: str) -> etree._Element:
    """Return the parsed ``w:document`` root of the DOCX at ``path``, or raise why not."""
    data = _read_main_part(path)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise DamagedFile(path, with_detail(f"{MAIN_PART} is not well-formed XML", exc)) from exc
    if root.getroottree().docinfo.internalDTD is not None:
        # check_docx_zip looks for a DOCTYPE in each part's prolog; this catches one
        # hidden behind a longer prolog, after a parse that expanded nothing.
        raise DamagedFile(path, f"{MAIN_PART} declares a DTD (entity declarations refused)")
    if etree.QName(root).localname != "document":
        raise DamagedFile(path, f"{MAIN_PART} has root <{etree.QName(root).localname}>")
    return root


def _read_main_part(path: str) -> bytes:
    """Return the bytes of the main part after the archive checks."""
    try:
        size = Path(path).stat().st_size
    except OSError as exc:
        raise SelfevalError(path, f"cannot read the file ({exc.strerror})") from exc
    if size == 0:
        raise EmptyFile(path, "the file is empty (0 bytes)")
    try:
        with zipfile.ZipFile(path) as zf:
            info = _main_part_info(path, zf)
            check_docx_zip(path)
            with zf.open(info) as fh:
                return fh.read()  # zipfile stops at the declared size check_docx_zip bounded
    except _ZIP_ERRORS as exc:
        raise DamagedFile(path, with_detail("damaged DOCX (ZIP) archive", exc)) from exc


def _main_part_info(path: str, zf: zipfile.ZipFile) -> zipfile.ZipInfo:
    """Return the main part's entry if it is there, unencrypted and deflated or stored."""
    info = next((m for m in zf.infolist() if m.filename == MAIN_PART), None)
    if info is None:
        raise DamagedFile(path, f"a DOCX without {MAIN_PART}")
    if info.flag_bits & 0x1:
        raise EncryptedFile(path, f"{MAIN_PART} is encrypted inside the ZIP archive")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        # OPC (ISO 29500-2) allows only these two; others are a sign of a crafted file.
        raise DamagedFile(path, f"{MAIN_PART} uses ZIP compression method {info.compress_type}")
    return info
