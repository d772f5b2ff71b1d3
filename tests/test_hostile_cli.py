"""``selfeval extract`` on every hostile file: the right result, or exit 2 with one line
``selfeval: FILE: reason`` — never a traceback, never past the time limit."""

from __future__ import annotations

import json
import time
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from selfeval.corpus.cli import main
from selfeval.extract import errors
from selfeval.extract.reading import preflight

from tests import hostile_files

#: Seconds a hostile file may take. The slowest here, 2,001 generated pages, took
#: 12.5 s to read in full without pre-flight; the limit is what `extract` enforces.
SLOW_CASE_SECONDS = 60


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile cli")
    return {case.name: hostile_files.make(case, folder) for case in hostile_files.CASES}


@cache
def run_extract(path: Path, *args: str) -> Result:
    """Run ``selfeval extract`` once per file and options (the tests share the runs)."""
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
def good_reports() -> dict[Path, list[dict[str, Any]]]:
    return {good: reports(run_extract(good, "--json"))
            for good in (hostile_files.GOOD_PDF, hostile_files.GOOD_DOCX)}


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
    refused = preflight_error(path)
    if refused is not None:
        assert reason == refused.reason


def preflight_error(path: Path) -> errors.SelfevalError | None:
    """Return the error the pre-flight checks, which the readers run first, raise on ``path``."""
    try:
        preflight(path)
    except errors.SelfevalError as exc:
        return exc
    return None


@pytest.mark.parametrize("case", [c for c in hostile_files.CASES if c.same_as],
                         ids=lambda c: c.name)
def test_disguised_good_file_reads_like_the_original(
    case: hostile_files.Case, made: dict[str, Path], good_reports: dict[Path, list[Any]]
) -> None:
    assert case.same_as is not None
    expected = good_reports[case.same_as]
    assert expected, "the good fixture must yield reports for this test to mean anything"
    assert reports(run_extract(made[case.name], "--json")) == expected


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
