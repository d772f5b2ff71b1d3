"""Corpus throughput: documents/s and pages/s for 1 and 2 workers, the no-change re-run
time, and peak memory per worker.

The corpus is ``corpus/samples`` copied ``COPIES`` times (a copy is a document of its
own: the database keys documents by path). The no-change re-run is also timed on a
folder of ``NO_CHANGE_DOCS`` files ingested once with a stub task, since that re-run
never calls the task: it measures the scan, the stat comparison and the database.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from selfeval.corpus.ingest import build

from tests.data_paths import SAMPLES

#: Copies of the sample corpus per throughput run (5 samples × 2 = 10 documents; the
#: scanned sample's OCR dominates: ~1.5 minutes per worker count on 2 cores).
COPIES = 2

#: Documents in the no-change re-run timing (the issue's unit: per thousand).
NO_CHANGE_DOCS = 1000


def stub_task(path: str) -> dict[str, Any]:
    """A record with no reports, made without reading the file."""
    return {"source": {"path": path, "format": "pdf", "pages": 1}, "reports": [],
            "skipped": [], "errors": []}


def _corpus(folder: Path) -> Path:
    for i in range(COPIES):
        target = folder / f"copy{i}"
        target.mkdir(parents=True)
        for doc in SAMPLES.iterdir():
            if doc.is_file():
                shutil.copy(doc, target / doc.name)
    return folder


def _timed_build(*args: Any, **kwargs: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = build(*args, **kwargs)
    return time.perf_counter() - start, result


def _per_reader(db: Path) -> str:
    """Mean seconds per document by the reader that produced its reports (1 worker)."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT r.extractor, COUNT(*), AVG(d.seconds)"
            " FROM documents d JOIN (SELECT DISTINCT document_id, extractor FROM reports) r"
            " ON r.document_id = d.id GROUP BY r.extractor ORDER BY r.extractor"
        ).fetchall()
    finally:
        conn.close()
    return "per reader (1 worker): " + ", ".join(
        f"{ext} {secs:.2f} s/doc ({n} docs)" for ext, n, secs in rows)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus = _corpus(root / "in")
        n_docs = sum(1 for p in corpus.rglob("*") if p.is_file())
        print(f"corpus: {n_docs} documents ({COPIES} copies of corpus/samples)")
        print(f"{'workers':>7} {'docs/s':>8} {'pages/s':>8} {'seconds':>8} {'failed':>6} "
              f"{'peak RSS/worker':>16}")
        for workers in (1, 2):
            db = root / f"w{workers}.db"
            seconds, result = _timed_build(corpus, db, workers=workers)
            docs = result.counts["new"]
            print(f"{workers:>7} {docs / seconds:>8.2f} {result.pages / seconds:>8.2f} "
                  f"{seconds:>8.1f} {result.counts['failed']:>6} "
                  f"{result.peak_rss / 1024**2:>13.0f} MiB")
        print(_per_reader(root / "w1.db"))
        seconds, result = _timed_build(corpus, root / "w2.db", workers=2)
        assert result.counts["unchanged"] == n_docs
        print(f"no-change re-run of the {n_docs} documents: {seconds * 1000:.0f} ms")

        many = root / "many"
        many.mkdir()
        for i in range(NO_CHANGE_DOCS):
            (many / f"d{i:04d}.pdf").write_bytes(b"%PDF-1.4\n%" + str(i).encode())
        _timed_build(many, root / "many.db", workers=2, task=stub_task)
        seconds, result = _timed_build(many, root / "many.db", workers=2, task=stub_task)
        assert result.counts["unchanged"] == NO_CHANGE_DOCS
        print(f"no-change re-run of {NO_CHANGE_DOCS} documents: {seconds * 1000:.0f} ms")


if __name__ == "__main__":
    main()
