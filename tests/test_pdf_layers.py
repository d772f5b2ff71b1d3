"""The two readers of a text page, pdfium (the default) and pdfplumber/pdfminer, give the
same items on every text PDF of the fixtures and the wild corpus: same tables, same
cells, same text, the boxes within :data:`BOX_TOLERANCE`.

Two differences are intended, both in blanks, and the comparison allows exactly them:

- pdfium keeps one blank of a run drawn in one text object (``投  入`` reads
  ``投 入``), and leaves out a text object of nothing but an ideographic space (the
  gap then reads as a space). The normaliser collapses runs of blanks, U+3000 among
  them (normalize.text.clean_text), so runs are compared as one space;
- the blank pdfium drops can be the only one between two characters, where the file
  moves the pen back between them (Calc draws ``☑`` over the second of two spaces):
  pdfium then reads ``☑3`` where pdfminer reads ``☑ 3``. A blank may be missing on the
  pdfium side, nothing else.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from selfeval.extract import limits
from selfeval.extract.grid import Grid, Item, PageError, TextLine
from selfeval.extract.pdf_reader import read_pdf
from selfeval.extract.pdf_settings import PdfSettings

from tests.data_paths import DOCS, REPRO, WILD

#: How far a box may move between the readers (pt): pdfium keeps path points as 32-bit
#: floats, and a line's right end is its last glyph's advance, which the two read
#: within 0.1 pt.
BOX_TOLERANCE = 0.5

TEXT_PDFS = sorted(p for p in DOCS.glob("*.pdf") if "scanned" not in p.name) + sorted(
    [*WILD.glob("*/*_docx-pdf.pdf"), *WILD.glob("*/*_xlsx-export.pdf")])

_BLANKS = re.compile(r"[ \u3000]+")


def _items(path: Path, reader: str) -> list[Item]:
    settings = PdfSettings(text_reader=reader)  # type: ignore[arg-type]
    return list(read_pdf(str(path), settings).items)


def _same_text(pdfium: str, pdfminer: str) -> bool:
    """Whether the texts agree but for blanks pdfium leaves out (the module's docstring)."""
    ours, theirs = _BLANKS.sub(" ", pdfium), _BLANKS.sub(" ", pdfminer)
    i = 0
    for ch in theirs:
        if i < len(ours) and ours[i] == ch:
            i += 1
        elif ch != " ":
            return False
    return i == len(ours)


def _same_box(a: tuple[float, ...] | None, b: tuple[float, ...] | None) -> bool:
    if a is None or b is None:
        return a is b
    return len(a) == len(b) and all(abs(x - y) <= BOX_TOLERANCE for x, y in zip(a, b, strict=True))


def _differences(a: Item, b: Item) -> list[str]:
    if type(a) is not type(b):
        return [f"{type(a).__name__} vs {type(b).__name__}"]
    if isinstance(a, PageError) and isinstance(b, PageError):
        return [] if a == b else [f"{a} vs {b}"]
    if isinstance(a, TextLine) and isinstance(b, TextLine):
        ok = a.page == b.page and _same_text(a.text, b.text) and _same_box(a.box, b.box)
        return [] if ok else [f"line {a} vs {b}"]
    assert isinstance(a, Grid) and isinstance(b, Grid)
    out = []
    if (a.n_rows, a.n_cols, a.page, a.extractor) != (b.n_rows, b.n_cols, b.page, b.extractor):
        out.append(f"table {a.n_rows}x{a.n_cols} p{a.page} vs {b.n_rows}x{b.n_cols} p{b.page}")
    if not (_same_box(a.box, b.box) and _same_box(a.col_edges, b.col_edges)):
        out.append(f"table box {a.box} vs {b.box}")
    if len(a.cells) != len(b.cells):
        return [*out, f"{len(a.cells)} cells vs {len(b.cells)}"]
    for x, y in zip(a.cells, b.cells, strict=True):
        same_place = (x.row, x.col, x.rowspan, x.colspan, x.page) == (
            y.row, y.col, y.rowspan, y.colspan, y.page)
        if not (same_place and _same_text(x.text, y.text) and _same_box(x.box, y.box)):
            out.append(f"cell {x} vs {y}")
    return out


@pytest.mark.parametrize("path", TEXT_PDFS, ids=lambda p: p.name)
def test_pdfium_reads_what_pdfminer_reads(path: Path) -> None:
    pdfium, pdfminer = _items(path, "pdfium"), _items(path, "pdfminer")
    assert len(pdfium) == len(pdfminer)
    assert [d for a, b in zip(pdfium, pdfminer, strict=True) for d in _differences(a, b)] == []


def test_the_comparison_allows_only_blanks_pdfium_leaves_out() -> None:
    assert _same_text("投 入", "投  入")
    assert _same_text("项目0 2、", "项目0\u30002、")
    assert _same_text("☑3、", "☑ 3、")
    assert not _same_text("☑ 3、", "☑3、")  # a blank pdfium adds
    assert not _same_text("绩论效", "绩效论")
    assert not _same_text("投入", "投入出")


def test_a_glyph_pdfium_boxes_by_its_ink_starts_at_its_origin() -> None:
    """A browser prints 目 and 自 as Kangxi radicals (⽬ ⾃) from a font whose metrics
    pdfium cannot read, and gives their loose boxes as their ink only: the gap between
    two of them would read as a space."""
    path = WILD / "sw02_qingshen" / "sw02_qingshen_html-print.pdf"
    cells = [c.text for item in read_pdf(str(path)).items if isinstance(item, Grid)
             for c in item.cells]
    assert any("说明项目自评总分" in text for text in cells)


def test_a_file_pdfium_refuses_is_read_by_pdfminer(tmp_path: Path) -> None:
    """pdfium looks for the header in the first 1 KB only; pdfminer reads a PDF behind
    any junk (a mail or HTTP envelope left on a download), and so does the reader."""
    source = DOCS / "001_longgang_docx-pdf.pdf"
    junk = tmp_path / "junk_first.pdf"
    junk.write_bytes(b"x" * 2048 + source.read_bytes())
    items = _items(junk, "pdfium")
    assert items and not any(isinstance(i, PageError) for i in items)
    assert items == _items(source, "pdfminer")


def test_a_page_over_the_content_limit_is_refused_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    path = DOCS / "001_longgang_docx-pdf.pdf"
    pages = [i.page for i in _items(path, "pdfium") if isinstance(i, Grid)]
    monkeypatch.setattr(limits, "MAX_PAGE_ITEMS", 100)
    errors = [i for i in _items(path, "pdfium") if isinstance(i, PageError)]
    assert [e.page for e in errors] == sorted(set(pages))
    assert errors[0].reason == (f"page {errors[0].page} holds more than 100 characters, "
                                "objects and path segments (the page-content limit)")


def test_a_page_pdfium_reads_no_size_for_is_read_by_pdfminer() -> None:
    """A MediaBox of junk (``[0 0 1e9 1e9]`` written ``1 /e9``): pdfium takes the page
    for an empty one of no size, pdfminer says why it cannot read it."""
    path = REPRO / "p02_huge_mediabox_noscale.pdf"
    [error] = _items(path, "pdfium")
    assert isinstance(error, PageError) and "non-number coordinate" in error.reason
    assert [error] == _items(path, "pdfminer")


#: A ToUnicode map for Helvetica's codes ``A``–``D``: a character outside the BMP (which
#: pdfium keeps as two halves of a surrogate), U+0000, and two control codes.
_ODD_CODES = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange <00> <FF> endcodespacerange
4 beginbfchar <41> <D835DC00> <42> <0000> <43> <0002> <44> <0007> endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end"""


@pytest.mark.parametrize("line", [b"xAyz A", b"xyBBz", b"xyCz Dw", b"word ab-"])
def test_the_page_text_read_in_one_call_is_read_char_by_char(
        line: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pdfium_layer reads a page's text in one call where it lines up with the
    characters, and asks each character for its code where it does not (a control code
    left out, a surrogate's halves) or where the text holds U+FFFE instead (a hyphen
    ending a line, U+0000): both read the same."""
    import pypdfium2 as pdfium
    from selfeval.extract import pdfium_layer

    from tests.hostile_files import build_pdf, stream

    content = b"BT /F1 12 Tf 72 770 Td (%s) Tj ET BT /F1 12 Tf 72 755 Td (cd) Tj ET" % line
    path = tmp_path / "odd.pdf"
    path.write_bytes(build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 5 0 R >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 3 0 R >> >> /Contents 6 0 R >>",
        stream(_ODD_CODES), stream(content)]))

    def layer() -> object:
        pdf = pdfium.PdfDocument(str(path))
        try:
            return pdfium_layer.read_layer(pdf[0], str(path), 1)
        finally:
            pdf.close()

    in_one_call = layer()
    monkeypatch.setattr(pdfium_layer, "_page_text", lambda text_page, n: None)
    assert repr(layer()) == repr(in_one_call)
