"""Cell-by-cell accuracy of the OCR reader on the scanned fixtures.

The truth is pdfplumber's grid of the text PDF each scan was rendered from (see
bench/ocr_agreement.py); the thresholds are what the reader reaches (docs/ocr.md).
"""

from __future__ import annotations

import pytest
from selfeval.extract.grid import Grid, TextLine
from selfeval.normalize.ocr_repair import repair_ocr_text

from bench.ocr_agreement import SCANS, ScannedPage, agreement, norm, pages_from_items
from tests.conftest import RawItems
from tests.data_paths import DOCS

pytestmark = pytest.mark.slow  # OCR of every scanned page

#: Measured: 383/387 cells (98.97%), 117/117 numeric cells (100%); see docs/ocr.md.
MIN_CELL_AGREEMENT = 0.97
MIN_NUMERIC_AGREEMENT = 0.99


@pytest.fixture(scope="module")
def pages(raw_snapshot: RawItems) -> list[ScannedPage]:
    """The scanned fixtures as the PDF reader reads them (OCR shared with the other
    tests that read them), page by page."""
    return [page for scan in SCANS
            for page in pages_from_items(scan, raw_snapshot(DOCS / scan).items)]


def test_every_table_is_found_with_the_text_pdfs_rows_and_columns(pages):
    for page in pages:
        grids = [item for item in page.items if isinstance(item, Grid)]
        shapes = [(g.n_rows, g.n_cols) for g in grids]
        assert shapes == [(len(t), len(t[0])) for t in page.truth], f"{page.scan} p{page.page}"


def test_cell_and_numeric_agreement_with_the_text_pdf(pages):
    result = agreement(pages)
    report = "\n".join(result.misses)
    print(f"\ncells {result.agree}/{result.cells} = {result.cell_share:.4f}; numeric "
          f"{result.numeric_agree}/{result.numeric} = {result.numeric_share:.4f}\n{report}")
    assert result.cell_share >= MIN_CELL_AGREEMENT, report
    assert result.numeric_share >= MIN_NUMERIC_AGREEMENT, report


def test_cells_carry_page_box_and_confidence(pages):
    for page in pages:
        for grid in (item for item in page.items if isinstance(item, Grid)):
            assert grid.extractor == "pdf-ocr" and grid.page == page.page
            assert grid.col_edges is not None and len(grid.col_edges) == grid.n_cols + 1
            assert list(grid.col_edges) == sorted(grid.col_edges)
            for cell in grid.cells:
                assert cell.page == page.page and cell.box is not None
                x0, top, x1, bottom = cell.box
                assert 0 <= x0 < x1 <= 596 and 0 <= top < bottom <= 842
                if cell.text:
                    assert cell.confidence is not None and 0 <= cell.confidence <= 1


def _lines(pages: list[ScannedPage], scan: str) -> list[str]:
    return [
        norm(repair_ocr_text(item.text))
        for page in pages
        if page.scan == scan
        for item in page.items
        if isinstance(item, TextLine)
    ]


def test_text_outside_the_tables_is_read_in_reading_order(pages):
    lines = _lines(pages, "000_qiannan-r3_scanned.pdf")
    title = next(i for i, line in enumerate(lines) if "项目支出绩效目标自评表" in line)
    unit = next(i for i, line in enumerate(lines) if line.startswith("单位(盖章)"))
    assert title < unit
    assert any("2024/02/05" in line for line in lines)
    assert any("联系人" in line for line in lines)
    notes = _lines(pages, "002_qnjinrong_scanned.pdf")
    assert any(line.startswith("联系电话") and "0854-8220006" in line for line in notes)
    assert any(line.startswith("注:1.绩效自评采取打分评价的形式") for line in notes)
