"""Exports: Parquet tables read back as the database holds them; XLSX has one sheet per
table and keeps document text as text (never a formula)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click
from click.testing import CliRunner
from selfeval.corpus.cli import main
from selfeval.corpus.ingest import build
from selfeval.corpus.store import TABLES
from selfeval.corpus.workers import Limits

from tests.data_paths import ROOT
from tests.test_corpus_fakes import fake_record


def _db(tmp_path: Path) -> Path:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.pdf").write_text("=HYPERLINK(\"http://x\")\n1", encoding="utf-8")
    (corpus / "b.docx").write_text("乙单位\x01\n2", encoding="utf-8")
    (corpus / "c.pdf").write_bytes(b"BAD")
    db = tmp_path / "c.db"
    build(corpus, db, workers=2, limits=Limits(timeout_s=30), task=fake_record)
    return db


def test_parquet_export_reads_back_every_row(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    db = _db(tmp_path)
    result = CliRunner().invoke(main, ["corpus", "export", "--db", str(db),
                                       "--parquet", str(tmp_path / "pq")])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    for table in TABLES:
        back = pq.read_table(tmp_path / "pq" / f"{table}.parquet").to_pylist()
        cur = conn.execute(f"SELECT * FROM {table} ORDER BY id")
        cols = [d[0] for d in cur.description]
        rows = [dict(zip(cols, r, strict=True)) for r in cur]
        assert len(back) == len(rows), table
        for got, want in zip(back, rows, strict=True):
            for col in cols:
                w = want[col]
                # Where SQLite mixed types in one column, the export holds text.
                assert got[col] == w or str(got[col]) == str(w), (table, col)
    conn.close()


def test_xlsx_export_has_a_sheet_per_table_and_no_formulas(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    db = _db(tmp_path)
    out = tmp_path / "c.xlsx"
    result = CliRunner().invoke(main, ["corpus", "export", "--db", str(db), "--xlsx", str(out)])
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    assert wb.sheetnames == list(TABLES)
    reports = wb["reports"]
    header = [c.value for c in reports[1]]
    agencies = {row[header.index("agency")] for row in reports.iter_rows(min_row=2,
                                                                         values_only=True)}
    assert agencies == {'=HYPERLINK("http://x")', "乙单位"}
    cell = next(c for row in reports.iter_rows(min_row=2) for c in row
                if c.value == '=HYPERLINK("http://x")')
    assert cell.data_type == "s"
    documents = wb["documents"]
    assert documents.max_row == 4
    flags = list(wb["flags"].values)
    cited = {row[flags[0].index("cells_text")] for row in flags[1:]}
    assert cited == {"reported p1 [400,700,440,712]; input p1 [400,600,440,620]"}


def test_export_needs_a_target_and_an_existing_db(tmp_path: Path) -> None:
    runner = CliRunner()
    none = runner.invoke(main, ["corpus", "export", "--db", str(tmp_path / "x.db")])
    assert none.exit_code == 2 and "--parquet" in none.output
    missing = runner.invoke(main, ["corpus", "export", "--db", str(tmp_path / "x.db"),
                                   "--xlsx", str(tmp_path / "x.xlsx")])
    assert missing.exit_code == 2 and "no such database" in missing.output


def test_every_corpus_command_has_help_and_is_in_the_readme() -> None:
    from selfeval.corpus.cli.corpus_cmd import corpus_cmd
    from selfeval.corpus.workers import DEFAULT_TIMEOUT_S

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in corpus_cmd.commands.items():
        assert command.help, name
        assert f"selfeval corpus {name}" in readme, name
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, (name, param.name)
    assert f"--timeout {DEFAULT_TIMEOUT_S:g}]" in readme
