"""Cell-by-cell accuracy of the OCR reader on the scanned fixtures.

Each scanned fixture is a rasterised rendering of a text PDF that is also a fixture,
so pdfplumber's grid of the text page is the truth for the OCR grid of the scan:
same rows and columns, same merges, same text (after NFKC and whitespace removal,
and after the OCR repairs the normaliser applies to ``pdf-ocr`` cells).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest

from extract.grid import Grid, TextLine
from extract.ocr import OCR_RENDER_DPI, ocr_page
from normalize.ocr_repair import repair_ocr_numeric, repair_ocr_text

DOCS = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "docs"

#: scanned fixture -> (text PDF it was rendered from, that PDF's page for each scan page)
SCANS = {
    "000_qiannan-r3_scanned.pdf": ("000_qiannan_xlsx-export.pdf", [5, 6]),
    "002_qnjinrong_scanned.pdf": ("002_qnjinrong_xlsx-export.pdf", [1, 2, 3]),
}
#: A printed number, percentage or amount: the cells repaired as numeric.
NUMERIC = re.compile(r"^[-+]?\d[\d,]*(\.\d+)?%?$")

#: Agreement reached on the fixtures (see docs/ocr.md for the measured values).
MIN_CELL_AGREEMENT = 0.97
MIN_NUMERIC_AGREEMENT = 0.99


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _repaired(ocr: str, truth: str) -> str:
    # The normaliser knows a column's role from its header; here the truth tells.
    return repair_ocr_numeric(ocr) if NUMERIC.match(truth) else repair_ocr_text(ocr)


@dataclass(frozen=True)
class PageResult:
    scan: str
    page: int
    items: tuple[Grid | TextLine, ...]
    truth: tuple[list[list[str | None]], ...]


@pytest.fixture(scope="module")
def results() -> list[PageResult]:
    out = []
    for scan, (text_pdf, text_pages) in SCANS.items():
        pdf = pdfium.PdfDocument(DOCS / scan)
        with pdfplumber.open(DOCS / text_pdf) as plumber:
            for index, text_page in enumerate(text_pages):
                image = pdf[index].render(scale=OCR_RENDER_DPI / 72).to_pil()
                items = ocr_page(image, index + 1, 72 / OCR_RENDER_DPI)
                truth = tuple(t.extract() for t in plumber.pages[text_page - 1].find_tables())
                out.append(PageResult(scan, index + 1, tuple(items), truth))
        pdf.close()
    return out


def _agreement(results: list[PageResult]) -> tuple[int, int, int, int, list[str]]:
    cells = agree = numeric = numeric_agree = 0
    misses = []
    for result in results:
        grids = [item for item in result.items if isinstance(item, Grid)]
        for t, truth in enumerate(result.truth):
            ocr = grids[t].rows() if t < len(grids) else None
            same_shape = (
                ocr is not None and len(ocr) == len(truth) and len(ocr[0]) == len(truth[0])
            )
            for r, row in enumerate(truth):
                for c, want in enumerate(row):
                    if want is None:
                        continue
                    got = ocr[r][c] if same_shape and ocr is not None else None
                    ok = got is not None and _norm(_repaired(got, _norm(want))) == _norm(want)
                    is_number = bool(NUMERIC.match(_norm(want)))
                    cells += 1
                    agree += ok
                    numeric += is_number
                    numeric_agree += ok and is_number
                    if not ok:
                        misses.append(f"{result.scan} p{result.page} r{r}c{c}: {want!r} <- {got!r}")
    return cells, agree, numeric, numeric_agree, misses


def test_every_table_is_found_with_the_text_pdfs_rows_and_columns(results):
    for result in results:
        grids = [item for item in result.items if isinstance(item, Grid)]
        shapes = [(g.n_rows, g.n_cols) for g in grids]
        want = [(len(t), len(t[0])) for t in result.truth]
        assert shapes == want, f"{result.scan} page {result.page}"


def test_cell_and_numeric_agreement_with_the_text_pdf(results):
    cells, agree, numeric, numeric_agree, misses = _agreement(results)
    report = "\n".join(misses)
    print(f"\ncells {agree}/{cells} = {agree / cells:.4f}; "
          f"numeric {numeric_agree}/{numeric} = {numeric_agree / numeric:.4f}\n{report}")
    assert agree / cells >= MIN_CELL_AGREEMENT, report
    assert numeric_agree / numeric >= MIN_NUMERIC_AGREEMENT, report


def test_cells_carry_page_box_and_confidence(results):
    for result in results:
        for grid in (item for item in result.items if isinstance(item, Grid)):
            assert grid.extractor == "pdf-ocr" and grid.page == result.page
            assert grid.col_edges is not None and len(grid.col_edges) == grid.n_cols + 1
            assert list(grid.col_edges) == sorted(grid.col_edges)
            for cell in grid.cells:
                assert cell.page == result.page and cell.box is not None
                x0, top, x1, bottom = cell.box
                assert 0 <= x0 < x1 <= 596 and 0 <= top < bottom <= 842
                if cell.text:
                    assert cell.confidence is not None and 0 <= cell.confidence <= 1


def _lines(results: list[PageResult], scan: str) -> list[str]:
    return [
        _norm(repair_ocr_text(item.text))
        for result in results
        if result.scan == scan
        for item in result.items
        if isinstance(item, TextLine)
    ]


def test_text_outside_the_tables_is_read_in_reading_order(results):
    lines = _lines(results, "000_qiannan-r3_scanned.pdf")
    title = next(i for i, line in enumerate(lines) if "项目支出绩效目标自评表" in line)
    unit = next(i for i, line in enumerate(lines) if line.startswith("单位(盖章)"))
    assert title < unit
    assert any("2024/02/05" in line for line in lines)
    assert any("联系人" in line for line in lines)
    notes = _lines(results, "002_qnjinrong_scanned.pdf")
    assert any(line.startswith("联系电话") and "0854-8220006" in line for line in notes)
    assert any(line.startswith("注:1.绩效自评采取打分评价的形式") for line in notes)
