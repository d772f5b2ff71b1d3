"""camelot (lattice) as the second reader of a page's table rulings.

The first reader takes rulings from the PDF's vector line art (:mod:`selfeval.extract.ruling`).
Where that grid is not trustworthy — the page prints rulings the vector art does not
hold, e.g. lines drawn into a background image, or broken into dots too short to be
segments — camelot's lattice finder, which detects lines on the rendered page, gives
the rulings instead. Its cells' drawn edges are turned back into segments and go
through the same slot-merging pipeline, so merged cells are read the same way.
"""

from __future__ import annotations

import warnings
from typing import Any

from selfeval.extract.pdf_layer import PageLayer
from selfeval.extract.ruling import RuledTable, Segment, segments_to_table

#: A page is re-read with camelot when fewer than this share of its characters fall
#: inside the vector-ruled tables… Measured on the text fixtures: every page that
#: holds a form puts 72–100% of its characters inside its tables (lowest: 003's
#: unfilled template page with its long 备注 line, 72%).
MIN_TABLE_COVERAGE = 0.5

#: …and the page has something that can draw rulings: an image, or at least this many
#: vector edges. Pages of plain text (the narrative pages of seed 003, the 注 page of
#: seed 002) have neither, so they never pay for a camelot run (≈0.9 s a page).
MIN_EDGES = 4


def table_coverage(chars: list[dict[str, Any]], tables: list[RuledTable],
                   enough: float = 1.0) -> float:
    """The share of non-blank characters whose centre lies inside one of ``tables``;
    counting stops once the share reaches ``enough`` (the answer is then ``enough``)."""
    visible = [c for c in chars if c["text"].strip()]
    if not visible:
        return 1.0
    boxes = [t.bbox for t in tables]
    needed = enough * len(visible)
    inside = 0
    for c in visible:
        x, y = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        if any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes):
            inside += 1
            if inside >= needed:
                return enough
    return inside / len(visible)


def needs_lattice(page: PageLayer, tables: list[RuledTable]) -> bool:
    """Whether the vector grid of ``page`` is not to be trusted."""
    can_draw_rulings = bool(page.images) or len(page.edges) >= MIN_EDGES
    return can_draw_rulings and table_coverage(
        page.chars, tables, enough=MIN_TABLE_COVERAGE) < MIN_TABLE_COVERAGE


def covers_more(page: PageLayer, lattice: list[RuledTable], tables: list[RuledTable]) -> bool:
    """Whether camelot's ``lattice`` tables hold more of the page's characters than the
    vector ``tables``: a page with prose above its form (a web page saved as PDF) holds
    few of its characters in a table however its rulings are read, and camelot's grid
    is then no better, only coarser."""
    return bool(lattice) and table_coverage(page.chars, lattice) > table_coverage(
        page.chars, tables)


def _cell_segments(cell: Any, page_height: float) -> list[Segment]:
    top, bottom = page_height - cell.y2, page_height - cell.y1
    out = []
    if cell.top:
        out.append(Segment(cell.x1, top, cell.x2, top))
    if cell.bottom:
        out.append(Segment(cell.x1, bottom, cell.x2, bottom))
    if cell.left:
        out.append(Segment(cell.x1, top, cell.x1, bottom))
    if cell.right:
        out.append(Segment(cell.x2, top, cell.x2, bottom))
    return out


def lattice_tables(path: str, page_number: int, page_height: float) -> list[RuledTable]:
    """Return the tables camelot's lattice finder sees on one page, as ruling grids."""
    import camelot  # imported here: it loads OpenCV, which most pages never need

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # camelot warns on pages it finds no table on
        found = camelot.read_pdf(path, pages=str(page_number), flavor="lattice")
    tables = []
    for table in found:
        segments = [s for row in table.cells for c in row for s in _cell_segments(c, page_height)]
        ruled = segments_to_table(segments)
        if ruled is not None:
            tables.append(ruled)
    tables.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    return tables
