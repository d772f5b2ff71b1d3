"""The XLSX preflight: the package measured before openpyxl loads any of it.

Kept apart from the reader so that the registry can name it without importing openpyxl.
"""

from __future__ import annotations

import re
import zipfile
from typing import IO

from lxml import etree
from selfeval.extract.errors import DamagedFile, with_detail
from selfeval.extract.safety import check_docx_zip
from selfeval.extract.sheet_layout import check_sheet_size

#: Sheet XML is streamed with entities never substituted and no DTD or network.
_SCAN = {"resolve_entities": False, "load_dtd": False, "no_network": True, "huge_tree": False}


def check_xlsx(path: str) -> None:
    """The XLSX preflight: the package measured as a DOCX is
    (:func:`selfeval.extract.safety.check_docx_zip`), then each sheet's extent, cells and
    merged ranges both, streamed before openpyxl loads it (openpyxl makes an object for
    every slot a merged range covers, so ``A1:XFD1048576`` would exhaust memory)."""
    check_docx_zip(path, "XLSX")
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                name = info.filename
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    with zf.open(info) as fh:
                        rows, cols = _extent(fh)
                    check_sheet_size(path, name, rows, cols)
    except etree.XMLSyntaxError as exc:
        raise DamagedFile(path, with_detail("an XLSX whose sheet is not well-formed XML",
                                            exc)) from exc


def _extent(fh: IO[bytes]) -> tuple[int, int]:
    """The rows and columns a sheet reaches with its cells and merged ranges."""
    rows = cols = 0
    for _, el in etree.iterparse(fh, tag=("{*}c", "{*}mergeCell"), **_SCAN):
        for ref in (el.get("r") or el.get("ref") or "").split(":"):
            match = _REF.fullmatch(ref.upper())
            if match:
                rows = max(rows, int(match.group(2)))
                cols = max(cols, _column(match.group(1)))
        el.clear()
        while el.getprevious() is not None:
            del el.getparent()[0]
    return rows, cols


_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d{1,7})")


def _column(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - ord("A") + 1
    return number
