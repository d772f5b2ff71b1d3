"""``selfeval corpus build`` over a folder of every hostile file plus the good fixtures:
every good document is ingested, every bad one is recorded with its reason, the run
exits 0 and its summary lists the failures.

The good files are the text-PDF and DOCX fixtures: the scans add only OCR time here, and
a corpus build of a scan is tested on the sample corpus (test_corpus_pipeline.py)."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from selfeval.corpus.cli import main
from selfeval.extract.errors import SelfevalError
from selfeval.extract.safety import preflight

from tests import hostile_files
from tests.conftest import ExtractJson
from tests.test_corpus_fakes import document_statuses

pytestmark = pytest.mark.slow  # a corpus build of every hostile file

#: File endings corpus build picks up (others, like legacy.doc, are not documents to it).
DOCUMENT_SUFFIXES = (".pdf", ".docx")
#: The good documents mixed in with the hostile ones.
GOOD = sorted(p for p in hostile_files.DOCS.iterdir() if "scanned" not in p.name)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Result]:
    root = tmp_path_factory.mktemp("mixed")
    folder = root / "in"
    for case in hostile_files.CASES:
        hostile_files.make(case, folder)
    for good in GOOD:
        shutil.copyfile(good, folder / good.name)
    db = root / "corpus.db"
    result = CliRunner().invoke(main, ["corpus", "build", str(folder), "--db", str(db)])
    return folder, db, result


def test_the_run_exits_0_and_lists_every_failure(built: tuple[Path, Path, Result]) -> None:
    folder, db, result = built
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output + result.stderr
    rows = document_statuses(db)
    documents = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                       if p.suffix.lower() in DOCUMENT_SUFFIXES)
    assert sorted(rows) == documents
    failed = {path: error for path, (status, error, _) in rows.items() if status == "failed"}
    assert failed
    for path, error in failed.items():
        assert error and "\n" not in error and "Traceback" not in error
        assert f"{path}: {error}" in result.stdout


def test_bad_files_are_recorded_with_their_reason(built: tuple[Path, Path, Result]) -> None:
    folder, db, _ = built
    rows = document_statuses(db)
    for case in hostile_files.CASES:
        if case.error is None or not case.filename.endswith(DOCUMENT_SUFFIXES):
            continue
        status, error, _ = rows[case.filename]
        assert status == "failed", case.name
        try:
            preflight(folder / case.filename)
        except SelfevalError as exc:
            assert error == exc.reason


def test_good_files_are_ingested_as_extract_reads_them(
        built: tuple[Path, Path, Result], extract_json: ExtractJson) -> None:
    _, db, _ = built
    rows = document_statuses(db)
    disguised = {c.filename: c.same_as.name for c in hostile_files.CASES if c.same_as}
    for good in GOOD:
        alone = len(extract_json(good)["reports"])
        assert rows[good.name] == ("ok", None, alone), good.name
    for name, original in disguised.items():
        assert rows[name][0] == "ok" and rows[name][2] == rows[original][2], name


def test_the_report_escapes_hostile_text(built: tuple[Path, Path, Result],
                                         tmp_path: Path) -> None:
    _, db, _ = built
    page = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["corpus", "report", "--db", str(db), "-o", str(page)])
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    assert "<script>alert" not in text and "<img src=x" not in text
    shown = html.unescape(text)
    assert hostile_files.SCRIPT_TEXT in shown, "the hostile project name is shown, escaped"
