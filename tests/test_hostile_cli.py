"""``selfeval extract`` on every hostile file: the right result, or exit 2 with one line
``selfeval: FILE: reason`` — never a traceback, never past the time limit."""

from __future__ import annotations

import json
import time
import unicodedata
from pathlib import Path
from typing import Any

import hostile_files
import pytest
from click.testing import CliRunner, Result

from corpus.cli import main

#: Cases whose file is the good PDF (or DOCX) under another shape, name or wrapper:
#: their reports must equal the original's.
SAME_AS_GOOD_PDF = ("broken-xref", "encrypted-empty-user-aes", "encrypted-empty-user-rc4",
                    "pdf-named-docx", "spaces-and-cjk-path")
SAME_AS_GOOD_DOCX = ("docx-named-pdf",)

#: Cases refused by the sniffer, which every read goes through: the CLI's reason must
#: be the sniffer's.
SNIFFED = ("zero-byte", "html-named-pdf", "png-named-pdf", "png-named-docx", "xlsx-named-docx",
           "legacy-doc", "legacy-doc-named-docx", "encrypted-docx", "docx-no-document",
           "damaged-zip")

#: Seconds a hostile file may take. The slowest here, 2,001 generated pages, took
#: 12.5 s to read in full without pre-flight; the limit is what `extract` enforces.
SLOW_CASE_SECONDS = 60


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile cli")
    return {case.name: hostile_files.make(case, folder) for case in hostile_files.CASES}


def run_extract(path: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["extract", *args, str(path)])


def assert_one_line_failure(result: Result, path: Path) -> str:
    """Assert exit 2 with exactly one ``selfeval: PATH: reason`` line; return the reason."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    prefix = f"selfeval: {path}: "
    assert lines[0].startswith(prefix)
    reason = lines[0][len(prefix):]
    assert reason.strip()
    return reason


def reports(result: Result) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)["reports"]


@pytest.fixture(scope="module")
def good_reports() -> dict[str, list[dict[str, Any]]]:
    return {
        "pdf": reports(run_extract(hostile_files.GOOD_PDF, "--json")),
        "docx": reports(run_extract(hostile_files.GOOD_DOCX, "--json")),
    }


@pytest.mark.parametrize("case", hostile_files.CASES, ids=lambda c: c.name)
def test_right_result_or_one_clear_line(case: hostile_files.Case, made: dict[str, Path]) -> None:
    path = made[case.name]
    started = time.monotonic()
    result = run_extract(path, "--json")
    assert time.monotonic() - started < SLOW_CASE_SECONDS
    assert "Traceback" not in result.output + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if case.error is not None or result.exit_code != 0:
        reason = assert_one_line_failure(result, path)
        failed = json.loads(result.stdout)
        assert failed["errors"] == [reason] and failed["reports"] == []
    if case.error is not None and case.name in SNIFFED:
        assert case.reason in reason


@pytest.mark.parametrize("name", SAME_AS_GOOD_PDF + SAME_AS_GOOD_DOCX)
def test_disguised_good_file_reads_like_the_original(
    name: str, made: dict[str, Path], good_reports: dict[str, list[dict[str, Any]]]
) -> None:
    expected = good_reports["docx" if name in SAME_AS_GOOD_DOCX else "pdf"]
    assert expected, "the good fixture must yield reports for this test to mean anything"
    assert reports(run_extract(made[name], "--json")) == expected


def test_hostile_cell_text_is_kept_as_data_and_printed_safely(made: dict[str, Path]) -> None:
    found = reports(run_extract(made["hostile-cells"], "--json"))
    texts = [ind["name"] for rep in found for ind in rep["indicators"]]
    assert hostile_files.SCRIPT_TEXT in texts
    assert any(len(t) >= 10_000 for t in texts), "a long cell is kept, not dropped"
    printed = run_extract(made["hostile-cells"]).stdout
    controls = [ch for ch in printed if unicodedata.category(ch) == "Cc" and ch != "\n"]
    assert controls == []


def test_no_table_pdf_is_refused_with_a_reason(made: dict[str, Path]) -> None:
    reason = assert_one_line_failure(run_extract(made["no-tables"]), made["no-tables"])
    assert "form" in reason
