"""The corpus database: SQLite in WAL mode, one transaction per document.

Tables (integer primary keys, declared foreign keys, plain column types, so Datasette
and sqlite-utils open it as it is), described once in :mod:`selfeval.corpus.layout`
and created or migrated by :mod:`selfeval.corpus.migrate` (docs/database.md):

- ``runs``: one row per ``corpus build`` (when, where from, counts).
- ``documents``: one row per file under the corpus folder, keyed by its path relative
  to that folder; ``status`` is ``ok``, ``failed`` (``error`` says why) or ``removed``.
- ``reports``: one row per report found in a document (``record_json`` keeps the whole
  record, evidence fields included, so a renderer can re-score or re-render it).
- ``funds``, ``indicators``, ``flags``: rows of a report, each carrying ``report_id``,
  ``document_id`` and the 1-based ``page`` it is printed on (null for DOCX); written by
  :mod:`selfeval.corpus.rows`.
- ``rules``: what each rule a flag can name means; views ``flag_details``,
  ``report_overview``, ``agency_summary``; the full-text index ``reports_fts``.

A document's rows are replaced in one transaction (delete old, insert new, update the
document row), so killing the writer at any moment leaves each document either as it
was or as it is now; the next run finds the unfinished ones by their size and hash.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selfeval.corpus import layout, migrate
from selfeval.corpus.rows import delete_rows, insert_report, to_json
from selfeval.extract.errors import SelfevalError, with_detail

#: Tables in the order a reader would browse them (and exports write them).
TABLES = tuple(t.name for t in layout.TABLES)

#: Seconds to wait for a lock whose holder is dead: the children of a killed run get
#: SIGKILL with it and let go within milliseconds; 5 s is ample on a loaded machine.
_DEAD_HOLDER_WAIT_S = 5.0


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
    """Open (creating if needed) the corpus database in WAL mode with foreign keys on, its
    layout created or migrated in place (:mod:`selfeval.corpus.migrate`)."""
    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(db_path), isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL is durable against a killed process in WAL mode; only power loss can
        # drop the last transactions, and even then the database stays consistent.
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        migrate.prepare(conn, str(db_path))
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise SelfevalError(str(db_path), with_detail("not a usable corpus database", exc)) from exc
    except SelfevalError:
        conn.close()
        raise
    return conn


def bring_up_to_date(db_path: str | Path) -> None:
    """Migrate the database at ``db_path`` if it is not at this version's layout; a
    current one is only read (a reader never waits for a running build's writes)."""
    conn = sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True)
    try:
        current = migrate.is_current(conn)
    except sqlite3.DatabaseError as exc:
        raise SelfevalError(str(db_path), with_detail("not a usable corpus database", exc)) from exc
    finally:
        conn.close()
    if not current:
        connect(db_path).close()


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
            delete_rows(conn, doc_id)
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
        delete_rows(conn, doc_id)
        conn.execute(
            "UPDATE documents SET sha256 = ?, size = ?, mtime_ns = ?, format = ?, pages = ?,"
            " status = ?, error = ?, n_reports = ?, seconds = ?, peak_rss = ?,"
            " processed_at = ?, run_id = ?, skipped_json = ?, errors_json = ? WHERE id = ?",
            (
                state.sha256, state.size, state.mtime_ns, source.get("format"),
                source.get("pages"), "failed" if error else "ok", error, len(reports),
                round(seconds, 3), peak_rss or None, now(), run_id,
                to_json(record.get("skipped")) if record else None,
                to_json(record.get("errors")) if record else None,
                doc_id,
            ),
        )
        for seq, report in enumerate(reports):
            insert_report(conn, doc_id, seq, report)


def _document_id(conn: sqlite3.Connection, path: str) -> int | None:
    row = conn.execute("SELECT id FROM documents WHERE path = ?", (path,)).fetchone()
    return None if row is None else int(row[0])
