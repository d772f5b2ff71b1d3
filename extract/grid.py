"""Raw grids: what a reader sees in a document, before anyone knows it is a form.

A reader turns a file into a stream of :class:`Grid` (one ruled table, or the part
of it on one page) and :class:`TextLine` (text printed outside any table, such as a
title, a ``填报日期`` line or a ``注`` block), in reading order.

Merged cells are kept as one :class:`Cell` with a ``rowspan``/``colspan``; the slots
it covers other than its top-left one read as ``None`` in :meth:`Grid.rows`, the way
pdfplumber's ``Table.extract`` does. An empty cell reads as ``""``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

#: A box in PDF points, ``(x0, top, x1, bottom)`` with the origin at the top left
#: of the page (pdfplumber's convention). Scanned pages use the same unit.
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Cell:
    """One cell of a grid, merged cells counted once."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    #: Where the cell is printed; ``None`` where the format has no geometry (DOCX).
    box: Box | None = None
    #: The page the cell's top-left corner is printed on (1-based), if known.
    page: int | None = None
    #: Recogniser confidence in 0..1 for OCR'd cells; ``None`` for a text layer.
    confidence: float | None = None
    #: In a workbook: the sheet's name and the cell's A1 address on it (``C12``), counted
    #: with the hidden rows and columns a reader leaves out, as a spreadsheet shows it.
    sheet: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class Grid:
    """One table as read from one page (PDF) or one whole table (DOCX)."""

    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]
    #: Which reader produced it: ``pdf-text``, ``pdf-ocr``, ``docx`` …
    extractor: str
    #: 1-based page of the table's first row; ``None`` for DOCX.
    page: int | None = None
    #: The table's box on its page, if known.
    box: Box | None = None
    #: x positions of the column rulings (n_cols + 1 values), if known. Lets the
    #: normaliser tell whether a table on the next page continues this one.
    col_edges: tuple[float, ...] | None = None

    def rows(self) -> list[list[str | None]]:
        """Return the text grid: a cell's text at its top-left slot, ``None`` under a merge."""
        out: list[list[str | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            out[cell.row][cell.col] = cell.text
        return out

    def slots(self) -> list[list[Cell | None]]:
        """Return, for every slot, the cell that covers it (``None`` where no cell does)."""
        out: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, min(cell.row + cell.rowspan, self.n_rows)):
                for c in range(cell.col, min(cell.col + cell.colspan, self.n_cols)):
                    out[r][c] = cell
        return out


@dataclass(frozen=True)
class TextLine:
    """A line of text printed outside any table."""

    text: str
    page: int | None = None
    box: Box | None = None


@dataclass(frozen=True)
class PageError:
    """A page that could not be read; the rest of the document still is. A reader
    yields it in its stream where the page would have been."""

    page: int | None
    reason: str


Item = Grid | TextLine | PageError


@dataclass(frozen=True)
class Capabilities:
    """What a format's documents can tell, asked instead of comparing format names."""

    #: The document has numbered pages (reports cite them; a page can be pictured).
    paged: bool
    #: Cells and lines carry boxes on their page.
    geometry: bool


#: PDF: printed pages and boxes.
PAGED_LAYOUT = Capabilities(paged=True, geometry=True)
#: DOCX, workbooks, HTML: tables of typed text, no pages, no boxes.
FLOWING_TABLES = Capabilities(paged=False, geometry=False)


@dataclass(frozen=True)
class RawDocument:
    """What a reader hands to the normaliser: facts about the file and a stream of items.

    ``items`` is an iterator so that a long PDF is read one page at a time; a page
    that cannot be read is a :class:`PageError` in the stream.
    """

    path: str
    format: str
    pages: int | None
    items: Iterator[Item]
    capabilities: Capabilities
    sha256: str = ""
