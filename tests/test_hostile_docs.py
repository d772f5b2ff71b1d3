"""The README's "Limits and failure modes" table tells the truth: every limit is in it,
with the value the code uses and the message the code prints."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from selfeval.corpus import guarded_pictures, workers
from selfeval.extract import errors, limits, safety, sheet_layout
from selfeval.extract.pdfium_layer import PageBudget

from tests import hostile_files
from tests.data_paths import REPRO, ROOT

README = ROOT / "README.md"

#: Units the table writes defaults in, and what one of each is in the code's units.
UNITS = {"MiB": 1024**2, "GiB": 1024**3, "pages": 1, "Mpx": 10**6, ":1": 1, "s": 1,
         "drawings": 1, "levels": 1, "cells": 1, "tables": 1, "items": 1}


def _table() -> dict[str, tuple[str, str]]:
    """Return {constant's dotted name: (default cell, what-you-see cell)} from the README."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Limits and failure modes", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not line.startswith("|"):
            continue
        named = re.findall(r"`(selfeval\.(?:extract|corpus)\.[\w.]+\.[A-Z_]+)`", cells[0])
        if named:
            assert len(named) == 1, f"one constant per row: {line}"
            rows[named[0]] = (cells[1], cells[3])
    return rows


def _value(dotted: str) -> float:
    module, name = dotted.rsplit(".", 1)
    return float(getattr(importlib.import_module(module), name))


def _parse(default: str) -> float:
    m = re.fullmatch(r"([\d,.]+)\s*(MiB|GiB|pages|Mpx|:1|s|drawings|levels|cells|tables|items)",
                     default)
    assert m, f"cannot read the default {default!r}"
    return float(m.group(1).replace(",", "")) * UNITS[m.group(2)]


def test_every_limit_is_documented() -> None:
    documented = set(_table())
    constants = {f"selfeval.extract.limits.{n}" for n in vars(limits) if n.isupper()}
    constants |= {"selfeval.corpus.workers.DEFAULT_TIMEOUT_S",
                  "selfeval.corpus.workers.DEFAULT_MAX_MEMORY"}
    constants |= {f"selfeval.corpus.guarded_pictures.{n}" for n in vars(guarded_pictures)
                  if n.startswith("PICTURE_")}
    assert constants <= documented, constants - documented


@pytest.mark.parametrize("dotted", sorted(_table()))
def test_documented_default_is_the_code_value(dotted: str) -> None:
    assert _parse(_table()[dotted][0]) == _value(dotted)


def _reason(call: object, *args: object) -> str:
    with pytest.raises(errors.SelfevalError) as caught:
        call(*args)  # type: ignore[operator]
    return caught.value.reason


def _check_draws(path: Path) -> None:
    """Count the form drawings of the PDF's first page (pdf_draws)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from selfeval.extract.pdf_draws import check_form_draws
    from selfeval.extract.pdf_pages import page_slots

    with path.open("rb") as fh:
        first = next(page_slots(PDFDocument(PDFParser(fh))))
        assert first.page is not None
        check_form_draws(str(path), first.page, first.number)


def test_documented_messages_are_the_code_messages(tmp_path: Path) -> None:
    table = _table()

    def shown(name: str, which: int = 0) -> str:
        return re.findall(r"`([^`]+)`", table[name][1])[which]

    big = tmp_path / "big.pdf"
    with big.open("wb") as fh:
        fh.truncate(250 * 1024**2)  # sparse: no disk is written
    assert _reason(safety.check_file_size, big) == shown("selfeval.extract.limits.MAX_FILE_BYTES")
    assert _reason(safety.check_page_count, "x.pdf", limits.MAX_PAGES + 1) == shown(
        "selfeval.extract.limits.MAX_PAGES")
    huge = tmp_path / "huge.docx"
    huge.write_bytes(hostile_files.declared_huge_docx(4_000_000_000))
    assert _reason(safety.check_docx_zip, huge) == shown(
        "selfeval.extract.limits.MAX_DOCX_UNCOMPRESSED_BYTES")
    xml = tmp_path / "xml.docx"
    hostile_files.zip_bomb_docx(xml, limits.MAX_DOCX_XML_BYTES + 1024**2)
    assert _reason(safety.check_docx_zip, xml) == shown(
        "selfeval.extract.limits.MAX_DOCX_XML_BYTES")
    ratio = tmp_path / "ratio.docx"
    hostile_files.zip_bomb_docx(ratio, 8 * limits.COMPRESSION_RATIO_MIN_BYTES)
    assert _reason(safety.check_docx_zip, ratio) == shown(
        "selfeval.extract.limits.MAX_DOCX_COMPRESSION_RATIO")
    assert _reason(safety.check_render_size, "x.pdf", 14_400, 14_400, 200, 2) == shown(
        "selfeval.extract.limits.MAX_RENDER_PIXELS")
    page = tmp_path / "page.html"
    with page.open("wb") as fh:
        fh.truncate(25 * 1024**2)
    assert _reason(safety.check_html, page) == shown("selfeval.extract.limits.MAX_HTML_BYTES")
    page.write_bytes(b"<table>" * 100_000)
    assert _reason(safety.check_html, page) == shown("selfeval.extract.limits.MAX_HTML_TABLES")
    assert _reason(sheet_layout.check_sheet_size, "x.xlsx", "Sheet1", 1_048_576, 16_384) == shown(
        "selfeval.extract.limits.MAX_SHEET_CELLS")
    assert _reason(safety.check_image_pixels, "x.pdf", 20_480, 20_480, 2) == shown(
        "selfeval.extract.limits.MAX_RENDER_PIXELS", 1)
    assert _reason(_check_draws, REPRO / "p26_form_xobject_fanout_2pow30.pdf") == shown(
        "selfeval.extract.limits.MAX_FORM_DRAWS")
    assert _reason(PageBudget("x.pdf", 2).spend, limits.MAX_PAGE_ITEMS + 1) == shown(
        "selfeval.extract.limits.MAX_PAGE_ITEMS")
    assert shown("selfeval.corpus.workers.DEFAULT_TIMEOUT_S") == (
        f"timed out after {workers.DEFAULT_TIMEOUT_S:g} s")
    assert shown("selfeval.corpus.workers.DEFAULT_MAX_MEMORY") == (
        f"exceeded the memory limit of {workers.format_bytes(workers.DEFAULT_MAX_MEMORY)}")
