"""The corpus database: SQLite in WAL mode, one transaction per document.

Tables (integer primary keys, declared foreign keys, plain column types, so Datasette
and sqlite-utils open it as it is):

- ``runs``: one row per ``corpus build`` (when, where from, counts).
- ``documents``: one row per file under the corpus folder, keyed by its path relative
  to that folder; ``status`` is ``ok``, ``failed`` (``error`` says why) or ``removed``.
- ``reports``: one row per report found in a document (``record_json`` keeps the whole
  record, evidence fields included, so a renderer can re-score or re-render it).
- ``funds``, ``indicators``, ``flags``: rows of a report, each carrying ``report_id``,
  ``document_id`` and the 1-based ``page`` it is printed on (null for DOCX).

A document's rows are replaced in one transaction (delete old, insert new, update the
document row), so killing the writer at any moment leaves each document either as it
was or as it is now; the next run finds the unfinished ones by their size and hash.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selfeval.extract.errors import SelfevalError, with_detail

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    pid INTEGER,
    in_dir TEXT,
    workers INTEGER,
    scheduler TEXT,
    new INTEGER, changed INTEGER, unchanged INTEGER, removed INTEGER, failed INTEGER
);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    sha256 TEXT,
    size INTEGER,
    mtime_ns INTEGER,
    format TEXT,
    pages INTEGER,
    status TEXT NOT NULL,
    error TEXT,
    n_reports INTEGER,
    seconds REAL,
    peak_rss INTEGER,
    processed_at TEXT,
    run_id INTEGER REFERENCES runs(id),
    skipped_json TEXT,
    errors_json TEXT
);
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    seq INTEGER NOT NULL,
    form TEXT, title TEXT, year INTEGER, agency TEXT, department TEXT,
    project TEXT, project_code TEXT, filled_on TEXT, contact TEXT, phone TEXT,
    money_unit TEXT, goal_expected TEXT, goal_actual TEXT,
    total_weight REAL, total_score REAL, conclusion TEXT,
    first_page INTEGER, pages TEXT, extractor TEXT,
    n_errors INTEGER, n_warnings INTEGER, n_infos INTEGER,
    record_json TEXT NOT NULL,
    UNIQUE (document_id, seq)
);
CREATE TABLE IF NOT EXISTS funds (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    seq INTEGER NOT NULL,
    label TEXT, kind TEXT,
    initial_budget REAL, budget REAL, executed REAL, weight REAL, rate REAL, score REAL,
    page INTEGER
);
CREATE TABLE IF NOT EXISTS indicators (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    seq INTEGER NOT NULL,
    level1 TEXT, level2 TEXT, name TEXT, target TEXT, actual TEXT,
    weight REAL, score REAL, reason TEXT, measure TEXT, explanation TEXT,
    target_op TEXT, target_value REAL, target_unit TEXT,
    actual_op TEXT, actual_value REAL, actual_unit TEXT,
    page INTEGER
);
CREATE TABLE IF NOT EXISTS flags (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    seq INTEGER NOT NULL,
    rule TEXT, severity TEXT, message TEXT,
    expected, reported,
    page INTEGER, field TEXT, indicator TEXT, profile TEXT
);
CREATE INDEX IF NOT EXISTS reports_document ON reports(document_id);
CREATE INDEX IF NOT EXISTS funds_report ON funds(report_id);
CREATE INDEX IF NOT EXISTS indicators_report ON indicators(report_id);
CREATE INDEX IF NOT EXISTS flags_report ON flags(report_id);
CREATE INDEX IF NOT EXISTS flags_rule ON flags(rule);
"""

#: Tables in the order a reader would browse them (and exports write them).
TABLES = ("documents", "reports", "funds", "indicators", "flags", "runs")

#: Seconds to wait for a lock whose holder is dead: the children of a killed run get
#: SIGKILL with it and let go within milliseconds; 5 s is ample on a loaded machine.
_DEAD_HOLDER_WAIT_S = 5.0

#: Child tables of a document, deleted before its new rows go in.
_ROW_TABLES = ("flags", "indicators", "funds", "reports")


class DatabaseBusy(SelfevalError):
    """Another ``corpus build`` holds the database."""


@dataclass(frozen=True)
class Known:
    """What the database remembers of a file: enough to tell it is unchanged."""

    size: int | None
    mtime_ns: int | None
    sha256: str | None
    status: str


