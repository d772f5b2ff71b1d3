"""The HTML report: escaping, the CSP'd filter script in a real browser, pictures, tables."""

from __future__ import annotations

import base64
import io
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from selfeval.corpus.cell_tables import flag_table
from selfeval.corpus.ingest import build
from selfeval.corpus.page_images import Target, flag_target, render_flag_region
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


def test_pdf_picture_boxes_the_reported_value() -> None:
    from PIL import Image

    pdf = DOCS / "000_qiannan_xlsx-export.pdf"
    # Page 2 of this form prints its 总分 row with 分值 100.
    uri = render_flag_region(str(pdf), 2, Target(("总分",), (Decimal("100"),)))
    assert uri is not None and uri.startswith("data:image/png;base64,")
    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("RGB")
    width, height = image.size
    assert height < width / 2  # a band around the row, not the whole page
    colours = {colour for _, colour in image.getcolors(maxcolors=width * height) or []}
    assert (220, 0, 0) in colours, "no red box around the reported 100"
    assert (0, 90, 200) in colours, "no blue box around the row label"


def test_picture_of_an_unfound_row_is_the_whole_page() -> None:
    pdf = DOCS / "000_qiannan_xlsx-export.pdf"
    uri = render_flag_region(str(pdf), 1, Target(("不存在的行标签",), ()))
    assert uri is not None and uri.startswith("data:image/jpeg;base64,")
    assert render_flag_region(str(pdf), 999, Target((), ())) is None


def test_flag_target_reads_indicator_field_and_rate() -> None:
    report = {"funds": [{"label": "年度资金总额"}]}
    flag = {"reported": 0.993, "where": {"page": 1, "field": "funds[0].rate"}}
    target = flag_target(flag, report)
    assert target.labels[0] == "年度资金总额"
    assert [str(v) for v in target.values] == ["0.993", "99.300"]
    ind = flag_target({"reported": "1.98", "where": {"indicator": "办公费", "field": "score"}},
                      report)
    assert ind.labels == ("办公费",) and [str(v) for v in ind.values] == ["1.98"]


def test_docx_table_marks_the_flagged_cell() -> None:
    record = record_from_text("x.docx", "单位\n1")
    flag = {"rule": "score_exceeds_weight", "where": {"indicator": "指标1", "field": "score"}}
    table = flag_table(flag, record["reports"][0])
    assert len(table.rows) == 1
    marked = [(table.header[i], c.text) for i, c in enumerate(table.rows[0].cells) if c.marked]
    assert marked == [("得分", str(record["reports"][0]["indicators"][1]["score"]))]
    total = flag_table({"where": {"field": "total_score"}}, record["reports"][0])
    assert [c.marked for c in total.rows[0].cells].count(True) == 1
    unknown = flag_table({"where": {"indicator": "没有这个指标"}}, record["reports"][0])
    assert len(unknown.rows) == 1 + 3 + 1 and not any(r.marked for r in unknown.rows)


def test_docx_table_marks_a_level1_blocks_weights() -> None:
    record = record_from_text("x.docx", "单位\n1")["reports"][0]
    flag = {"where": {"indicator": "产出指标", "field": "level1_points"}}
    table = flag_table(flag, record)
    assert len(table.rows) == 3 and all(r.marked for r in table.rows)
    for row in table.rows:
        assert [table.header[i] for i, c in enumerate(row.cells) if c.marked] == ["分值"]


def test_docx_table_marks_a_funds_cell_named_by_label() -> None:
    record = record_from_text("x.docx", "单位\n1")["reports"][0]
    flag = {"where": {"indicator": "年度资金总额", "field": "funds.rate"}}
    table = flag_table(flag, record)
    assert len(table.rows) == 1 and table.rows[0].cells[2].text == "年度资金总额"
    marked = [i for i, c in enumerate(table.rows[0].cells) if c.marked]
    assert [table.header[i] for i in marked] == ["原因 / 执行率"]
    assert table.rows[0].cells[marked[0]].text == "执行率 0.993"


def test_pdf_picture_boxes_points_printed_under_a_heading() -> None:
    from PIL import Image

    pdf = DOCS / "003_yueyang_docx-pdf.pdf"
    # Page 2 prints the heading 产出指标 with its points (50分) on the line below.
    uri = render_flag_region(str(pdf), 2, Target(("产出指标",), (Decimal("50"),)))
    assert uri is not None and uri.startswith("data:image/png;base64,")
    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("RGB")
    colours = {c for _, c in image.getcolors(maxcolors=image.width * image.height) or []}
    assert (220, 0, 0) in colours and (0, 90, 200) in colours


def test_pdf_picture_finds_an_unlabelled_total_row_by_its_numbers() -> None:
    from PIL import Image

    pdf = DOCS / "003_yueyang_docx-pdf.pdf"
    report = {"total_weight": 100, "total_score": 92}
    target = flag_target({"reported": 92, "where": {"page": 2, "field": "total_score"}}, report)
    assert target.row_values == (Decimal(100), Decimal(92))
    # Page 2 closes its table with a 总分 row whose first cell is blank: "100 92".
    uri = render_flag_region(str(pdf), 2, target)
    assert uri is not None and uri.startswith("data:image/png;base64,")
    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("RGB")
    colours = {c for _, c in image.getcolors(maxcolors=image.width * image.height) or []}
    assert (220, 0, 0) in colours and image.height < image.width / 2
