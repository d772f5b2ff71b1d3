"""The HTML reader: the encodings Chinese sites use, a saved page with unrelated tables
around the form, spans, and hostile pages refused fast with one line.

tests/data/html/ holds one wild form (ce01_ezhou's form.html) re-encoded and re-saved
the ways pages come, a web archive (.mht) among them (tests/data/README.md); each must
read exactly as the UTF-8 page.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from selfeval.extract import errors, limits
from selfeval.extract.grid import Grid, TextLine
from selfeval.extract.reading import preflight, read_document
from selfeval.extract.registry import READERS
from selfeval.extract.sniff import sniff_format

from tests.conftest import ExtractJson
from tests.data_paths import DATA
from tests.truth_compare import compare_document
from tests.wild_corpus import renderings

PAGES = DATA / "html"


@pytest.fixture(scope="module")
def truth() -> dict:
    return next(r for r in renderings(["ce01_ezhou"]) if r.style == "html").truth


@pytest.mark.parametrize("name", sorted(p.name for p in PAGES.iterdir()))
def test_every_encoding_and_saved_page_reads_as_the_utf8_page(
        name: str, truth: dict, extract_json: ExtractJson) -> None:
    got = extract_json(PAGES / name)
    agreement = compare_document(got, truth)
    assert agreement.ratio == 1.0, agreement.misses[:10]
    rules = sorted(f["rule"] for report in got["reports"] for f in report["flags"])
    assert rules == sorted(f["rule"] for f in truth["reports"][0]["expected_flags"])


def test_the_page_suffixes_are_registered() -> None:
    assert {".html", ".htm", ".shtml"} <= set(READERS["html"].suffixes)
    assert {".mht", ".mhtml"} <= set(READERS["mht"].suffixes)


def test_a_web_archive_without_a_page_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "empty.mht"
    path.write_bytes(b"From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: "
                     b"multipart/related; boundary=b\r\n\r\n--b\r\nContent-Type: "
                     b"image/png\r\n\r\nx\r\n--b--\r\n")
    assert sniff_format(path) == "mht"
    with pytest.raises(errors.DamagedFile, match=": a web archive without an HTML page in it$"):
        read_document(path)


def _page(tmp_path: Path, body: str, name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    return path


def _items(path: Path) -> list[Grid | TextLine]:
    return [i for i in read_document(path).items if isinstance(i, (Grid, TextLine))]


def test_spans_breaks_and_layout_tables(tmp_path: Path) -> None:
    path = _page(tmp_path, """
        <table><tr><td><a>首页</a></td><td>政务</td></tr></table>
        <p>标题<br>第二行</p>
        <table><tr><th rowspan="0">甲</th><td colspan="9999">乙<br/>丙</td></tr>
               <tr><td>丁</td></tr><tr><td>戊</td></tr></table>""")
    items = _items(path)
    assert [i.text for i in items if isinstance(i, TextLine)] == ["首页", "政务", "标题", "第二行"]
    grid = next(i for i in items if isinstance(i, Grid))
    assert grid.rows() == [["甲", "乙\n丙"], [None, "丁"], [None, "戊"]]


def test_a_source_line_break_inside_chinese_text_is_no_space(tmp_path: Path) -> None:
    path = _page(tmp_path, "<p>市民中心\n  运行维护费。\n说明</p><p>total\nscore 分\n值</p>")
    assert [i.text for i in _items(path) if isinstance(i, TextLine)] == [
        "市民中心运行维护费。说明", "total score 分值"]


def test_an_xhtml_page_declaring_its_encoding_in_xml_is_read(tmp_path: Path) -> None:
    path = tmp_path / "x.shtml"
    path.write_bytes('<?xml version="1.0" encoding="big5"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD '
                     'XHTML 1.0 Strict//EN" "x.dtd"><html xmlns="http://www.w3.org/1999/xhtml">'
                     "<body><p>項目支出績效自評表</p></body></html>".encode("big5"))
    assert sniff_format(path) == "html"
    assert [i.text for i in _items(path) if isinstance(i, TextLine)] == ["項目支出績效自評表"]


def test_a_page_mentioning_a_pdf_header_is_html(tmp_path: Path) -> None:
    assert sniff_format(_page(tmp_path, "<p>%PDF-1.7</p>", "x.pdf")) == "html"


def test_a_hundred_thousand_nested_tables_are_refused_before_parsing(tmp_path: Path) -> None:
    path = _page(tmp_path, "<table><tr><td>" * 100_000 + "x")
    started = time.monotonic()
    with pytest.raises(errors.LimitExceeded, match="100,000 tables, over the 5,000-table limit"):
        preflight(path)
    with pytest.raises(errors.LimitExceeded):
        read_document(path)
    assert time.monotonic() - started < 5


def test_markup_nested_past_the_parser_limit_is_refused(tmp_path: Path) -> None:
    path = _page(tmp_path, "<div>" * 300 + "<table><tr><td>a</td><td>b</td></tr></table>")
    with pytest.raises(errors.LimitExceeded, match="nests its elements more than 255 deep"):
        list(read_document(path).items)


def test_a_2_gb_page_is_refused_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as fh:  # sparse: 2 GB on paper, nothing on disk
        fh.write(b"<html><body><table>")
        fh.truncate(2 * 1024**3)
    with pytest.raises(errors.LimitExceeded, match="the file is 2,048 MiB, over the 200 MiB"):
        read_document(path)


def test_a_page_over_the_html_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    with path.open("wb") as fh:
        fh.write(b"<html><body>")
        fh.truncate(limits.MAX_HTML_BYTES + 1)
    with pytest.raises(errors.LimitExceeded, match="over the 20 MiB limit for HTML"):
        preflight(path)