@dataclass(frozen=True)
class FileState:
    """A file as found on disk: its path relative to the corpus folder, size, mtime, hash."""

    path: str
    size: int
    mtime_ns: int
    #: None when the file could not be read to hash it (its read fails and says why).
    sha256: str | None


def now() -> str:
    """Return the current UTC time as ISO 8601 (seconds)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def connect(db_path: str | Path) -> sqlite3.Connection:
    """Open (creating if needed) the corpus database in WAL mode with foreign keys on."""
    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(db_path), isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL is durable against a killed process in WAL mode; only power loss can
        # drop the last transactions, and even then the database stays consistent.
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.executescript(SCHEMA)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise SelfevalError(str(db_path), with_detail("not a usable corpus database", exc)) from exc
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run the block in one ``BEGIN IMMEDIATE`` … ``COMMIT`` (rolled back on error)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextmanager
def build_lock(db_path: str | Path) -> Iterator[None]:
    """Hold ``DB.lock`` for a build; refuse with :class:`DatabaseBusy` if another run has it.

    ``flock`` is released by the kernel when its holder dies, even by ``kill -9``, so a
    crashed run never leaves a stale lock behind.
    """
    lock_path = Path(str(db_path) + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if not _try_lock(fd):
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            raise DatabaseBusy(
                str(db_path), f"DB is being built by another run (pid {holder})"
            )
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


def _alive(pid_text: str) -> bool:
    try:
        os.kill(int(pid_text), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def _try_lock(fd: int) -> bool:
    """Take the lock if free. If its recorded holder is dead, its children (killed with
    it) may hold the file for a moment longer: wait for them, briefly."""
    deadline = time.monotonic() + _DEAD_HOLDER_WAIT_S
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
            if _alive(holder) or time.monotonic() > deadline:
                return False
            time.sleep(0.05)


def known_documents(conn: sqlite3.Connection) -> dict[str, Known]:
    """Return every document row's stat, hash and status, by path."""
    rows = conn.execute("SELECT path, size, mtime_ns, sha256, status FROM documents")
    return {r[0]: Known(r[1], r[2], r[3], r[4]) for r in rows}


def begin_run(conn: sqlite3.Connection, in_dir: str, workers: int, scheduler: str | None) -> int:
    """Record a new run (and close the record of any run that was killed) and return its id."""
    with transaction(conn):
        conn.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
        cur = conn.execute(
            "INSERT INTO runs (started_at, status, pid, in_dir, workers, scheduler)"
            " VALUES (?, 'running', ?, ?, ?, ?)",
            (now(), os.getpid(), in_dir, workers, scheduler),
        )
    assert cur.lastrowid is not None
    return cur.lastrowid


def finish_run(conn: sqlite3.Connection, run_id: int, counts: dict[str, int]) -> None:
    """Close the run's record with its counts."""
    with transaction(conn):
        conn.execute(
            "UPDATE runs SET finished_at = ?, status = 'finished', new = ?, changed = ?,"
            " unchanged = ?, removed = ?, failed = ? WHERE id = ?",
            (now(), counts.get("new", 0), counts.get("changed", 0), counts.get("unchanged", 0),
             counts.get("removed", 0), counts.get("failed", 0), run_id),
        )


def touch_document(conn: sqlite3.Connection, state: FileState) -> None:
    """Record a new size/mtime for a file whose content (hash) did not change."""
    with transaction(conn):
        conn.execute(
            "UPDATE documents SET size = ?, mtime_ns = ? WHERE path = ?",
            (state.size, state.mtime_ns, state.path),
        )


def mark_removed(conn: sqlite3.Connection, paths: list[str]) -> None:
    """Mark documents no longer on disk ``removed`` and delete their report rows.

    The document row stays (path, hash, when it was last seen) so a reader can tell a
    report that disappeared from one that never existed.
    """
    for path in paths:
        with transaction(conn):
            doc_id = _document_id(conn, path)
            if doc_id is None:
                continue
            _delete_rows(conn, doc_id)
            conn.execute(
                "UPDATE documents SET status = 'removed', error = NULL, n_reports = 0"
                " WHERE id = ?",
                (doc_id,),
            )


