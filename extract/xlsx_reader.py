"""Read an XLSX workbook: each worksheet's cells as printed, merged ranges as spans.

openpyxl loads the workbook (not in read-only mode: its read-only sheets give neither
merged ranges nor the borders that tell the table from the text around it); the
package was measured first (:func:`selfeval.extract.xlsx_package.check_xlsx`: unpacked
size, XML size, compression ratio, DOCTYPEs, each sheet's extent), so what it parses
is bounded. Each cell
reads as its number format prints it (:mod:`selfeval.extract.number_format`); a
formula cell reads as the value the workbook cached for it. Sheets are read in order,
hidden sheets, rows and columns skipped (they are not printed); a sheet's tables and lines come from
:mod:`selfeval.extract.sheet_layout`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from typing import Any

import openpyxl
from selfeval.extract.errors import DamagedFile, EmptyFile, with_detail
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
from selfeval.extract.xlsx_package import check_xlsx


def read_xlsx(path: str) -> RawDocument:
    """Return the raw document of the workbook at ``path`` (loaded before returning)."""
    if check_file_size(path) == 0:
        raise EmptyFile(path, "the file is empty (0 bytes)")
    check_xlsx(path)
    try:
        with open(path, "rb") as fh:  # a file object: openpyxl refuses names not *.xlsx
            book = openpyxl.load_workbook(fh, data_only=True)
    except zipfile.BadZipFile as exc:
        raise DamagedFile(path, with_detail("a damaged XLSX", exc)) from exc
    except KeyError as exc:  # a part the workbook names is missing
        raise DamagedFile(path, with_detail("an XLSX missing a part", exc)) from exc
    except (ValueError, TypeError, OSError, EOFError, SyntaxError) as exc:
        raise DamagedFile(path, with_detail("an XLSX that cannot be read", exc)) from exc
    sheets = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    for ws in sheets:
        check_sheet_size(path, ws.title, ws.max_row, ws.max_column)
    return RawDocument(path=path, format="xlsx", pages=None,
                       items=_items(sheets), capabilities=FLOWING_TABLES)


def _items(sheets: list[Any]) -> Iterator[Item]:
    for ws in sheets:
        yield from sheet_items(*_sheet(ws), extractor="xlsx")


def _ruled(cell: Any) -> bool:
    border = cell.border
    return any(getattr(border, side).style for side in ("left", "right", "top", "bottom"))


def _sheet(ws: Any) -> tuple[dict[tuple[int, int], SheetCell], list[Merge], SheetOrigin]:
    """The sheet's cells (those openpyxl holds, never the whole range: a far cell would
    make it huge) and merged ranges, as printed: hidden rows and columns taken out (the
    sheet's name and what was hidden, to address a cell)."""
    cells = {(row - 1, col - 1): SheetCell(printed(cell.value, cell.number_format), _ruled(cell))
             for (row, col), cell in ws._cells.items()}  # noqa: SLF001 - the cells that exist
    merges = [Merge(r.min_row - 1, r.min_col - 1, r.max_row - r.min_row + 1,
                    r.max_col - r.min_col + 1) for r in ws.merged_cells.ranges]
    hidden_rows = {r - 1 for r, dim in ws.row_dimensions.items() if dim.hidden}
    hidden_cols = {c - 1 for dim in ws.column_dimensions.values() if dim.hidden and dim.min
                   for c in range(dim.min, (dim.max or dim.min) + 1)}
    return without_hidden(cells, merges, ws.title, hidden_rows, hidden_cols)

