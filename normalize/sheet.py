"""A form's grids as one sequence of rows of cleaned cells.

A :class:`Row` knows, for every column of its grid, the cell covering that slot, so a
merged 一级指标 cell reads the same on every row it spans. Rows of several grids (a
form that runs over pages, or a DOCX form split into tables) follow each other; each
row keeps its grid's column count, since a continuation may be ruled differently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from selfeval.extract.grid import Cell, Grid
from selfeval.normalize.numbers import parse_rate
from selfeval.normalize.records import CellRef, on_page
from selfeval.normalize.text import clean_text

#: A function from a raw cell to its repaired text (the OCR repairs).
CellRepair = Callable[[Cell], str]

@dataclass(frozen=True)
class CellView:
    """A cell with its cleaned text."""

    cell: Cell
    text: str
    #: Where the cell is printed.
    ref: CellRef

    @property
    def col(self) -> int:
        return self.cell.col

    @property
    def end_col(self) -> int:
        return self.cell.col + self.cell.colspan


@dataclass(frozen=True)
class Row:
    """One grid row: the covering cell of every slot (None where no cell is drawn)."""

    grid: int
    index: int
    page: int | None
    slots: tuple[CellView | None, ...]
    #: The row is its grid's first row (a page break may have cut the row before it).
    first: bool

    def at(self, col: int | None) -> CellView | None:
        """The cell covering column ``col`` (None outside the grid)."""
        if col is None or not 0 <= col < len(self.slots):
            return None
        return self.slots[col]

    def own(self, col: int | None) -> CellView | None:
        """The cell at ``col`` only if it starts in this row and column (not a merge from
        the left or from above)."""
        view = self.at(col)
        if view is None or view.col != col or view.cell.row != self.index:
            return None
        return view

    def text(self, col: int | None) -> str | None:
        """Cleaned text of the cell covering ``col``."""
        view = self.at(col)
        return None if view is None else view.text

    def cells(self) -> list[CellView]:
        """The distinct cells of the row, left to right."""
        out: list[CellView] = []
        for view in self.slots:
            if view is not None and (not out or out[-1] is not view):
                out.append(view)
        return out

    def starting_cells(self) -> list[CellView]:
        """The distinct cells whose top-left corner is in this row."""
        return [v for v in self.cells() if v.cell.row == self.index]


def cell_ref(cell: Cell, grid: Grid, table: int) -> CellRef:
    """Where ``cell`` of ``grid`` (the document's ``table``-th, 1-based) is printed: its
    page and box where the reader gives boxes, else its table, row and column (and its
    sheet and address in a workbook)."""
    page = cell.page or grid.page
    if cell.box is not None:
        return on_page(page, cell.box)
    return CellRef(page=page, table=table, row=cell.row + 1, col=cell.col + 1,
                   sheet=cell.sheet, address=cell.address)


def grid_rows(grid: Grid, grid_index: int, repair: CellRepair | None = None,
              table: int | None = None) -> list[Row]:
    """Given a grid, return its rows of cleaned cells.

    ``repair`` optionally maps a cell's raw text before cleaning (the OCR repairs);
    ``table`` is the grid's 1-based number in its document (``grid_index + 1`` if not
    given), for the cells' locations.
    """
    number = grid_index + 1 if table is None else table
    views = {
        id(cell): CellView(cell, clean_text(repair(cell) if repair else cell.text),
                           cell_ref(cell, grid, number))
        for cell in grid.cells
    }
    slots = grid.slots()
    rows = []
    for r, line in enumerate(slots):
        first_cell = next((c for c in line if c is not None), None)
        page = first_cell.page if first_cell is not None and first_cell.page else grid.page
        rows.append(
            Row(
                grid=grid_index, index=r, page=page,
                slots=tuple(views[id(c)] if c is not None else None for c in line),
                first=r == 0,
            )
        )
    return rows


def label_above(above: Iterable[Row], col: int) -> str | None:
    """The nearest text over column ``col`` in ``above`` (the rows above, nearest first)
    that is not a number: the label of a column whose own header cell prints a number."""
    for row in above:
        view = row.at(col)
        if view is not None and view.text and parse_rate(view.text) is None:
            return view.text
    return None


#: The x-range of each column of a grid, where its reader gives boxes (None elsewhere).
ColumnSpans = tuple[tuple[float, float] | None, ...]


def column_spans(grid: Grid) -> ColumnSpans:
    """Each column's x-range in PDF points, from the cells one column wide."""
    spans: list[tuple[float, float] | None] = [None] * grid.n_cols
    for cell in grid.cells:
        if cell.box is not None and cell.colspan == 1 and spans[cell.col] is None:
            spans[cell.col] = (cell.box[0], cell.box[2])
    return tuple(spans)


def all_rows(grids: Iterable[Grid], repair: CellRepair | None = None,
             first_table: int = 1) -> list[Row]:
    """Rows of several grids, in order; the first is the document's ``first_table``-th."""
    out: list[Row] = []
    for i, grid in enumerate(grids):
        out.extend(grid_rows(grid, i, repair, first_table + i))
    return out
