"""A worksheet's cells → grids and text lines, the way the printed sheet reads.

Both workbook readers (XLSX, XLS) hand over the same thing: the printed text of each
cell, whether it is drawn with a border, and the merged ranges. A run of rows with a
bordered cell is one table (a :class:`Grid`, merged ranges as spans, the columns it
uses); a row with no border is text outside the table (a :class:`TextLine`), as a
title or a ``填表人`` line prints above or under the form. A sheet drawn without any
border is one table. Several forms on one sheet, separated by unruled rows, are
several grids.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from selfeval.extract.errors import LimitExceeded
from selfeval.extract.grid import Cell, Grid, TextLine
from selfeval.extract.limits import MAX_SHEET_CELLS


@dataclass(frozen=True)
class SheetCell:
    """A cell as printed: its text and whether a border is drawn on it."""

    text: str
    ruled: bool


@dataclass(frozen=True)
class Merge:
    """A merged range, 0-based: its top-left slot and its size."""

    row: int
    col: int
    rowspan: int
    colspan: int


Slot = tuple[int, int]


def column_letters(col: int) -> str:
    """A 0-based column as a spreadsheet names it: 0 → ``A``, 25 → ``Z``, 26 → ``AA``."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _before_hiding(index: int, hidden: tuple[int, ...]) -> int:
    """The place a row (column) shown at ``index`` had before the ``hidden`` ones (sorted)
    were taken out: the first place with ``index`` shown ones before it (a binary search,
    so that a sheet hiding many rows costs no more per cell)."""
    low, high = index, index + len(hidden)
    while low < high:
        mid = (low + high) // 2
        if mid - bisect_right(hidden, mid) < index:
            low = mid + 1
        else:
            high = mid
    return low


@dataclass(frozen=True)
class SheetOrigin:
    """Which sheet of a workbook a grid comes from, and the rows and columns (0-based,
    sorted) hidden on it: what turns a printed slot back into the address a spreadsheet
    shows (``C12``)."""

    name: str
    hidden_rows: tuple[int, ...] = ()
    hidden_cols: tuple[int, ...] = ()

    def address(self, row: int, col: int) -> str:
        """The A1 address of the slot printed at 0-based ``row``, ``col``."""
        return (column_letters(_before_hiding(col, self.hidden_cols))
                + str(_before_hiding(row, self.hidden_rows) + 1))


def check_sheet_size(path: str, sheet: str, n_rows: int, n_cols: int) -> None:
    """Refuse a sheet whose used range is over :data:`MAX_SHEET_CELLS` slots (a cell set
    at the far corner of a sheet makes its range, and any walk of it, huge)."""
    if n_rows * n_cols > MAX_SHEET_CELLS:
        raise LimitExceeded(path, f"sheet {sheet} spans {n_rows:,} x {n_cols:,} cells, over "
                            f"the {MAX_SHEET_CELLS:,}-cell limit")


def without_hidden(cells: Mapping[Slot, SheetCell], merges: list[Merge], sheet: str,
                   hidden_rows: set[int], hidden_cols: set[int],
                   ) -> tuple[dict[Slot, SheetCell], list[Merge], SheetOrigin]:
    """The sheet as printed: hidden rows and columns (0-based) taken out, the others
    closing up, merged ranges shrunk to what they show; and the sheet's origin, to give
    a printed slot its address."""
    row_order, col_order = sorted(hidden_rows), sorted(hidden_cols)
    origin = SheetOrigin(sheet, tuple(row_order), tuple(col_order))
    if not hidden_rows and not hidden_cols:
        return dict(cells), merges, origin

    def shown(index: int, order: list[int]) -> int:  # its place once the hidden close up
        return index - bisect_left(order, index)

    kept = {(shown(r, row_order), shown(c, col_order)): cell for (r, c), cell in cells.items()
            if r not in hidden_rows and c not in hidden_cols}
    shrunk = []
    for m in merges:
        rows = shown(m.row + m.rowspan, row_order) - shown(m.row, row_order)
        cols = shown(m.col + m.colspan, col_order) - shown(m.col, col_order)
        if rows and cols and m.row not in hidden_rows and m.col not in hidden_cols:
            shrunk.append(Merge(shown(m.row, row_order), shown(m.col, col_order), rows, cols))
    return kept, shrunk, origin


def sheet_items(cells: Mapping[Slot, SheetCell], merges: list[Merge],
                origin: SheetOrigin | None, extractor: str) -> Iterator[Grid | TextLine]:
    """Yield the grids and text lines of one sheet, top to bottom; each cell of a grid
    carries its workbook address where ``origin`` names the sheet (None: not a workbook)."""
    covered = {(m.row + dr, m.col + dc): m for m in merges
               for dr in range(m.rowspan) for dc in range(m.colspan)}
    used = [slot for slot, cell in cells.items() if cell.text or cell.ruled]
    if not used:
        return
    any_ruled = any(cell.ruled for cell in cells.values())
    ruled_rows = {r for (r, _), cell in cells.items() if cell.ruled or not any_ruled and cell.text}
    for m in merges:  # a merged range stays in one table
        if ruled_rows & set(range(m.row, m.row + m.rowspan)):
            ruled_rows |= set(range(m.row, m.row + m.rowspan))
    texts_by_row: dict[int, list[tuple[int, str]]] = {}
    for (r, c), cell in cells.items():
        if cell.text.strip():
            texts_by_row.setdefault(r, []).append((c, cell.text))
    block: list[int] = []
    for r in range(max(r for r, _ in used) + 2):
        if r in ruled_rows:
            block.append(r)
            continue
        if block:
            yield _grid(cells, covered, block, origin, extractor)
            block = []
        if r in texts_by_row:
            yield TextLine(" ".join(text for _, text in sorted(texts_by_row[r])))


def _grid(cells: Mapping[Slot, SheetCell], covered: Mapping[Slot, Merge], rows: list[int],
          origin: SheetOrigin | None, extractor: str) -> Grid:
    """The grid of rows ``rows`` (consecutive), over the columns they use."""
    top, bottom = rows[0], rows[-1]
    cols = sorted({c for (r, c), cell in cells.items()
                   if top <= r <= bottom and (cell.text or cell.ruled)}
                  | {c for (r, c) in covered if top <= r <= bottom})
    left, right = cols[0], cols[-1]
    out: list[Cell] = []
    for r in rows:
        for c in range(left, right + 1):
            merge = covered.get((r, c))
            if merge is not None and (merge.row, merge.col) != (r, c):
                continue  # under a merge: its top-left cell carries it
            text = cells[(r, c)].text if (r, c) in cells else ""
            rowspan = min(merge.row + merge.rowspan - 1, bottom) - r + 1 if merge else 1
            colspan = min(merge.col + merge.colspan - 1, right) - c + 1 if merge else 1
            out.append(Cell(r - top, c - left, text, max(rowspan, 1), max(colspan, 1),
                            sheet=None if origin is None else origin.name,
                            address=None if origin is None else origin.address(r, c)))
    return Grid(n_rows=bottom - top + 1, n_cols=right - left + 1, cells=tuple(out),
                extractor=extractor)
