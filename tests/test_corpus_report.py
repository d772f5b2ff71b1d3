"""The HTML report: escaping, the CSP'd filter script in a real browser, pictures, tables."""

from __future__ import annotations

import base64
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from selfeval.corpus.cell_tables import CellTable, flag_table
from selfeval.corpus.ingest import build
from selfeval.corpus.page_images import (
    CROP_SCALE,
    Mark,
    Region,
    header_row,
    regions,
    render_region,
)
from selfeval.corpus.report_html import write_report
from selfeval.corpus.workers import Limits

from tests.data_paths import DOCS
from tests.test_corpus_fakes import fake_record, record_from_text

INJECTED = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='img'\">"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _report_with_hostile_text(tmp_path: Path) -> Path:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "evil.docx").write_text(f"单位{INJECTED}\n1", encoding="utf-8")
    (corpus / "plain.pdf").write_text("普通单位\n2", encoding="utf-8")
    db = tmp_path / "c.db"
    build(corpus, db, workers=2, limits=Limits(timeout_s=30), task=fake_record)
    return write_report(db, tmp_path / "report.html")


def test_document_text_is_escaped(tmp_path: Path) -> None:
    html = _report_with_hostile_text(tmp_path).read_text(encoding="utf-8")
    assert "<script>document.title" not in html
    assert "<img src=x" not in html
    assert "单位&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in html
    assert html.count("<script>") == 1  # ours, allowed by hash in the CSP
    assert "Content-Security-Policy" in html and "script-src 'sha256-" in html


def _dump_dom(page: Path, profile: Path, fragment: str = "") -> str:
    """The page's DOM after its script ran, opened at ``page#fragment``."""
    assert CHROMIUM is not None
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", f"--user-data-dir={profile}", "--dump-dom", page.as_uri() + fragment]
    done = subprocess.run(cmd, capture_output=True, timeout=120, check=True,
                          env={**os.environ, "HOME": str(profile)})
    return done.stdout.decode("utf-8")


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                    reason="chromium not installed (`make sysdeps` installs it)")
def test_page_renders_in_chromium_and_runs_no_document_script(tmp_path: Path) -> None:
    dom = _dump_dom(_report_with_hostile_text(tmp_path), tmp_path / "profile")
    # The page's own filter script ran: it filled the selects and the count.
    assert '<option value="普通单位">普通单位</option>' in dom
    assert "2 of 2 reports shown" in dom
    # The document's script and onerror handler did not: the title is ours.
    title = dom.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.startswith("selfeval:") and "pwned" not in title and "img" not in title
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom


#: Page 2 of the Yueyang text PDF: its indicator header row (two cells of it) and the
#: 总分 row's 得分 cell, as the text reader boxes them.
YUEYANG = DOCS / "003_yueyang_docx-pdf.pdf"
HEADER_ROW = ((106.3, 388.95, 160.2, 415.35), (426.6, 388.95, 460.6, 415.35))
TOTAL_SCORE = (426.6, 708.45, 460.6, 719.25)


def test_picture_crops_from_the_header_row_to_the_cells() -> None:
    from PIL import Image

    region = Region(2, (Mark("reported", "total_score", TOTAL_SCORE),), HEADER_ROW)
    picture = render_region(str(YUEYANG), region)
    assert picture is not None and picture.uri.startswith("data:image/png;base64,")
    assert picture.top < HEADER_ROW[0][1] and picture.top + picture.height > TOTAL_SCORE[3]
    assert picture.marks == region.marks
    image = Image.open(io.BytesIO(base64.b64decode(picture.uri.split(",", 1)[1])))
    assert abs(image.height - picture.height * CROP_SCALE) <= 2
    assert abs(image.width - picture.width * CROP_SCALE) <= 2
    assert render_region(str(YUEYANG), Region(999, region.marks)) is None


