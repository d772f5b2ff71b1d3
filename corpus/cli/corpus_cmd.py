"""``selfeval corpus build|export|report``: the nightly bulk ingestion and what it publishes."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

import click
from selfeval.corpus import store
from selfeval.corpus.cli.errors import error_line
from selfeval.corpus.cli.sizes import ByteSize
from selfeval.corpus.workers import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT_S, Limits, format_bytes
from selfeval.extract.errors import SelfevalError, with_detail

DEFAULT_DB = "out/selfeval.db"

def _db_option(fn: Any) -> Any:
    return click.option(
        "--db", "db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
        help="The corpus database (SQLite).",
    )(fn)


def _fail(exc: SelfevalError) -> None:
    click.echo(f"selfeval: {exc.reason}" if isinstance(exc, store.DatabaseBusy)
               else error_line(exc.path, exc.reason), err=True)
    sys.exit(2)


def _existing_db(db: str) -> None:
    """Refuse a missing database; bring one made by an older version to this layout."""
    if not Path(db).is_file():
        _fail(SelfevalError(db, "no such database (run `selfeval corpus build` first)"))
    try:
        store.bring_up_to_date(db)
    except SelfevalError as exc:
        _fail(exc)


def _unusable_db(db: str, exc: sqlite3.DatabaseError) -> None:
    _fail(SelfevalError(db, with_detail("not a usable corpus database", exc)))


@click.group("corpus")
def corpus_cmd() -> None:
    """Ingest a folder of documents into a database, export it, report on it."""


@corpus_cmd.command("build")
@click.argument("in_dir", type=click.Path(file_okay=False))
@_db_option
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes [default: the core count].")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True),
              default=DEFAULT_TIMEOUT_S, show_default=True,
              help="Seconds one document may take before it is killed and recorded as failed.")
@click.option("--max-memory", type=ByteSize(), default=DEFAULT_MAX_MEMORY,
              show_default=format_bytes(DEFAULT_MAX_MEMORY),
              help="Address space one document's worker may map (e.g. 2G).")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Send the documents to this Dask distributed scheduler (tcp://host:port).")
@click.option("--force", is_flag=True, help="Read every document again, changed or not.")
@click.option("--retry-failed", is_flag=True,
              help="Read again the documents that failed, changed or not (after an upgrade).")
@click.option("--quiet", is_flag=True, help="No progress line [default: a line per document "
                                             "on stderr].")
def build_cmd(in_dir: str, db: str, workers: int | None, timeout: float, max_memory: int,
              scheduler: str | None, force: bool, retry_failed: bool, quiet: bool) -> None:
    """Bring the database in line with the documents under IN_DIR (every format read).

    Unchanged documents are not read again, changed ones replace their rows, removed
    ones are marked removed. Each document runs in its own process under --timeout and
    --max-memory; one that fails is recorded with its reason and the run goes on. A
    database made by an older selfeval is migrated in place; Datasette metadata is
    written beside it (DB without .db + .metadata.json).

    \b
    Examples:
      selfeval corpus build corpus/samples
      selfeval corpus build /data/forms --db out/forms.db --workers 4 --timeout 600
    """
    from selfeval.corpus.build_summary import build_summary
    from selfeval.corpus.datasette_meta import write_metadata
    from selfeval.corpus.ingest import build

    try:
        result = build(in_dir, db, workers, Limits(timeout, max_memory), scheduler,
                       progress=None if quiet else sys.stderr, force=force,
                       retry_failed=retry_failed)
    except SelfevalError as exc:
        _fail(exc)
    conn = store.connect(db)
    try:
        click.echo(build_summary(conn, result))
    finally:
        conn.close()
    click.echo(f"datasette metadata: {write_metadata(db)}")


@corpus_cmd.command("export")
@_db_option
@click.option("--parquet", "parquet_dir", type=click.Path(file_okay=False), default=None,
              help="Write one TABLE.parquet per table into this folder.")
@click.option("--xlsx", "xlsx_file", type=click.Path(dir_okay=False), default=None,
              help="Write one workbook with one sheet per table.")
def export_cmd(db: str, parquet_dir: str | None, xlsx_file: str | None) -> None:
    """Export the database's tables for pandas/DuckDB (Parquet) or spreadsheets (XLSX).

    \b
    Examples:
      selfeval corpus export --parquet out/parquet
      selfeval corpus export --db out/forms.db --xlsx out/forms.xlsx
    """
    from selfeval.corpus.export import export_parquet, export_xlsx

    if not parquet_dir and not xlsx_file:
        raise click.UsageError("give --parquet DIR and/or --xlsx FILE")
    _existing_db(db)
    try:
        if parquet_dir:
            for path in export_parquet(db, parquet_dir):
                click.echo(f"wrote {path}")
        if xlsx_file:
            click.echo(f"wrote {export_xlsx(db, xlsx_file)}")
    except sqlite3.DatabaseError as exc:
        _unusable_db(db, exc)


@corpus_cmd.command("report")
@_db_option
@click.option("-o", "--output", default="out/report.html", show_default=True,
              type=click.Path(dir_okay=False), help="The HTML file to write.")
@click.option("--root", type=click.Path(file_okay=False), default=None,
              help="The corpus folder, to render page pictures (default: the last build's).")
def report_cmd(db: str, output: str, root: str | None) -> None:
    """Write one static HTML page of the reports, sorted by the severity of their flags.

    \b
    Examples:
      selfeval corpus report
      selfeval corpus report --db out/forms.db -o out/forms.html --root /data/forms
    """
    from selfeval.corpus.report_html import write_report

    _existing_db(db)
    try:
        click.echo(f"wrote {write_report(db, output, root)}")
    except sqlite3.DatabaseError as exc:
        _unusable_db(db, exc)
