"""Read a legacy Excel ``.xls`` (BIFF, an OLE2 compound file) with xlrd.

xlrd is opened with ``formatting_info`` so that merged ranges, borders and number
formats are read: each cell prints as its format says
(:mod:`selfeval.extract.number_format`), and each sheet's tables and lines come from
:mod:`selfeval.extract.sheet_layout`, as for an XLSX. WPS Spreadsheets' ``.et`` files
are the same format. Hidden sheets, rows and columns are skipped (they are not printed).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import Any

import xlrd
from selfeval.extract.errors import DamagedFile, EmptyFile, EncryptedFile, with_detail
from selfeval.extract.grid import FLOWING_TABLES, Item, RawDocument
from selfeval.extract.number_format import printed
from selfeval.extract.safety import check_file_size
from selfeval.extract.sheet_layout import (
    Merge,
    SheetCell,
    SheetOrigin,
    check_sheet_size,
    sheet_items,
    without_hidden,
)


def read_xls(path: str) -> RawDocument:
    """Return the raw document of the ``.xls`` workbook at ``path`` (loaded before returning)."""
    if check_file_size(path) == 0:
        raise EmptyFile(path, "the file is empty (0 bytes)")
    try:
        # no mmap: a worker under an address-space limit, forked from a big process,
        # cannot map even a small file (ENOMEM); the file is size-checked above
        book = xlrd.open_workbook(path, formatting_info=True, on_demand=True,
                                  logfile=_Discard(), use_mmap=False)
    except xlrd.biffh.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise EncryptedFile(path, "a password-protected workbook") from exc
        raise DamagedFile(path, with_detail("a damaged XLS", exc)) from exc
    except (xlrd.compdoc.CompDocError, struct.error, AssertionError, IndexError, KeyError,
            ValueError, TypeError, EOFError) as exc:  # what xlrd raises on a broken file
        raise DamagedFile(path, with_detail("a damaged XLS", exc)) from exc
    sheets = [book.sheet_by_index(i) for i in range(book.nsheets)]
    sheets = [s for s in sheets if not s.visibility]
    for sheet in sheets:  # merged ranges may reach past the cells
        check_sheet_size(path, sheet.name,
                         max([sheet.nrows] + [r1 for _, r1, _, _ in sheet.merged_cells]),
                         max([sheet.ncols] + [c1 for _, _, _, c1 in sheet.merged_cells]))
    return RawDocument(path=path, format="xls", pages=None, items=_items(book, sheets),
                       capabilities=FLOWING_TABLES)


class _Discard:
    """xlrd writes warnings to a file object; selfeval's stderr carries only its own lines."""

    def write(self, _text: str) -> None:
        return None


def _items(book: Any, sheets: list[Any]) -> Iterator[Item]:
    try:
        for sheet in sheets:
            yield from sheet_items(*_sheet(book, sheet), extractor="xls")
    finally:
        book.release_resources()


def _sheet(book: Any, sheet: Any
           ) -> tuple[dict[tuple[int, int], SheetCell], list[Merge], SheetOrigin]:
    """The sheet's cells and merged ranges as printed: hidden rows and columns taken out
    (the sheet's name and what was hidden, to address a cell)."""
    cells = {}
    for r in range(sheet.nrows):
        for c in range(sheet.row_len(r)):
            xf = book.xf_list[sheet.cell_xf_index(r, c)]
            cells[(r, c)] = SheetCell(_text(book, sheet.cell(r, c), xf), _ruled(xf))
    merges = [Merge(r0, c0, r1 - r0, c1 - c0) for r0, r1, c0, c1 in sheet.merged_cells]
    hidden_rows = {r for r, info in sheet.rowinfo_map.items() if info.hidden}
    hidden_cols = {c for c, info in sheet.colinfo_map.items() if info.hidden}
    return without_hidden(cells, merges, sheet.name, hidden_rows, hidden_cols)


def _text(book: Any, cell: Any, xf: Any) -> str:

    fmt = book.format_map.get(xf.format_key)
    code = fmt.format_str if fmt is not None else "General"
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return printed(xlrd.xldate_as_datetime(cell.value, book.datemode), code)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return printed(cell.value, "General")
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return printed(bool(cell.value), code)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    return printed(cell.value, code)


def _ruled(xf: Any) -> bool:
    border = xf.border
    return any((border.left_line_style, border.right_line_style, border.top_line_style,
                border.bottom_line_style))


