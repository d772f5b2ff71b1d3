"""A cited cell's location in words, the one way every output writes it: the report's
list of a flag's cells, the ``cells`` column of the CSV/XLSX rows of ``extract`` and
``audit``, and the ``flags.cells_text`` column behind the ``flag_details`` view and
``corpus export``.

Read off the record's JSON object (docs/schema.md, "Cell locations"): ``p2
[458,320,496,350]`` (a page and the box in whole PDF points), ``自评表!H13`` (a
workbook's sheet and address, as a spreadsheet's name box takes it), ``table 2, row 5,
column 7`` (a DOCX or HTML table), or that the location was not recorded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

#: What a cited cell with no location says.
NOT_RECORDED = "location not recorded"

#: A sheet name a spreadsheet takes unquoted in ``NAME!A1``: word characters (CJK
#: included), not starting with a digit.
_BARE_SHEET = re.compile(r"[^\W\d]\w*")
#: …unless it reads as a cell address itself (``A1``, ``R1C1``).
_CELL_LIKE = re.compile(r"[A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*")


def sheet_address(sheet: str, address: str) -> str:
    """``sheet!address``, the sheet name quoted where a spreadsheet needs it
    (``'Sheet 1'!C12``; a quote in the name doubled)."""
    if _BARE_SHEET.fullmatch(sheet) and not _CELL_LIKE.fullmatch(sheet):
        return f"{sheet}!{address}"
    return "'" + sheet.replace("'", "''") + f"'!{address}"


def _box(value: Any) -> str | None:
    if not isinstance(value, list) or len(value) != 4:
        return None
    try:
        return "[" + ",".join(f"{float(v):.0f}" for v in value) + "]"
    except (TypeError, ValueError):
        return None


def location_text(at: Any) -> str:
    """Where one cell is printed (a CELL object of the JSON, or null), in words."""
    if not isinstance(at, dict):
        return NOT_RECORDED
    if isinstance(at.get("sheet"), str) and isinstance(at.get("address"), str):
        return sheet_address(at["sheet"], at["address"])
    if at.get("table") is not None:
        return f"table {at['table']}, row {at.get('row')}, column {at.get('col')}"
    if at.get("page") is not None:
        box = _box(at.get("box"))
        return f"p{at['page']}" + (f" {box}" if box else "")
    return NOT_RECORDED


def cited_cells(flag: dict[str, Any]) -> list[dict[str, Any]]:
    """The flag's cited cells (the JSON objects), in its order."""
    return [c for c in flag.get("cells") or [] if isinstance(c, dict)]


def cells_text(cells: Iterable[dict[str, Any]]) -> str:
    """A flag's cited cells on one line: ``reported p2 [458,320,496,350]; input p2 […]``
    (``""`` for a flag that cites none)."""
    return "; ".join(f"{c.get('role')} {location_text(c.get('at'))}" for c in cells)
