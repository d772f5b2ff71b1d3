"""The report draws exactly the cells each flag cites, on text PDFs and scans alike: the
page is opened in Chromium, every drawn box is read back from the DOM and compared with
the locations the stored record gives; the picture under the boxes spans the same page
points and reaches up to the table's header row; a cell without a location says so."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from selfeval.corpus.ingest import build
from selfeval.corpus.page_images import BAND_MARGIN_PT
from selfeval.corpus.report_html import write_report
from selfeval.corpus.workers import Limits

from tests.data_paths import DOCS, WILD
from tests.test_corpus_fakes import fake_record
from tests.test_corpus_report import CHROMIUM, _dump_dom

#: Text PDFs, a scan, a DOCX and a workbook of forms with flags on them; the scan and the
#: text PDF it was printed from have flags on page 2, where their table continues.
TEXT_PDF, SCAN = "003_yueyang_docx-pdf.pdf", "002_qnjinrong_scanned.pdf"
CONTINUED_PDF = "002_qnjinrong_xlsx-export.pdf"
DOCX = "003_yueyang_docx.docx"
WORKBOOK = WILD / "ce01_ezhou" / "ce01_ezhou.xlsx"

#: A drawn box: (page, role, record field, (x0, top, x1, bottom) to 0.01 pt).
Drawn = tuple[int, str, str, tuple[float, ...]]

_ARTICLE = re.compile(r'<article class="report".*?</article>', re.S)
_FIGURE = re.compile(r'<figure class="region" data-page="(\d+)">(.*?)</figure>', re.S)
_NUMBER = r'"(-?[\d.]+)"'
_RECT = re.compile(r'<rect class="mark (\w+)" data-field="([^"]*)" x=' + _NUMBER + " y="
                   + _NUMBER + " width=" + _NUMBER + " height=" + _NUMBER)
_IMAGE = re.compile(r'<image href="data:image/png;base64,[^"]+" x=' + _NUMBER + " y=" + _NUMBER
                    + " width=" + _NUMBER + " height=" + _NUMBER)
_VIEWBOX = re.compile(r'viewBox="([-\d. ]+)"')
_HEADER_FIGURE = re.compile(r'<figure class="header-band" data-page="(\d+)" data-for-page="(\d+)">'
                            r"(.*?)</figure>\s*<figure class=\"region\" data-page=\"(\d+)\">", re.S)


def _box(values: list[float]) -> tuple[float, ...]:
    return tuple(round(v, 2) for v in values)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A corpus of the three documents read for real, and its report's DOM in Chromium."""
    if CHROMIUM is None:
        pytest.skip("chromium not installed (`make sysdeps` installs it)")
    tmp = tmp_path_factory.mktemp("boxes")
    corpus = tmp / "in"
    corpus.mkdir()
    for name in (TEXT_PDF, CONTINUED_PDF, SCAN, DOCX):
        shutil.copy(DOCS / name, corpus / name)
    shutil.copy(WORKBOOK, corpus / WORKBOOK.name)
    db = tmp / "c.db"
    build(corpus, db, workers=1)
    page = write_report(db, tmp / "out" / "report.html")
    return db, _dump_dom(page, tmp / "profile")


