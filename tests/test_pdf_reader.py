"""The text-PDF reader: rulings from vector line art or, where those are missing, from
camelot's lattice finder; merged cells cut by a page break; overflow text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pytest
from selfeval.extract.grid import Grid, TextLine
from selfeval.extract.pdf_lattice import needs_lattice, table_coverage
from selfeval.extract.pdf_layer import plumber_layer
from selfeval.extract.pdf_reader import read_pdf
from selfeval.extract.pdfium_layer import read_layer
from selfeval.extract.ruling import (
    Segment,
    SlotCell,
    edges_to_segments,
    find_ruled_tables,
    merge_slots,
    segments_to_table,
)

from tests.data_paths import DOCS, WILD
from tests.pdf_builder import PdfTable, write_table_pdf

ROWS = (
    ("level 1", "level 2", "name", "score"),
    ("output", "quantity", "trainings", "10"),
    ("", "", "surveys", ""),
    ("total", "", "", "90"),
)
MERGES = ((1, 0, 2, 0), (1, 1, 2, 1), (3, 0, 3, 2))


def _grids(path: Path) -> list[Grid]:
    return [item for item in read_pdf(str(path)).items if isinstance(item, Grid)]


@pytest.mark.parametrize("rulings,extractor", [("vector", "pdf-text"), ("image", "pdf-lattice")])
def test_both_readers_give_the_same_grid(tmp_path: Path, rulings: str, extractor: str) -> None:
    path = tmp_path / f"{rulings}.pdf"
    write_table_pdf(PdfTable("Merged cells", ROWS, MERGES, rulings=rulings), path)
    [grid] = _grids(path)
    assert grid.extractor == extractor
    assert grid.rows() == [
        ["level 1", "level 2", "name", "score"],
        ["output", "quantity", "trainings", "10"],
        [None, None, "surveys", ""],
        ["total", None, None, "90"],
    ]
    spans = {(c.row, c.col): (c.rowspan, c.colspan) for c in grid.cells}
    assert spans[(1, 0)] == (2, 1) and spans[(3, 0)] == (1, 3)


def test_no_fixture_page_is_sent_to_camelot() -> None:
    """The vector grid is trusted on every page of the text fixtures (forms and plain
    text pages alike), so none of them pays for a camelot run."""
    for path in sorted(DOCS.glob("*.pdf")):
        if "scanned" in path.name:
            continue
        with pdfplumber.open(path) as pdf:
            layers = [plumber_layer(page) for page in pdf.pages]
            document = pdfium.PdfDocument(path)
            layers += [read_layer(page, str(path), n) for n, page in enumerate(document, 1)]
            document.close()
        for n, layer in enumerate(layers):
            assert not needs_lattice(layer, find_ruled_tables(layer.edges)), (path, n)


def test_a_cell_left_open_by_a_page_break_is_one_cell_to_the_table_edge() -> None:
    # Two columns, three rows; the left column has no border below row 0 and none at
    # the bottom of the table (a merged cell the page break cut).
    segments = [
        Segment(0, 0, 100, 0), Segment(50, 20, 100, 20), Segment(50, 40, 100, 40),
        Segment(50, 60, 100, 60),
        Segment(0, 0, 0, 60), Segment(50, 0, 50, 60), Segment(100, 0, 100, 60),
    ]
    table = segments_to_table(segments)
    assert table is not None
    left = [c for c in table.cells if c.col == 0]
    assert [(c.row, c.rowspan) for c in left] == [(0, 3)]
    assert table.open_bottom == (True, False)


def test_a_table_a_page_break_leaves_without_a_bottom_rule_ends_where_its_sides_end() -> None:
    # A browser prints a cell split over two pages with no rule where the page cuts it:
    # the side rulings run on to the page's end (wb03's web page printed to PDF).
    segments = [Segment(0, 0, 100, 0), Segment(0, 20, 100, 20),
                Segment(0, 0, 0, 300), Segment(50, 0, 50, 300), Segment(100, 0, 100, 300)]
    table = segments_to_table(segments)
    assert table is not None
    assert table.ys == (0, 20, 300) and table.open_bottom == (True, True)
    # side rulings a few points past the last rule are the margin's clipping, no row
    clipped = segments[:2] + [Segment(x, 0, x, 25) for x in (0, 50, 100)]
    table = segments_to_table(clipped)
    assert table is not None and table.ys == (0, 20)


def test_the_stacked_rules_of_rows_printed_with_no_height_are_one_ruling() -> None:
    # ce01's web page printed by a browser: empty rows drawn as rules 1.5 pt apart make
    # one run of rules wider than the tolerance; the rule of each cell beside them is on
    # that ruling, however far from the run's mean
    segments = [Segment(0, 0, 100, 0), Segment(0, 80, 100, 80),
                Segment(0, 40, 50, 40), Segment(50, 41.5, 100, 41.5),
                Segment(50, 43, 100, 43), Segment(0, 44.5, 50, 44.5),
                *(Segment(x, 0, x, 80) for x in (0, 50, 100))]
    table = segments_to_table(segments)
    assert table is not None and len(table.ys) == 3
    assert [(c.row, c.rowspan) for c in table.cells if c.col == 0] == [(0, 1), (1, 1)]


def test_a_group_of_joined_slots_that_is_no_rectangle_is_parted_into_rectangles() -> None:
    # A cut form's empty last column printed as a sliver no rule closes runs down beside
    # every row and joins the wide value cell of the row under them (sr01's page printed
    # with collapsed borders): its bounding rectangle would be one cell over the table
    cells = merge_slots(
        3, 3,
        joined_right=lambda r, c: r == 2 and c >= 1,
        joined_down=lambda r, c: c == 2)
    assert cells == (SlotCell(0, 0, 1, 1), SlotCell(0, 1, 1, 1), SlotCell(0, 2, 2, 1),
                     SlotCell(1, 0, 1, 1), SlotCell(1, 1, 1, 1), SlotCell(2, 0, 1, 1),
                     SlotCell(2, 1, 1, 2))


def test_table_coverage_stops_counting_once_it_has_enough() -> None:
    table = segments_to_table([Segment(0, 0, 100, 0), Segment(0, 50, 100, 50),
                               Segment(0, 0, 0, 50), Segment(100, 0, 100, 50)])
    assert table is not None
    def char(x: float) -> dict[str, Any]:
        return {"text": "字", "x0": x, "x1": x + 10, "top": 20, "bottom": 30}
    chars = [char(10), char(50), char(150), char(200)]  # two of four inside
    assert table_coverage(chars, [table]) == 0.5
    assert table_coverage(chars, [table], enough=0.25) == 0.25
    assert table_coverage(chars, [table], enough=0.75) == 0.5


def test_a_page_with_prose_above_its_form_keeps_its_vector_grid() -> None:
    """ss02's web page printed to PDF: a paragraph above the form puts most of the
    page's characters outside any table; camelot's grid holds no more of them, so the
    vector grid is kept, cell for cell."""
    path = WILD / "ss02_luan_publicculture" / "ss02_luan_publicculture_html-print.pdf"
    [grid] = _grids(path)
    assert grid.extractor == "pdf-text"
    assert ["年度资金总额", "200", "200", "179.43", "10", "89.7%", "9"] in [
        [text for text in row if text] for row in grid.rows()]


def test_overflow_text_of_a_cut_merged_cell_lands_in_its_cell() -> None:
    """Calc centres a merged cell's text on its whole height: when a page break cuts the
    cell, the text is drawn off the page or in the margin past the table."""
    items = list(read_pdf(str(DOCS / "000_qiannan_xlsx-export.pdf")).items)
    page1 = next(i for i in items if isinstance(i, Grid) and i.page == 1)
    level1 = ["".join(row[1].split()) for row in page1.rows() if row[1]]
    assert "产出指标(50分)" in level1
    # The 成本指标 cell at the bottom of page 1 reads its text from the margin below.
    level2 = [row[2] for row in page1.rows() if row[2]]
    assert level2[-1] == "成本指标"
    # The footer line is never pulled into a cell.
    assert any(isinstance(i, TextLine) and "杨世明" in i.text for i in items)


def _edge(x0: float, top: float, x1: float, bottom: float) -> dict[str, float]:
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom}


def test_a_short_piece_continuing_a_ruling_is_part_of_it_and_a_lone_dash_is_not() -> None:
    # sk02's Word PDF: column boundaries 3.3 pt apart in two rows (322.1 | 325.4); the row
    # ruling between them is drawn as its own 3.55 pt piece, which left the two rows one
    # cell when it was dropped as a glyph stroke.
    frame = [_edge(253, 49.6, 436, 49.6), _edge(253, 87.35, 322.0, 87.35),
             _edge(325.05, 87.35, 436, 87.35), _edge(253, 125, 436, 125),
             _edge(253, 49.6, 253, 125), _edge(436, 49.6, 436, 125),
             _edge(322.1, 49.6, 322.1, 87.6), _edge(325.4, 87.6, 325.4, 125)]
    piece = _edge(322.25, 87.35, 325.8, 87.35)
    dash = _edge(380, 105, 383, 105)
    with_piece = segments_to_table(edges_to_segments([*frame, piece, dash]))
    without = segments_to_table(edges_to_segments(frame))
    assert with_piece is not None and without is not None
    assert len(with_piece.cells) == 4  # 253-322 | 322-436 over 253-325 | 325-436
    # without the piece the open slot joins the two rows' cells into one group, which
    # is parted into the same rectangles rather than read as one cell over all
    assert without.cells == with_piece.cells
    assert Segment(380, 105, 383, 105) not in edges_to_segments([*frame, dash])