def save_document(
    conn: sqlite3.Connection,
    run_id: int,
    state: FileState,
    record: dict[str, Any] | None,
    error: str | None,
    seconds: float,
    peak_rss: int,
) -> None:
    """Replace everything known about one file in one transaction.

    ``record`` is the task's plain-data document (None when it failed, with ``error``).
    """
    source = (record or {}).get("source") or {}
    reports = (record or {}).get("reports") or []
    with transaction(conn):
        conn.execute(
            "INSERT INTO documents (path, status) VALUES (?, 'pending')"
            " ON CONFLICT(path) DO NOTHING",
            (state.path,),
        )
        doc_id = _document_id(conn, state.path)
        assert doc_id is not None
        _delete_rows(conn, doc_id)
        conn.execute(
            "UPDATE documents SET sha256 = ?, size = ?, mtime_ns = ?, format = ?, pages = ?,"
            " status = ?, error = ?, n_reports = ?, seconds = ?, peak_rss = ?,"
            " processed_at = ?, run_id = ?, skipped_json = ?, errors_json = ? WHERE id = ?",
            (
                state.sha256, state.size, state.mtime_ns, source.get("format"),
                source.get("pages"), "failed" if error else "ok", error, len(reports),
                round(seconds, 3), peak_rss or None, now(), run_id,
                _json(record.get("skipped")) if record else None,
                _json(record.get("errors")) if record else None,
                doc_id,
            ),
        )
        for seq, report in enumerate(reports):
            _insert_report(conn, doc_id, seq, report)


def _document_id(conn: sqlite3.Connection, path: str) -> int | None:
    row = conn.execute("SELECT id FROM documents WHERE path = ?", (path,)).fetchone()
    return None if row is None else int(row[0])


def _delete_rows(conn: sqlite3.Connection, doc_id: int) -> None:
    for table in _ROW_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (doc_id,))


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _cell(value: Any) -> Any:
    """Return a value SQLite stores as it is (lists and dicts become JSON text)."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    return _json(value)


def _parsed(value: dict[str, Any] | None) -> tuple[Any, Any, Any]:
    if not value:
        return None, None, None
    return value.get("op"), value.get("value"), value.get("unit")


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> int:
    cols = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cur = conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values()))
    assert cur.lastrowid is not None
    return cur.lastrowid


def _insert_report(conn: sqlite3.Connection, doc_id: int, seq: int, rep: dict[str, Any]) -> None:
    flags = rep.get("flags") or []
    severities = [f.get("severity") for f in flags]
    pages = rep.get("pages") or []
    report_id = _insert(conn, "reports", {
        "document_id": doc_id, "seq": seq,
        **{k: _cell(rep.get(k)) for k in (
            "form", "title", "year", "agency", "department", "project", "project_code",
            "filled_on", "contact", "phone", "money_unit", "goal_expected", "goal_actual",
            "total_weight", "total_score", "conclusion", "extractor")},
        "first_page": pages[0] if pages else None,
        "pages": _json(pages),
        "n_errors": severities.count("error"),
        "n_warnings": severities.count("warning"),
        "n_infos": severities.count("info"),
        "record_json": _json(rep),
    })
    keys = {"report_id": report_id, "document_id": doc_id}
    for i, fund in enumerate(rep.get("funds") or []):
        _insert(conn, "funds", {**keys, "seq": i, **{k: _cell(fund.get(k)) for k in (
            "label", "kind", "initial_budget", "budget", "executed", "weight", "rate", "score",
            "page")}})
    for i, ind in enumerate(rep.get("indicators") or []):
        t_op, t_val, t_unit = _parsed(ind.get("target_parsed"))
        a_op, a_val, a_unit = _parsed(ind.get("actual_parsed"))
        _insert(conn, "indicators", {**keys, "seq": i, **{k: _cell(ind.get(k)) for k in (
            "level1", "level2", "name", "target", "actual", "weight", "score", "reason",
            "measure", "explanation", "page")},
            "target_op": t_op, "target_value": t_val, "target_unit": t_unit,
            "actual_op": a_op, "actual_value": a_val, "actual_unit": a_unit})
    for i, flag in enumerate(flags):
        where = flag.get("where") or {}
        _insert(conn, "flags", {**keys, "seq": i, **{k: _cell(flag.get(k)) for k in (
            "rule", "severity", "message", "expected", "reported", "profile")},
            "page": where.get("page"), "field": where.get("field"),
            "indicator": where.get("indicator")})
