"""``corpus build``: bring the database in line with a folder of documents.

1. List the folder's documents (:mod:`selfeval.corpus.listing`: regular files only,
   no link out of the folder) and ``stat`` each. A name that is not read (a FIFO, a
   link out) is recorded as failed with the reason, without being opened.
2. Plan: a file whose size and mtime match the database is unchanged without being
   opened; otherwise it is hashed, and only a new hash (or a new file) is read again.
   (Like make and rsync, this trusts mtime: a rewrite that keeps both the size and the
   nanosecond mtime goes unseen until ``--force``.)
   Documents no longer on disk are marked ``removed``.
3. Read the planned files, biggest first, in isolated workers (local processes, or a
   Dask cluster), writing each one's rows in one transaction as soon as it comes back.

One database mirrors one folder: paths are stored relative to it, as
:func:`selfeval.corpus.names.shown_name` writes them.
"""

from __future__ import annotations

import os
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from selfeval.corpus import store
from selfeval.corpus.listing import Entry, Listing, list_documents
from selfeval.corpus.names import shown_name
from selfeval.corpus.ocr_service import OcrService
from selfeval.corpus.progress import Progress
from selfeval.corpus.task import preload, read_record
from selfeval.corpus.thread_caps import cores, share_cores
from selfeval.corpus.workers import DEFAULT_LIMITS, Limits, Outcome, Task, run_isolated
from selfeval.extract.errors import SelfevalError, with_detail
from selfeval.extract.limits import MAX_FILE_BYTES
from selfeval.extract.regular_file import file_sha256


@dataclass(frozen=True)
class Planned:
    """A file to read: its state on disk, where to open it, and ``new`` or ``changed``."""

    state: store.FileState
    path: Path
    kind: str


@dataclass(frozen=True)
class Plan:
    """What a build has to do."""

    to_read: tuple[Planned, ...]
    #: Files whose content is unchanged but whose stat changed (the database is updated).
    touched: tuple[store.FileState, ...]
    unchanged: int
    removed: tuple[str, ...]


@dataclass
class BuildResult:
    """What a build did: counts by kind and this run's failures (path, reason)."""

    counts: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    pages: int = 0
    peak_rss: int = 0


def _planning_hash(entry: Entry) -> str | None:
    """The file's hash, or None where the worker will say why it has none: the file is
    over the size limit (it is refused without being read, so it is not hashed either),
    unreadable, gone, or no longer a regular file."""
    if entry.stat.st_size > MAX_FILE_BYTES:
        return None
    try:
        return file_sha256(entry.path)
    except OSError:
        return None


def plan_build(
    listing: Listing, known: dict[str, store.Known],
    force: bool = False,
    retry_failed: bool = False,
) -> Plan:
    """Decide which files to read, which are unchanged and which were removed.

    ``force`` reads every file again; ``retry_failed`` reads again the files that failed
    last time even if unchanged (after an upgrade of selfeval, or a raised limit).
    A refused name (:attr:`Listing.refused`) is neither read nor removed.
    """
    to_read: list[Planned] = []
    touched: list[store.FileState] = []
    unchanged = 0
    for rel, entry in listing.documents.items():
        st = entry.stat
        old = known.get(rel)
        # A removed (or never finished) document is read again even if it came back as it was.
        if old is None or old.status not in ("ok", "failed"):
            old = None
        again = force or (retry_failed and old is not None and old.status == "failed")
        if not again and old and (old.size, old.mtime_ns) == (st.st_size, st.st_mtime_ns):
            unchanged += 1
            continue
        digest = _planning_hash(entry)
        state = store.FileState(rel, st.st_size, st.st_mtime_ns, digest)
        if not again and old and digest is not None and old.sha256 == digest:
            unchanged += 1
            touched.append(state)
            continue
        to_read.append(Planned(state, entry.path, "new" if old is None else "changed"))
    present = listing.documents.keys() | listing.refused.keys()
    removed = tuple(p for p, k in known.items() if p not in present and k.status != "removed")
    return Plan(tuple(to_read), tuple(touched), unchanged, removed)


def reading_order(to_read: tuple[Planned, ...]) -> list[Planned]:
    """The files to read, biggest first (ties in path order).

    The bytes are the one measure of a document's cost known before it is read (a
    scanned page is ~200 KB and seconds of OCR; a DOCX or a text page a few KB and
    milliseconds), and starting the long ones first leaves the short ones to fill the
    workers at the end, instead of one long document running alone on one worker's
    share of the cores. On the bench's scan folder (2 copies each of a 2-page and a
    3-page scan, 2 workers) path order left a 3-page scan alone for its last 2 pages.
    """
    return sorted(to_read, key=lambda planned: -planned.state.size)


def _outcomes(
    plan: Plan, task: Task, workers: int, limits: Limits, scheduler: str | None,
) -> Iterator[Outcome]:
    paths = [str(planned.path) for planned in reading_order(plan.to_read)]  # absolute
    if scheduler:
        from selfeval.corpus.dask_runner import run_on_dask

        return run_on_dask(scheduler, paths, task, limits)
    return _run_local(paths, task, workers, limits)


