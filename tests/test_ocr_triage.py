"""Page triage: scans go to OCR, text layers never do."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pytest
from selfeval.extract.pdf_layer import PageLayer, plumber_layer
from selfeval.extract.pdfium_layer import read_layer
from selfeval.extract.triage import MIN_TEXT_CHARS, page_needs_ocr

from tests.data_paths import DOCS

TEXT_PDFS = [
    "000_qiannan_xlsx-export.pdf",
    "001_longgang_docx-pdf.pdf",
    "002_qnjinrong_xlsx-export.pdf",
    "003_yueyang_docx-pdf.pdf",
    "004_huangpu_docx-pdf.pdf",
]
SCANNED_PDFS = ["000_qiannan-r3_scanned.pdf", "002_qnjinrong_scanned.pdf"]


def _layers(name: str, reader: str) -> list[PageLayer]:
    """Every page of the fixture as ``reader`` (pdfium or pdfminer) reads it."""
    path = DOCS / name
    if reader == "pdfminer":
        with pdfplumber.open(path) as pdf:
            return [plumber_layer(page) for page in pdf.pages]
    pdf = pdfium.PdfDocument(path)
    try:
        return [read_layer(page, str(path), n) for n, page in enumerate(pdf, 1)]
    finally:
        pdf.close()


@pytest.mark.parametrize("reader", ["pdfium", "pdfminer"])
@pytest.mark.parametrize("name", TEXT_PDFS)
def test_no_page_of_a_text_pdf_goes_to_ocr(name, reader):
    layers = _layers(name, reader)
    assert [page_needs_ocr(layer) for layer in layers] == [False] * len(layers)


@pytest.mark.parametrize("reader", ["pdfium", "pdfminer"])
@pytest.mark.parametrize("name", SCANNED_PDFS)
def test_every_page_of_a_scan_goes_to_ocr(name, reader):
    assert all(page_needs_ocr(layer) for layer in _layers(name, reader))


@dataclass
class FakePage:
    """The parts of a page layer that triage reads."""

    text: str | list[str]
    images: list[dict[str, Any]] = field(default_factory=list)
    has_shapes: bool = False
    width: float = 595.0
    height: float = 842.0

    @property
    def chars(self) -> list[dict[str, str]]:
        return [{"text": ch} for ch in self.text]


FULL_PAGE_IMAGE = {"x0": 0, "top": 0, "x1": 595, "bottom": 842}
LOGO = {"x0": 40, "top": 40, "x1": 100, "bottom": 100}
GOOD = "项目支出绩效自评表年度资金总额全年预算数全年执行数得分" * 2


def test_a_layer_of_unmapped_glyphs_goes_to_ocr():
    assert page_needs_ocr(FakePage([f"(cid:{n})" for n in range(200)]))
    assert page_needs_ocr(FakePage("\ufffd" * 150 + GOOD[:40]))
    assert page_needs_ocr(FakePage("\ue000\ue001\ue002" * 50 + GOOD[:20]))


def test_a_few_private_use_icons_in_good_text_stay_text():
    assert not page_needs_ocr(FakePage(GOOD + "\uf0fe\uf0a8"))


def test_a_good_text_layer_with_images_stays_text():
    assert not page_needs_ocr(FakePage(GOOD, images=[FULL_PAGE_IMAGE]))
    assert not page_needs_ocr(FakePage(GOOD, images=[LOGO]))


def test_a_page_sized_image_with_a_caption_goes_to_ocr():
    caption = "第1页"
    assert len(caption) < MIN_TEXT_CHARS
    assert page_needs_ocr(FakePage(caption, images=[FULL_PAGE_IMAGE]))
    assert not page_needs_ocr(FakePage(caption, images=[LOGO]))


def test_an_empty_page_is_not_sent_to_ocr():
    assert not page_needs_ocr(FakePage(" \n"))
