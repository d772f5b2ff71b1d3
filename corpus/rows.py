"""A report's rows: the ``reports`` row, its funds, indicators and flags, and its entry in
the full-text index, written from the record's JSON object by the layout's columns."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from selfeval.corpus.cell_text import cells_text, cited_cells
from selfeval.corpus.derived import canonical_label, in_yuan, report_label
from selfeval.corpus.layout import (
    FLAGS,
    FTS_COLUMNS,
    FTS_TABLE,
    FUNDS,
    INDICATORS,
    MONEY_COLUMNS,
    REPORTS,
    Table,
)

#: Child tables of a document, deleted before its new rows go in (children first).
ROW_TABLES = (FLAGS, INDICATORS, FUNDS, REPORTS)


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _cell(value: Any) -> Any:
    """Return a value SQLite stores as it is (lists and dicts become JSON text)."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    return to_json(value)


def _dig(record: dict[str, Any], key: tuple[str, ...]) -> Any:
    value: Any = record
    for part in key:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _insert(conn: sqlite3.Connection, table: Table, record: dict[str, Any],
            computed: dict[str, Any]) -> int:
    """Insert one row: each column from ``computed`` if it is there, else from the record
    by the column's key."""
    values = {c.name: computed[c.name] if c.name in computed else _cell(_dig(record, c.key))
              for c in table.columns if c.name in table.written}
    cur = conn.execute(table.insert_sql(), values)
    assert cur.lastrowid is not None
    return cur.lastrowid


def insert_report(conn: sqlite3.Connection, doc_id: int, seq: int, rep: dict[str, Any]) -> None:
    """Write one report of document ``doc_id`` (``rep`` is its JSON object)."""
    flags = rep.get("flags") or []
    severities = [f.get("severity") for f in flags]
    pages = rep.get("pages") or []
    report_id = _insert(conn, REPORTS, rep, {
        "document_id": doc_id, "seq": seq,
        "first_page": pages[0] if pages else None,
        "label": report_label(rep),
        "n_errors": severities.count("error"),
        "n_warnings": severities.count("warning"),
        "n_infos": severities.count("info"),
        "record_json": to_json(rep),
    })
    keys = {"report_id": report_id, "document_id": doc_id}
    unit = rep.get("money_unit")
    for i, fund in enumerate(rep.get("funds") or []):
        _insert(conn, FUNDS, fund, {
            **keys, "seq": i, "label_canonical": canonical_label(fund.get("label")),
            **{f"{m}_yuan": in_yuan(fund.get(m), unit) for m in MONEY_COLUMNS}})
    for i, ind in enumerate(rep.get("indicators") or []):
        _insert(conn, INDICATORS, ind, {**keys, "seq": i})
    for i, flag in enumerate(flags):
        _insert(conn, FLAGS, flag, {**keys, "seq": i,
                                    "cells_text": cells_text(cited_cells(flag))})
    names = {"indicators": " ".join(str(i.get("name") or "") for i in rep.get("indicators") or [])}
    conn.execute(
        f"INSERT INTO {FTS_TABLE} (rowid, {', '.join(FTS_COLUMNS)}) "
        f"VALUES (?, {', '.join('?' for _ in FTS_COLUMNS)})",
        [report_id, *(_cell(names.get(c, rep.get(c))) for c in FTS_COLUMNS)])


def delete_rows(conn: sqlite3.Connection, doc_id: int) -> None:
    """Delete every report row of document ``doc_id`` (and its full-text entries)."""
    conn.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN "
                 "(SELECT id FROM reports WHERE document_id = ?)", (doc_id,))
    for table in ROW_TABLES:
        conn.execute(f"DELETE FROM {table.name} WHERE document_id = ?", (doc_id,))
