"""``extract`` and ``audit`` as CSV, XLSX and JSON, to stdout or ``-o``; ``audit`` of a
folder; the readable output (blanks, flag lines, "no flags"); help with examples."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from selfeval.corpus.cli import main
from selfeval.corpus.cli.output import csv_cell, write_rows
from selfeval.corpus.flat_rows import FLAG_COLUMNS, INDICATOR_COLUMNS
from selfeval.corpus.summary import render_report
from selfeval.extract.registry import document_suffixes
from selfeval.normalize.records import Flag, Where

from tests.data_paths import DOCS, DOCS_DIR, WILD
from tests.scoring_cases import truth_report

YUEYANG = DOCS / "003_yueyang_docx.docx"
LONGGANG = DOCS / "001_longgang_docx.docx"


def _run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def _csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a byte-order mark, for spreadsheet programs"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_extract_csv_is_one_row_per_indicator(tmp_path: Path) -> None:
    out = tmp_path / "ind.csv"
    result = _run("extract", str(YUEYANG), "--format", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = _csv(out)
    data = json.loads(_run("extract", str(YUEYANG), "--format", "json").stdout)
    assert len(rows) == sum(len(r["indicators"]) for r in data["reports"])
    assert tuple(rows[0]) == INDICATOR_COLUMNS
    cost = next(r for r in rows if r["indicator"] == "工商联经费控制")
    assert cost["flags"] == "missing_reason" and cost["score"] == "8"
    assert cost["agency"] == "岳阳县工商业联合会" and cost["report"] == "1"


def test_extract_rows_of_flags_to_stdout() -> None:
    result = _run("extract", str(YUEYANG), "--format", "csv", "--rows", "flags")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == FLAG_COLUMNS
    total = next(r for r in rows if r["rule"] == "total_mismatch")
    assert (total["expected"], total["reported"], total["field"]) == ("100.62", "92",
                                                                     "total_score")


@pytest.mark.parametrize(("document", "cited"), [
    # the budget row's 得分 I6 against its 分值 G6: where a spreadsheet opens them
    (WILD / "ce01_ezhou" / "ce01_ezhou.xlsx", "reported 自评表!I6; input 自评表!G6"),
    (YUEYANG, "reported table 2, row "),
    (DOCS / "003_yueyang_docx-pdf.pdf", "reported p"),
])
def test_a_flag_row_names_the_cells_it_rests_on(document: Path, cited: str) -> None:
    rows = list(csv.DictReader(io.StringIO(_run("audit", str(document), "--format",
                                                "csv").stdout)))
    data = json.loads(_run("audit", str(document), "--format", "json").stdout)
    flags = [f for r in data[0]["reports"] for f in r["flags"]]
    assert len(rows) == len(flags) > 0
    # every cited cell is written, one "; " between two
    assert (sorted(row["cells"].count("; ") + 1 for row in rows)
            == sorted(len(flag["cells"]) for flag in flags))
    assert any(row["cells"].startswith(cited) for row in rows)
    assert not [row for row in rows if "location not recorded" in row["cells"]]


def test_audit_of_a_folder_writes_one_csv_row_per_flag(tmp_path: Path) -> None:
    folder = tmp_path / "in" / "sub"
    folder.mkdir(parents=True)
    shutil.copy(YUEYANG, folder)
    shutil.copy(LONGGANG, tmp_path / "in")
    (tmp_path / "in" / "notes.txt").write_text("not a document")
    out = tmp_path / "flags.csv"
    result = _run("audit", str(tmp_path / "in"), "--format", "csv", "-o", str(out))
    assert result.exit_code == 1, result.output  # yueyang has error flags
    rows = _csv(out)
    data = json.loads(_run("audit", str(tmp_path / "in"), "--format", "json").stdout)
    assert [d["path"] for d in data] == [str(tmp_path / "in" / LONGGANG.name),
                                         str(folder / YUEYANG.name)]
    assert len(rows) == sum(len(r["flags"]) for d in data for r in d["reports"]) > 0
    # longgang draws one not_checked (a target whose comparison was not read), no finding
    assert {r["path"] for r in rows if r["rule"] != "not_checked"} == {str(folder / YUEYANG.name)}


def test_audit_xlsx_keeps_text_as_text(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "flags.xlsx"
    result = _run("audit", str(YUEYANG), "--format", "xlsx", "-o", str(out))
    assert result.exit_code == 1, result.output
    sheet = load_workbook(out).active
    assert sheet is not None
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert tuple(header) == FLAG_COLUMNS and sheet.max_row > 1
    hostile = tmp_path / "hostile.xlsx"
    write_rows(("message",), [{"message": "=HYPERLINK(\"http://x\")"}], "xlsx", str(hostile))
    cell = load_workbook(hostile).active["A2"]  # type: ignore[index]
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(\"http://x\")"


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted() -> None:
    assert csv_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)" and csv_cell("+1+2") == "'+1+2"
    assert csv_cell("-5.5") == "-5.5" and csv_cell("≥95%") == "≥95%" and csv_cell(3) == 3
    assert csv_cell("-") == "-"  # a blank printed as a dash is no formula


@pytest.mark.parametrize("args", [("--format", "xlsx"), ("-o", "/no/such/folder/x.csv")])
def test_an_output_that_cannot_be_written_is_refused_before_reading(args: tuple[str, ...]
                                                                    ) -> None:
    for command in ("extract", "audit"):
        result = _run(command, str(YUEYANG), *args)
        assert result.exit_code == 2 and "Traceback" not in result.output
        assert len([x for x in result.output.splitlines() if x.startswith("Error")]) == 1


def test_a_folder_without_documents_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = _run("audit", str(tmp_path))
    assert result.exit_code == 2
    suffixes = ", ".join(f"*{s}" for s in document_suffixes())
    assert f"selfeval: {tmp_path}: no documents ({suffixes}) in the folder" in result.output
    assert "0 of 1 files audited" in result.output


def test_audit_text_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "audit.txt"
    result = _run("audit", str(LONGGANG), "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert "no flags" in text and text.rstrip().endswith("1 of 1 files audited: 0 errors, "
                                                         "0 warnings, 1 info")


def test_readable_summary_prints_blanks_as_a_dash_and_names_the_indicator() -> None:
    report = truth_report("003_yueyang_docx")
    total = replace(report.funds[0], executed=None, rate=None)
    flag = Flag("missing_reason", "warning", "得分 8 < 分值 10", Decimal(10), Decimal(8),
                Where(2, "reason", "工商联经费控制"))
    text = render_report(replace(report, funds=(total,), flags=(flag,), conclusion=None), 1)
    assert "executed –," in text and "rate –" in text and "conclusion: –" in text
    assert not re.search(r"executed\s*万元", text)
    assert "  [warning] missing_reason (page 2, at 工商联经费控制 / reason): 得分 8" in text
    assert render_report(replace(report, flags=()), 1).endswith("\n  no flags")


def test_readable_summary_escapes_document_text() -> None:
    report = replace(truth_report("003_yueyang_docx"), agency="\x1b[2J单位\u202e")
    text = render_report(report, 1)
    assert "\x1b" not in text and "\u202e" not in text and "\\u001b[2J单位" in text


@pytest.mark.parametrize("command", ["extract", "audit"])
def test_help_gives_examples_and_defaults(command: str) -> None:
    text = _run(command, "--help").output
    assert "Examples:" in text and f"selfeval {command} " in text
    flat = " ".join(text.split())
    rows = "indicators" if command == "extract" else "flags"
    assert "[default: text]" in flat and f"[default: {rows}]" in flat
    assert "[default: $SELFEVAL_TIMEOUT, else 300]" in flat
    assert "[default: $SELFEVAL_MAX_MEMORY, else 3 GiB]" in flat


def test_docs_list_every_row_column() -> None:
    page = (DOCS_DIR / "cli.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `(\w+)` \| (?:both|flags|indicators) \|", page, re.M)
    assert set(documented) == set(FLAG_COLUMNS) | set(INDICATOR_COLUMNS)
