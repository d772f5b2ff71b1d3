"""The summary printed at the end of ``corpus build``: this run, then the database."""

from __future__ import annotations

import sqlite3

from selfeval.corpus.ingest import BuildResult

#: Failures listed one per line in the summary; past this many only the count is shown
#: (a nightly log should stay readable when a bad batch fails by the hundred).
MAX_LISTED_FAILURES = 50


def build_summary(conn: sqlite3.Connection, result: BuildResult) -> str:
    """Return the end-of-run summary: documents by outcome, reports, flags by rule, failures."""
    c = result.counts
    lines = [
        "documents: "
        + ", ".join(f"{c.get(k, 0)} {k}" for k in ("new", "changed", "unchanged", "removed",
                                                  "failed"))
    ]
    by_status = dict(conn.execute("SELECT status, COUNT(*) FROM documents GROUP BY status"))
    n_reports = conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
    lines.append(
        "database: "
        + ", ".join(f"{by_status.get(k, 0)} {k}" for k in ("ok", "failed", "removed"))
        + f" documents, {n_reports} reports"
    )
    rules = conn.execute(
        "SELECT rule, severity, COUNT(*) FROM flags GROUP BY rule, severity"
        " ORDER BY COUNT(*) DESC, rule"
    ).fetchall()
    lines.append(f"flags by rule: {'none' if not rules else ''}".rstrip())
    lines += [f"  {rule} ({severity}): {n}" for rule, severity, n in rules]
    failed = conn.execute(
        "SELECT path, error FROM documents WHERE status = 'failed' ORDER BY path"
    ).fetchall()
    if failed:
        lines.append(f"failures: {len(failed)}")
        lines += [f"  {path}: {error}" for path, error in failed[:MAX_LISTED_FAILURES]]
        if len(failed) > MAX_LISTED_FAILURES:
            more = len(failed) - MAX_LISTED_FAILURES
            lines.append(f"  … and {more} more (see the documents table)")
    return "\n".join(lines)