def _records(db: Path) -> dict[str, list[dict[str, Any]]]:
    """Each document's stored records."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT d.path, r.record_json FROM reports r"
                            " JOIN documents d ON d.id = r.document_id ORDER BY r.seq")
        out: dict[str, list[dict[str, Any]]] = {}
        for path, text in rows:
            out.setdefault(path, []).append(json.loads(text))
        return out
    finally:
        conn.close()


def _cited(records: list[dict[str, Any]]) -> Counter[Drawn]:
    """Every cited cell with a page and a box, over all flags of the records."""
    return Counter((c["at"]["page"], c["role"], c["field"], _box(c["at"]["box"]))
                   for r in records for f in r["flags"] for c in f["cells"]
                   if c["at"] and c["at"].get("box"))


def _articles(dom: str) -> dict[str, str]:
    """Each report article of the DOM by the path of its document."""
    out: dict[str, str] = {}
    for article in _ARTICLE.findall(dom):
        path = re.search(r'class="path"[^>]*>([^<]+)<', article)
        assert path is not None
        out[path.group(1)] = out.get(path.group(1), "") + article
    return out


def _viewbox(body: str) -> tuple[float, ...]:
    """The page points a picture spans: its viewBox, which its image covers exactly."""
    view = _VIEWBOX.search(body)
    image = _IMAGE.search(body)
    assert view is not None and image is not None
    box = tuple(float(v) for v in view.group(1).split())
    assert tuple(float(v) for v in image.groups()) == box
    return box


def _figures(article: str) -> list[tuple[int, tuple[float, ...], list[Drawn]]]:
    """Each page picture of an article: its page, the viewBox and the boxes drawn on it."""
    out = []
    for page, body in _FIGURE.findall(article):
        # the picture covers exactly the viewBox: a box drawn in page points is on the cell
        box = _viewbox(body)
        drawn = [(int(page), role, field, _box([float(x), float(y), float(x) + float(w),
                                                 float(y) + float(h)]))
                 for role, field, x, y, w, h in _RECT.findall(body)]
        out.append((int(page), box, drawn))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", [TEXT_PDF, CONTINUED_PDF, SCAN])
def test_drawn_boxes_are_the_records_cells(built: tuple[Path, str], name: str) -> None:
    db, dom = built
    records = _records(db)[name]
    figures = _figures(_articles(dom)[name])
    drawn = Counter(d for _, _, boxes in figures for d in boxes)
    assert drawn, f"no box drawn for {name}"
    assert drawn == _cited(records)
    assert {role for _, role, _, _ in drawn} == {"reported", "input"}
    for _, (x0, top, width, height), boxes in figures:
        for _, _, _, (bx0, btop, bx1, bbottom) in boxes:
            assert x0 <= bx0 and bx1 <= x0 + width and top <= btop and bbottom <= top + height


@pytest.mark.slow
def test_a_picture_reaches_up_to_the_tables_header_row(built: tuple[Path, str]) -> None:
    db, dom = built
    record = _records(db)[TEXT_PDF][0]
    header_tops = {(ref["page"], ref["box"][1]) for ref in record["cells"]["header"]}
    for page, (_, top, _, _), boxes in _figures(_articles(dom)[TEXT_PDF]):
        first = min(b[3][1] for b in boxes)
        above = [t for p, t in header_tops if p == page and t <= first]
        if above:
            assert top <= max(above), "the header row above the cells is cut off"


@pytest.mark.slow
@pytest.mark.parametrize("name", [CONTINUED_PDF, SCAN])
def test_cells_on_a_continuation_page_show_the_header_row_from_its_own_page(
        built: tuple[Path, str], name: str) -> None:
    db, dom = built
    (record,) = _records(db)[name]
    headers = [(ref["page"], ref["box"]) for ref in record["cells"]["header"]]
    assert {p for p, _ in headers} == {1}, "the form prints its header rows on page 1 only"
    article = _articles(dom)[name]
    carried = _HEADER_FIGURE.findall(article)
    # every picture of page 2 (the table continued there) has the header row above it
    assert carried and len(carried) == sum(p == 2 for p, _, _ in _figures(article))
    # the indicator table's header row: the cells beside the last header cell to start
    # on page 1, but the 绩效指标 label that runs from it down the page
    last = max((box for _, box in headers), key=lambda b: (b[1], b[1] - b[3]))
    row = [b for _, b in headers if b[1] < last[3] and b[3] > last[1]]
    cells = [b for b in row if b[3] - b[1] < 2 * (last[3] - last[1])]
    top, bottom = min(b[1] for b in cells), max(b[3] for b in cells)
    assert len(cells) >= 8  # the columns of the indicator table, 一级指标 to 偏差原因
    for header_page, for_page, body, region_page in carried:
        assert (header_page, for_page, region_page) == ("1", "2", "2")
        x0, view_top, width, height = _viewbox(body)
        assert x0 == 0 and width > max(b[2] for b in cells)
        assert view_top == pytest.approx(top - BAND_MARGIN_PT, abs=0.01)
        assert view_top + height == pytest.approx(bottom + BAND_MARGIN_PT, abs=0.01)
        assert "<figcaption>page 1: the table's header row" in body


@pytest.mark.slow
def test_a_workbook_flag_lists_its_cells_by_sheet_and_address(built: tuple[Path, str]) -> None:
    db, dom = built
    article = _articles(dom)[WORKBOOK.name]
    sections = re.findall(r'<section class="flag.*?</section>', article, re.S)
    assert sections and len(sections) == sum(len(r["flags"])
                                             for r in _records(db)[WORKBOOK.name])
    for section in sections:
        assert re.search(r"</code>: 自评表![A-Z]+\d+</li>", section), section


@pytest.mark.slow
def test_a_docx_flag_marks_its_cells_in_a_table(built: tuple[Path, str]) -> None:
    db, dom = built
    article = _articles(dom)[DOCX]
    sections = re.findall(r'<section class="flag.*?</section>', article, re.S)
    assert sections and len(sections) == sum(len(r["flags"]) for r in _records(db)[DOCX])
    for section in sections:
        assert 'class="marked reported"' in section
        assert "table 2, row" in section  # the cited cells' addresses are listed


def test_a_cell_without_a_location_says_so(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.pdf").write_text("甲单位\n1", encoding="utf-8")
    db = tmp_path / "c.db"
    build(corpus, db, workers=1, limits=Limits(timeout_s=30), task=_unlocated)
    html = write_report(db, tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<code>total_score</code>: location not recorded" in html
    assert "<figure class=\"region\"" not in html  # nothing located: nothing to picture


def _unlocated(path: str) -> dict[str, Any]:
    record = fake_record(path)
    record["reports"][0]["flags"][0]["cells"] = [
        {"role": "reported", "field": "total_score", "at": None}]
    return record
