"""Bring a corpus database to this version's layout, in place, in one transaction.

The layout version is SQLite's ``user_version`` (0 in databases made before it was
kept). Opening an older database, or one that lacks a column of the layout (a record
field added since), creates what it lacks (tables, columns, views, the full-text
index) and writes every report's rows again from the ``record_json`` it kept, so
derived columns (amounts in 元, canonical labels) are filled for old rows too. A
database made by a newer version is refused with one line.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from itertools import groupby

from selfeval.corpus.layout import RULES, TABLES, Column
from selfeval.corpus.rows import delete_rows, insert_report
from selfeval.corpus.rule_texts import rule_texts
from selfeval.corpus.views import FTS_DDL, view_statements
from selfeval.extract.errors import SelfevalError

#: The layout this version writes: 1 was the layout before views, rules and money in 元;
#: 2 before ``flags.cells_text``. Raise it when a view or a derived column changes, so
#: older databases are rewritten.
LAYOUT_VERSION = 3

INDEXES = (
    "CREATE INDEX IF NOT EXISTS reports_document ON reports(document_id)",
    "CREATE INDEX IF NOT EXISTS funds_report ON funds(report_id)",
    "CREATE INDEX IF NOT EXISTS indicators_report ON indicators(report_id)",
    "CREATE INDEX IF NOT EXISTS flags_report ON flags(report_id)",
    "CREATE INDEX IF NOT EXISTS flags_rule ON flags(rule)",
)


def _missing_columns(conn: sqlite3.Connection) -> list[tuple[str, Column]]:
    """The layout's columns the database's tables lack (a missing table lacks them all)."""
    missing = []
    for table in TABLES:
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table.name})")}
        missing += [(table.name, col) for col in table.columns if col.name not in have]
    return missing


def _add_missing_columns(conn: sqlite3.Connection) -> bool:
    """Add the layout's columns a table lacks; return whether any was added."""
    missing = _missing_columns(conn)
    for table, col in missing:
        conn.execute(f"ALTER TABLE {table} ADD COLUMN {col.name} {col.sql_type}")
    return bool(missing)


def is_current(conn: sqlite3.Connection) -> bool:
    """Whether the database has this version's layout (reading it changes nothing)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    return version == LAYOUT_VERSION and not _missing_columns(conn)


def _rewrite_rows(conn: sqlite3.Connection, db_path: str) -> None:
    """Write every report's rows again from its ``record_json``, in its document's order."""
    stored = conn.execute(
        "SELECT document_id, id, record_json FROM reports ORDER BY document_id, seq").fetchall()
    for doc_id, rows in groupby(stored, key=lambda r: r[0]):
        records = []
        for _, report_id, text in rows:
            try:
                records.append(json.loads(text))
            except (TypeError, ValueError) as exc:
                raise SelfevalError(db_path, f"cannot migrate the database: report {report_id}"
                                             " has no readable record_json") from exc
        delete_rows(conn, doc_id)
        for seq, record in enumerate(records):
            insert_report(conn, doc_id, seq, record)


def _write_rules(conn: sqlite3.Connection) -> None:
    conn.execute(f"DELETE FROM {RULES.name}")
    for text in rule_texts():
        conn.execute(RULES.insert_sql(), asdict(text))


def prepare(conn: sqlite3.Connection, db_path: str) -> None:
    """Create or migrate the layout and refresh the ``rules`` table, in one transaction."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > LAYOUT_VERSION:
        raise SelfevalError(db_path, f"made by a newer selfeval (database layout {version},"
                                     f" this one knows up to {LAYOUT_VERSION}): upgrade selfeval")
    conn.execute("BEGIN IMMEDIATE")
    try:
        for table in TABLES:
            conn.execute(table.ddl())
        # A record field added since the database was made is a column it lacks, whatever
        # its version says: add it and write the rows again.
        older = _add_missing_columns(conn) or version < LAYOUT_VERSION
        for statement in [*INDEXES, FTS_DDL, *(view_statements() if older else [])]:
            conn.execute(statement)
        if older:
            _rewrite_rows(conn, db_path)
            conn.execute(f"PRAGMA user_version = {LAYOUT_VERSION}")
        _write_rules(conn)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