def _run_local(paths: list[str], task: Task, workers: int, limits: Limits) -> Iterator[Outcome]:
    """Read ``paths`` in ``workers`` children at a time on this machine, the cores shared
    among them, their scanned pages read by one OCR service for the run (one model) that
    reads as many requests at once as there are workers, each with their share of the
    cores (docs/ocr.md, "One model per run", has the measurements that chose this)."""
    if not paths:
        return
    preload()
    share = share_cores(workers)
    with OcrService(share, limits.max_memory, lanes=workers) as ocr:
        yield from run_isolated(paths, task, workers, replace(limits, threads=share), ocr=ocr)


def _read_state(state: store.FileState, out: Outcome) -> store.FileState:
    """Return ``state`` with the hash of the bytes the worker read (its record's
    ``source.sha256``), not the planner's: a file swapped between the two is stored
    under the hash of what was read, so the next run sees the change."""
    digest = ((out.result or {}).get("source") or {}).get("sha256")
    return replace(state, sha256=digest) if isinstance(digest, str) and digest else state


def _save(conn: sqlite3.Connection, run_id: int, state: store.FileState, out: Outcome) -> Outcome:
    """Write one outcome; a record the database cannot take fails that document alone."""
    state = _read_state(state, out)
    try:
        store.save_document(conn, run_id, state, out.result, out.error, out.seconds, out.peak_rss)
    except (TypeError, ValueError, sqlite3.IntegrityError, sqlite3.InterfaceError) as exc:
        out = replace(out, result=None,
                      error=with_detail("could not be stored in the database", exc))
        store.save_document(conn, run_id, state, None, out.error, out.seconds, out.peak_rss)
    return out


def _record_refused(conn: sqlite3.Connection, run_id: int, listing: Listing,
                    known: dict[str, store.Known], result: BuildResult) -> None:
    """Record each refused name as a failed document with its reason (unless the
    database already has it failed with the same ``stat``); none is opened."""
    for rel, refused in listing.refused.items():
        st = refused.stat
        old = known.get(rel)
        if old and old.status == "failed" and (old.size, old.mtime_ns) == (st.st_size,
                                                                           st.st_mtime_ns):
            result.counts["unchanged"] += 1
            continue
        state = store.FileState(rel, st.st_size, st.st_mtime_ns, None)
        store.save_document(conn, run_id, state, None, refused.reason, 0.0, 0)
        result.counts["new" if old is None else "changed"] += 1
        result.counts["failed"] += 1
        result.failures.append((rel, refused.reason))


def build(
    in_dir: str | Path,
    db_path: str | Path,
    workers: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
    scheduler: str | None = None,
    task: Task = read_record,
    progress: TextIO | None = None,
    force: bool = False,
    retry_failed: bool = False,
) -> BuildResult:
    """Bring the database at ``db_path`` in line with the documents under ``in_dir``.

    Raises :class:`selfeval.corpus.store.DatabaseBusy` if another build holds the database.
    """
    n_workers = workers or cores()
    result = BuildResult()
    # Listed before the database is touched: a wrong folder changes nothing.
    listing = list_documents(in_dir)
    with store.build_lock(db_path):
        conn = store.connect(db_path)
        try:
            known = store.known_documents(conn)
            live = sum(1 for k in known.values() if k.status != "removed")
            if not listing.documents and not listing.refused and live:
                raise SelfevalError(str(in_dir), f"holds no documents, but the database has "
                                    f"{live}: not marking them all removed (is the folder "
                                    "mounted?). Delete the database to start over.")
            run_id = store.begin_run(conn, shown_name(os.path.realpath(in_dir)), n_workers,
                                     scheduler)
            plan = plan_build(listing, known, force, retry_failed)
            for state in plan.touched:
                store.touch_document(conn, state)
            store.mark_removed(conn, list(plan.removed))
            _record_refused(conn, run_id, listing, known, result)
            result.counts["unchanged"] += plan.unchanged
            result.counts["removed"] = len(plan.removed)
            planned = {str(p.path): p for p in plan.to_read}
            meter = Progress(len(planned), progress)
            for out in _outcomes(plan, task, n_workers, limits, scheduler):
                state, kind = planned[out.path].state, planned[out.path].kind
                out = _save(conn, run_id, state, out)
                result.counts[kind] += 1
                result.peak_rss = max(result.peak_rss, out.peak_rss)
                if out.error:
                    result.counts["failed"] += 1
                    result.failures.append((state.path, out.error))
                else:
                    result.pages += int(((out.result or {}).get("source") or {}).get("pages") or 0)
                meter.advance(failed=out.error is not None)
            meter.close()
            store.finish_run(conn, run_id, dict(result.counts))
        finally:
            conn.close()
    return result
