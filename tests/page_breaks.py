"""Page breaks moved: a document's tables cut at other rows than the renderer chose, as
another printer, paper size or font would cut them. Used to check that where a page
breaks never changes what selfeval accuses a form of (tests/test_page_breaks.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from selfeval.extract.errors import SelfevalError
from selfeval.extract.grid import PAGED_LAYOUT, Cell, Grid, Item, RawDocument
from selfeval.normalize import normalize_document
from selfeval.scoring import score_document


def _next_page(cell: Cell, grid: Grid, row: int, **changes: object) -> Cell:
    return replace(cell, row=row, page=(grid.page or 1) + 1, **changes)


def between_rows(grid: Grid, at: int) -> list[Grid]:
    """``grid`` with a page break above row ``at``: a cell running across the break
    goes on as a blank cell at the head of the next page, as a PDF prints it."""
    top = [replace(c, rowspan=min(c.rowspan, at - c.row)) for c in grid.cells if c.row < at]
    bottom = [_next_page(c, grid, c.row - at) for c in grid.cells if c.row >= at]
    bottom += [_next_page(c, grid, 0, rowspan=c.row + c.rowspan - at, text="")
               for c in grid.cells if c.row < at < c.row + c.rowspan]
    return [replace(grid, n_rows=at, cells=tuple(top)),
            replace(grid, n_rows=grid.n_rows - at, cells=tuple(bottom), page=(grid.page or 1) + 1)]


def inside_row(grid: Grid, at: int) -> list[Grid]:
    """``grid`` with a page break inside row ``at`` (Word lets a row break across pages):
    each cell the break crosses keeps the first half of its lines on the first page."""
    top: list[Cell] = []
    bottom: list[Cell] = []
    for c in grid.cells:
        if c.row + c.rowspan <= at:
            top.append(c)
        elif c.row > at:
            bottom.append(_next_page(c, grid, c.row - at))
        else:
            lines = c.text.split("\n")
            half = (len(lines) + 1) // 2
            top.append(replace(c, rowspan=at - c.row + 1, text="\n".join(lines[:half])))
            bottom.append(_next_page(c, grid, 0, rowspan=c.row + c.rowspan - at,
                                     text="\n".join(lines[half:])))
    return [replace(grid, n_rows=at + 1, cells=tuple(top)),
            replace(grid, n_rows=grid.n_rows - at, cells=tuple(bottom), page=(grid.page or 1) + 1)]


def with_breaks(items: Sequence[Item], share: float, inside: bool) -> list[Item]:
    """``items`` with every table of more than three rows broken ``share`` of the way
    down, between rows or ``inside`` one."""
    out: list[Item] = []
    for item in items:
        if isinstance(item, Grid) and item.n_rows > 3:
            at = min(max(1, round(item.n_rows * share)), item.n_rows - 2)
            out += inside_row(item, at) if inside else between_rows(item, at)
        else:
            out.append(item)
    return out


def accusations(path: str, items: Iterable[Item]) -> Counter[tuple[str, str | None]]:
    """How many error flags of each rule, by the field they point at, the document's
    forms get (none where no form is found)."""
    raw = RawDocument(path, "pdf", None, iter(items), PAGED_LAYOUT)
    try:
        doc = score_document(normalize_document(raw))
    except SelfevalError:
        return Counter()
    return Counter((f.rule, f.where.field) for r in doc.reports for f in r.flags
                   if f.severity == "error")