def test_band_takes_the_nearest_header_above_and_both_rows_of_a_two_row_header() -> None:
    cell = (0.0, 500.0, 10.0, 520.0)
    upper, lower, far, below = ((0.0, 400.0, 10.0, 420.0), (0.0, 420.0, 10.0, 440.0),
                                (0.0, 100.0, 10.0, 120.0), (0.0, 600.0, 10.0, 620.0))
    marks = (Mark("reported", "x", cell),)
    assert Region(1, marks, (far, upper, lower, below)).band() == (400.0, 520.0)
    assert Region(1, marks, (far, lower)).band() == (420.0, 520.0)
    assert Region(1, marks, (below,)).band() == (500.0, 520.0)
    # a label running from the header row down the block beside it is not the row's band
    label = (0.0, 398.0, 5.0, 780.0)
    assert header_row((upper, lower, label)) == (upper, lower)


def test_cells_on_a_continuation_page_carry_the_header_row_of_the_page_it_began_on() -> None:
    funds_header, upper, lower = ((0.0, 100.0, 10.0, 120.0), (0.0, 400.0, 10.0, 420.0),
                                  (0.0, 420.0, 10.0, 440.0))
    own_header = (0.0, 300.0, 10.0, 320.0)
    headers = [(1, funds_header), (1, upper), (1, lower), (3, own_header)]
    top_of_2, under_own, over_own = ((0.0, 50.0, 10.0, 60.0), (0.0, 400.0, 10.0, 410.0),
                                     (0.0, 80.0, 10.0, 90.0))
    marks = [(2, Mark("reported", "total_score", top_of_2)),
             (3, Mark("input", "a", under_own)), (4, Mark("input", "b", top_of_2)),
             (1, Mark("input", "c", (0.0, 500.0, 10.0, 510.0)))]
    first, second, third, fourth = regions(marks, headers)
    # on the page the header row is printed above the cells: nothing carried
    assert first.carried is None and third.carried is None
    # page 2 prints no header: the last table's header row of page 1, both of its rows
    assert second.carried == Region(1, (), (upper, lower))
    assert second.carried.band() == (400.0, 440.0)
    # page 4's cells continue the table begun on page 3
    assert fourth.carried == Region(3, (), (own_header,))
    # cells above the header row of their own page continue the table of an earlier one
    (above,) = regions([(3, Mark("input", "d", over_own))], headers)
    assert above.carried == Region(1, (), (upper, lower))
    (alone,) = regions([(2, Mark("input", "e", top_of_2))], [(3, own_header)])
    assert alone.carried is None  # no header row printed before: nothing to carry


def _roles(table: CellTable) -> list[list[tuple[str, str]]]:
    """Each shown row's marked cells as (column header, role)."""
    return [[(table.header[i], c.role) for i, c in enumerate(row.cells) if c.role]
            for row in table.rows]


def test_docx_table_marks_the_reported_cell_and_its_inputs() -> None:
    record = record_from_text("x.docx", "单位\n1")["reports"][0]
    flag = {"cells": [{"role": "reported", "field": "indicators[1].score", "at": None},
                      {"role": "input", "field": "indicators[1].weight", "at": None}]}
    table = flag_table(flag, record)
    assert [r.cells[2].text for r in table.rows] == [record["indicators"][1]["name"]]
    assert _roles(table) == [[("分值", "input"), ("得分", "reported")]]


def test_docx_table_marks_totals_points_and_funds_cells() -> None:
    record = record_from_text("x.docx", "单位\n1")["reports"][0]
    flag = {"cells": [{"role": "reported", "field": "level1_points.产出指标"},
                      {"role": "input", "field": "funds[0].rate"},
                      {"role": "input", "field": "total_score"}]}
    table = flag_table(flag, record)
    assert [r.cells[2].text for r in table.rows] == [
        "年度资金总额", record["indicators"][0]["name"], None]
    assert _roles(table) == [[("原因 / 执行率", "input")], [("一级指标", "reported")],
                             [("得分", "input")]]


def test_docx_table_of_a_flag_without_cells_marks_nothing() -> None:
    record = record_from_text("x.docx", "单位\n1")["reports"][0]
    table = flag_table({"cells": [{"role": "input", "field": "year"}]}, record)
    assert len(table.rows) == 1 + 3 + 1 and not any(r.marked for r in table.rows)
