"""The report's corpus view and its filters: SVG charts drawn by the page itself, flags
filtered by agency, year, rule and severity with the filter in the address, and links
to each document and page. The filters are checked in Chromium."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from selfeval.corpus.charts import HIGH_SCORE, LOW_RATE, MAX_RATE, histogram, scatter
from selfeval.corpus.ingest import build
from selfeval.corpus.report_html import write_report
from selfeval.corpus.workers import Limits

from tests.test_corpus_fakes import fake_record
from tests.test_corpus_report import CHROMIUM, INJECTED, _dump_dom


def two_flag_record(path: str) -> dict[str, Any]:
    """A fake record with an error and a warning, its total score and spending set by the
    file's second and third lines."""
    record = fake_record(path)
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    report = record["reports"][0]
    report["total_score"] = float(lines[1])
    report["funds"][0]["executed"] = float(lines[2])
    report["flags"] = [
        {**report["flags"][0], "severity": "error"},
        {"rule": "missing_reason", "severity": "warning", "message": "得分 8 < 分值 10",
         "expected": None, "reported": None,
         "where": {"page": 1, "field": "reason", "indicator": "指标1"}, "profile": "national"},
    ]
    if lines[0] == "丙单位":
        report["flags"] = report["flags"][1:]
    return record


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("overview")
    corpus = tmp / "in"
    (corpus / "sub dir").mkdir(parents=True)
    files = {"a.pdf": "甲单位\n95\n40", "sub dir/b 乙.pdf": "乙单位\n85\n99",
             "c.pdf": "丙单位\n99.5\n100", "d.pdf": f"{INJECTED}\n92\n70"}
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    db = tmp / "c.db"
    build(corpus, db, workers=1, limits=Limits(timeout_s=30), task=two_flag_record)
    return write_report(db, tmp / "out" / "report.html")


def _articles(dom: str) -> dict[str, str]:
    """Each report article by its agency, its opening tag and its content."""
    found = re.findall(r'(<article class="report"[^>]*data-agency="([^"]*)"[^>]*>.*?</article>)',
                       dom, re.S)
    return {agency: html for html, agency in found}


def _flags(article: str) -> list[tuple[str, bool]]:
    """``(rule, hidden)`` of each flag section of an article."""
    return [(rule, "hidden" in tag)
            for tag, rule in re.findall(r'(<section class="flag[^>]*data-rule="(\w+)"[^>]*>)',
                                        article)]


def test_histogram_bins_scores_and_puts_100_in_the_last_bar() -> None:
    chart = histogram([100, 99.9, 95, 89.99, None, 0])
    counts = {bar.label: bar.count for bar in chart.bars}
    assert counts == {"95–100": 3, "85–90": 1, "0–5": 1}
    assert (chart.scored, chart.unscored) == (5, 1)
    tallest = max(chart.bars, key=lambda b: b.count)
    assert all(b.height <= tallest.height for b in chart.bars)


def test_scatter_marks_the_high_score_low_spending_corner() -> None:
    chart = scatter([(95, 0.4, "a"), (95, 0.9, "b"), (80, 0.4, "c"), (None, 0.5, "d"),
                     (HIGH_SCORE, LOW_RATE - 0.01, "e"), (99, MAX_RATE * 2, "f")])
    assert [p.label for p in chart.points if p.corner] == ["a", "e"]
    assert chart.in_corner == 2 and chart.left_out == 1
    clipped = next(p for p in chart.points if p.label == "f")
    assert clipped.clipped and clipped.y == min(p.y for p in chart.points)
    low = next(p for p in chart.points if p.label == "a")
    high = next(p for p in chart.points if p.label == "b")
    assert low.y > high.y  # SVG y grows downwards: a lower rate is drawn lower


def test_the_page_draws_both_charts_as_inline_svg(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    scores = html.split('id="chart-scores"', 1)[1].split("</svg>", 1)[0]
    assert sum(int(n) for n in re.findall(r'data-count="(\d+)"', scores)) == 4
    execution = html.split('id="chart-execution"', 1)[1].split("</svg>", 1)[0]
    assert execution.count("<circle") == 4
    assert execution.count("in-corner") == 2  # 95 with 40%, 92 with 70%
    assert "<b>2</b> rated 90 or more while executing under 80%" in html
    # A point's tooltip is the report's name, escaped like all document text.
    assert "&lt;script&gt;document.title" in execution and "<script>document" not in html
    assert "<img src=x" not in html and html.count("<script>") == 1


def test_the_agency_table_links_to_the_filtered_view(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    table = html.split('<table class="agencies">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td>(.*?)</tr>", table)
    assert len(rows) == 4
    assert '<a href="#agency=%E4%B9%99%E5%8D%95%E4%BD%8D&amp;year=' in table
    assert "<script>" not in table and "&lt;script&gt;" in table
    rates = {re.findall(r"<td>([^<]*)</td>$", row)[0] for row in rows}
    assert rates == {"40.0%", "99.0%", "100.0%", "70.0%"}  # executed of a budget of 100


def test_each_report_and_flag_links_to_its_document_and_page(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    hrefs = {h for h in re.findall(r'href="([^"]+)"', html) if not h.startswith("#")}
    assert hrefs == {"../in/a.pdf#page=1", "../in/sub%20dir/b%20%E4%B9%99.pdf#page=1",
                     "../in/c.pdf#page=1", "../in/d.pdf#page=1"}
    assert '<a class="path" href="../in/a.pdf#page=1">a.pdf</a>' in html
    assert '<a href="../in/a.pdf#page=1">page 1</a>' in html
    for href in hrefs:
        target = (page.parent / unquote(href.split("#")[0])).resolve()
        assert target.is_file(), href
        assert not re.match(r"\w+:", href), "relative links only"


needs_chromium = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                                    reason="chromium not installed (`make sysdeps`)")


@needs_chromium
def test_severity_in_the_address_shows_only_matching_flags(page: Path, tmp_path: Path) -> None:
    dom = _dump_dom_at(page, "#severity=error", tmp_path)
    articles = _articles(dom)
    assert "3 of 4 reports shown, 3 flags" in dom
    assert "hidden" in articles["丙单位"].split(">", 1)[0]  # its only flag is a warning
    assert _flags(articles["甲单位"]) == [("total_mismatch", False), ("missing_reason", True)]


@needs_chromium
def test_agency_and_rule_in_the_address_combine(page: Path, tmp_path: Path) -> None:
    dom = _dump_dom_at(page, "#agency=%E4%B9%99%E5%8D%95%E4%BD%8D&rule=missing_reason",
                       tmp_path)
    articles = _articles(dom)
    assert "1 of 4 reports shown, 1 flags" in dom
    assert "hidden" not in articles["乙单位"].split(">", 1)[0]
    assert _flags(articles["乙单位"]) == [("total_mismatch", True), ("missing_reason", False)]
    assert all("hidden" in a.split(">", 1)[0] for k, a in articles.items() if k != "乙单位")


@needs_chromium
def test_an_unknown_filter_value_in_the_address_shows_everything(page: Path,
                                                                 tmp_path: Path) -> None:
    dom = _dump_dom_at(page, "#rule=%3Cimg%20src%3Dx%3E&year=1999", tmp_path)
    assert "4 of 4 reports shown, 7 flags" in dom


def _dump_dom_at(page: Path, fragment: str, tmp_path: Path) -> str:
    return _dump_dom(page, tmp_path / "profile", fragment)
