"""``selfeval audit``: the table, --json, --rules, and the exit status that gates a
pipeline. Documents come from the truth records (the reader is tested elsewhere),
plus one real document end to end."""

from __future__ import annotations

import importlib
import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from selfeval.corpus.cli import main
from selfeval.extract.errors import UnsupportedFormat
from selfeval.normalize.records import Document, Source, report_from_dict
from selfeval.scoring import Profile, score_document
from selfeval.scoring.render import BLANK, flag_cells, render_audit, render_table, width

from tests.data_paths import DOCS, TRUTH

#: The module, not the click command of the same name that ``corpus.cli`` exports.
audit_module = importlib.import_module("selfeval.corpus.cli.audit_cmd")


def _fake_process(path: str, profile: Profile | None = None, on_page: object = None) -> Document:
    if path.endswith(".bad"):
        raise UnsupportedFormat(path, "not a PDF or DOCX file")
    data = json.loads((TRUTH / f"{path}.json").read_text(encoding="utf-8"))
    reports = tuple(report_from_dict(r) for r in data["reports"])
    return score_document(Document(Source(path, "", "pdf", None), reports), profile)


@pytest.fixture()
def run(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(audit_module, "process_file", _fake_process)
    runner = CliRunner()
    return lambda *args: runner.invoke(main, ["audit", *args])


def test_clean_document_exits_0(run) -> None:
    result = run("001_longgang_docx")
    assert result.exit_code == 0, result.output
    assert "no flags" in result.output and "0 errors" in result.output


def test_warnings_only_exit_0(run) -> None:
    result = run("002_qnjinrong_xlsx-export")
    assert result.exit_code == 0
    assert "quantitative_rule_mismatch" in result.output and "办公费" in result.output


def test_error_flag_exits_1_and_the_table_cites_the_page(run) -> None:
    result = run("001_longgang_docx", "003_yueyang_docx")
    assert result.exit_code == 1
    line = next(x for x in result.output.splitlines() if " total_mismatch " in x)
    assert line.split()[:6] == ["error", "total_mismatch", "100.62", "92", "2", "total_score"]
    assert "without the budget-execution score" in line


def test_unreadable_file_exits_2_unless_an_error_flag_fired(run) -> None:
    alone = run("001_longgang_docx", "broken.bad")
    assert alone.exit_code == 2
    assert "selfeval: broken.bad: not a PDF or DOCX file" in alone.output
    with_error = run("broken.bad", "003_yueyang_docx")
    assert with_error.exit_code == 1


def test_json_is_the_same_as_data(run) -> None:
    result = run("--json", "003_yueyang_docx", "broken.bad")
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    flags = data[0]["reports"][0]["flags"]
    assert flags[0]["severity"] == "error"
    assert {f["rule"] for f in flags} >= {"total_mismatch", "missing_reason"}
    assert all(set(f["where"]) == {"page", "field", "indicator"} for f in flags)
    assert data[1] == {"path": "broken.bad", "error": "not a PDF or DOCX file"}


def test_rules_file_changes_the_profile(run, tmp_path: Path) -> None:
    rules = tmp_path / "strict.toml"
    rules.write_text('name = "strict"\n[[grades]]\nname = "优"\nmin = 99.99\nmax = 100\n'
                     '[[grades]]\nname = "良"\nmax = 99.99\n', encoding="utf-8")
    result = run("--rules", str(rules), "002_qnjinrong_xlsx-export")
    assert result.exit_code == 1  # 99.95 graded 优 under a 99.99 threshold
    assert "conclusion_mismatch" in result.output and "rules:strict" in result.output


@pytest.mark.parametrize("text", ["name = ", "colour = 'red'\n"])
def test_bad_rules_file_is_one_line_and_exit_2(run, tmp_path: Path, text: str) -> None:
    rules = tmp_path / "bad.toml"
    rules.write_text(text, encoding="utf-8")
    result = run("--rules", str(rules), "001_longgang_docx")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "bad rules file" in result.output
    assert "Traceback" not in result.output


def test_missing_rules_file(run, tmp_path: Path) -> None:
    result = run("--rules", str(tmp_path / "none.toml"), "001_longgang_docx")
    assert result.exit_code == 2 and "No such file" in result.output


def test_table_aligns_chinese_text() -> None:
    doc = _fake_process("003_yueyang_docx")
    lines = render_table(list(doc.reports[0].flags), "").splitlines()
    starts = {width(line[: line.index("得分")]) for line in lines[1:] if "reason" in line}
    assert len(starts) == 1  # the message column starts at one terminal column


def test_real_document_end_to_end() -> None:
    docx = DOCS / "003_yueyang_docx.docx"
    result = CliRunner().invoke(main, ["audit", str(docx)])
    assert result.exit_code == 1, result.output
    assert "total_mismatch" in result.output and "weight_total_mismatch" in result.output


def test_document_text_cannot_drive_the_terminal() -> None:
    doc = _fake_process("003_yueyang_docx")
    report = doc.reports[0]
    hostile = "\x1b[2J\u202e长期影响"
    rows = tuple(replace(i, name=hostile) if i.name == "长期影响" else i
                 for i in report.indicators)
    doc = replace(doc, reports=(score_document(
        replace(doc, reports=(replace(report, indicators=rows, flags=()),))).reports[0],))
    text = render_audit("x.pdf", doc)
    assert "\x1b" not in text and "\u202e" not in text
    assert "\\u001b[2J\\u202e长期影响" in text


def test_blanks_print_as_an_en_dash() -> None:
    doc = _fake_process("003_yueyang_docx")
    missing = next(f for f in doc.reports[0].flags if f.rule == "missing_reason")
    # a flag with nothing expected, on a form without pages, about no particular place
    blank = replace(missing, where=replace(missing.where, page=None, field=None, indicator=None))
    cells = flag_cells(blank)
    assert (cells[2], cells[4], cells[5]) == (BLANK, BLANK, BLANK) and BLANK == "\u2013"
    text = render_audit("x.docx", replace(doc, reports=(replace(doc.reports[0], pages=()),)))
    assert "(pages \u2013)" in text
