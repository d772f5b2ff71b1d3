"""Agreement of the OCR reader with the text PDFs that the scanned fixtures were made from.

Each scanned fixture is a rasterised rendering of a text PDF that is also a fixture,
so pdfplumber's grid of the text page is the truth for the OCR grid of the scan:
same rows and columns, same merges, same text (after NFKC and whitespace removal,
and after the OCR repairs the normaliser applies to ``pdf-ocr`` cells). Used by
tests/test_ocr_accuracy.py (thresholds) and bench/bench_ocr.py (engine comparison).
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass

import pdfplumber
import pypdfium2 as pdfium
from selfeval.extract.grid import Grid, Item
from selfeval.extract.ocr import OCR_RENDER_DPI, ocr_page
from selfeval.extract.ocr.page import Recogniser
from selfeval.extract.ocr.recognizer import recognise_lines
from selfeval.normalize.ocr_repair import repair_ocr_numeric, repair_ocr_text

from tests.data_paths import DOCS

#: scanned fixture -> (text PDF it was rendered from, that PDF's page for each scan page)
SCANS = {
    "000_qiannan-r3_scanned.pdf": ("000_qiannan_xlsx-export.pdf", (5, 6)),
    "002_qnjinrong_scanned.pdf": ("002_qnjinrong_xlsx-export.pdf", (1, 2, 3)),
}
#: A printed number, percentage or amount: the cells repaired as numeric.
NUMERIC = re.compile(r"^[-+]?\d[\d,]*(\.\d+)?%?$")


@dataclass(frozen=True)
class ScannedPage:
    """One scanned page as read by OCR, with the text PDF's tables as truth."""

    scan: str
    page: int
    items: tuple[Item, ...]
    truth: tuple[list[list[str | None]], ...]
    seconds: float


@dataclass(frozen=True)
class Agreement:
    cells: int
    agree: int
    numeric: int
    numeric_agree: int
    misses: tuple[str, ...]

    @property
    def cell_share(self) -> float:
        return self.agree / self.cells

    @property
    def numeric_share(self) -> float:
        return self.numeric_agree / self.numeric


def norm(text: str | None) -> str:
    """Return ``text`` NFKC-normalised with all whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def read_scans(
    recognise: Recogniser = recognise_lines,
    pairs: dict[str, tuple[str, tuple[int, ...]]] = SCANS,
) -> list[ScannedPage]:
    """OCR every page of the scanned fixtures (or of other ``pairs`` of image PDF -> text
    PDF and pages); time only ``ocr_page`` (not rendering)."""
    out = []
    for scan, (text_pdf, text_pages) in pairs.items():
        pdf = pdfium.PdfDocument(DOCS / scan)
        for index, truth in enumerate(truth_tables(text_pdf, text_pages)):
            image = pdf[index].render(scale=OCR_RENDER_DPI / 72).to_pil()
            start = time.perf_counter()
            items = ocr_page(image, index + 1, 72 / OCR_RENDER_DPI, recognise)
            seconds = time.perf_counter() - start
            out.append(ScannedPage(scan, index + 1, tuple(items), truth, seconds))
        pdf.close()
    return out


def truth_tables(text_pdf: str, pages: tuple[int, ...]) -> list[tuple[list[list[str | None]], ...]]:
    """pdfplumber's tables on each of ``pages`` of the fixture ``text_pdf``: the truth a
    scan of those pages is compared with."""
    with pdfplumber.open(DOCS / text_pdf) as plumber:
        return [tuple(t.extract() for t in plumber.pages[n - 1].find_tables()) for n in pages]


def pages_from_items(scan: str, items: tuple[Item, ...]) -> list[ScannedPage]:
    """The scanned fixture ``scan`` as the PDF reader read it (``items``, every page
    OCR'd), page by page with its truth; ``seconds`` is not measured (0)."""
    text_pdf, text_pages = SCANS[scan]
    return [
        ScannedPage(scan, index + 1, tuple(i for i in items if i.page == index + 1), truth, 0.0)
        for index, truth in enumerate(truth_tables(text_pdf, text_pages))
    ]


def _repaired(ocr: str, truth: str) -> str:
    # The normaliser knows a column's role from its header; here the truth tells.
    return repair_ocr_numeric(ocr) if NUMERIC.match(truth) else repair_ocr_text(ocr)


def agreement(pages: list[ScannedPage]) -> Agreement:
    """Compare every truth cell with the OCR cell at the same slot (misses if shapes differ)."""
    cells = agree = numeric = numeric_agree = 0
    misses = []
    for page in pages:
        grids = [item for item in page.items if isinstance(item, Grid)]
        for t, truth in enumerate(page.truth):
            ocr = grids[t].rows() if t < len(grids) else None
            if ocr is not None and (len(ocr), len(ocr[0])) != (len(truth), len(truth[0])):
                ocr = None
            for r, row in enumerate(truth):
                for c, want in enumerate(row):
                    if want is None:
                        continue
                    got = ocr[r][c] if ocr is not None else None
                    ok = got is not None and norm(_repaired(got, norm(want))) == norm(want)
                    is_number = bool(NUMERIC.match(norm(want)))
                    cells += 1
                    agree += ok
                    numeric += is_number
                    numeric_agree += ok and is_number
                    if not ok:
                        misses.append(f"{page.scan} p{page.page} r{r}c{c}: {want!r} <- {got!r}")
    return Agreement(cells, agree, numeric, numeric_agree, tuple(misses))
