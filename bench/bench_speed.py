"""Issue 14's speed table: every comparison measured in one run, the sides taking turns
(:data:`ROUNDS` rounds, medians), printed as ratios beside their targets, so that the
ratios hold on a busy machine even where the absolute numbers do not.

- Text PDFs (the text fixtures): selfeval's read + normalise + score in this process vs
  pdfplumber's ``extract_tables()`` alone and camelot lattice alone; ``selfeval
  extract`` from the command line vs pdfplumber in a fresh interpreter.
- Scans (copies of the scanned fixtures): a corpus build with 1 and 2 workers vs the
  pipeline in one process with its OCR engine already built: each document's cost in
  the build against in-process seconds per page times its pages, and the throughput of
  2 workers against 1.
- Dask vs local: ``corpus/samples`` built by 2 local workers and by a Dask cluster of
  2 worker processes on this machine; the two databases must be equal.
- A 1,000-page text PDF against a 100-page one: seconds per page and peak memory.

Corpus builds, the in-process scans, the long reads and the cluster run each in a
fresh interpreter (:mod:`bench.probes`).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.bench_text_pdf import _camelot, _pages, _pdfplumber, _selfeval, long_pdf, text_pdfs
from tests.data_paths import DOCS, ROOT, SAMPLES
from tests.test_corpus_fakes import canonical_dump

#: Rounds of every measurement; the median of each is reported. Two keep ``make
#: bench`` to about five minutes on the 2-core machine.
ROUNDS = 2
#: Copies of the two scanned fixtures (2 + 3 pages) in the scan-heavy folder.
SCAN_COPIES = 2
SCANS = ("000_qiannan-r3_scanned.pdf", "002_qnjinrong_scanned.pdf")
#: The long PDF: this fixture's 5 pages repeated, to 100 and to 1,000 pages.
LONG_SOURCE = "001_longgang_docx-pdf.pdf"
LONG_PAGES = (100, 1000)

SELFEVAL = str(Path(sys.executable).with_name("selfeval"))
#: pdfplumber's own command line (``pdfplumber FILE``: every page's objects as CSV),
#: the comparison issue 14's target names.
PDFPLUMBER = str(Path(sys.executable).with_name("pdfplumber"))


def _probe(*args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "bench.probes", *args], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.splitlines()[-1]))


def _seconds(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


@contextmanager
def _dask_cluster() -> Iterator[str]:
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    proc = subprocess.Popen([sys.executable, "-m", "bench.probes", "cluster"], cwd=ROOT,
                            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        yield str(json.loads(proc.stdout.readline())["address"])
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(60)


def _doc_seconds(db: Path) -> float:
    conn = sqlite3.connect(db)
    try:
        return float(conn.execute("SELECT SUM(seconds) FROM documents").fetchone()[0])
    finally:
        conn.close()


def _copy(files: list[Path], folder: Path, copies: int) -> Path:
    for i in range(copies):
        (folder / f"copy{i}").mkdir(parents=True)
        for path in files:
            shutil.copy(path, folder / f"copy{i}" / path.name)
    return folder


class _Runs:
    """Each measurement's values over the rounds."""

    def __init__(self) -> None:
        self.values: dict[str, list[float]] = defaultdict(list)

    def add(self, name: str, value: float) -> None:
        self.values[name].append(value)

    def __getitem__(self, name: str) -> float:
        return statistics.median(self.values[name])


def _round(runs: _Runs, tmp: Path, round_no: int, scan_dir: Path, samples: Path,
           scheduler: str) -> None:
    docs = text_pdfs()
    runs.add("text", _seconds(lambda: [_selfeval(d) for d in docs]))
    runs.add("plumber", _seconds(lambda: [_pdfplumber(d) for d in docs]))
    runs.add("camelot", _seconds(lambda: [_camelot(d) for d in docs]))
    runs.add("cli", _seconds(lambda: [subprocess.run(
        [SELFEVAL, "extract", str(d), "--format", "json"], stdout=subprocess.DEVNULL,
        check=True) for d in docs]))
    runs.add("cli plumber", _seconds(lambda: [_probe("plumber", str(d)) for d in docs]))
    runs.add("cli pdfplumber", _seconds(lambda: [subprocess.run(
        [PDFPLUMBER, str(d)], stdout=subprocess.DEVNULL, check=True) for d in docs]))
    inproc = _probe("scans", *(str(p) for p in sorted(scan_dir.rglob("*.pdf"))))
    runs.add("scan in-process", inproc["seconds"] / inproc["pages"])
    for workers in (1, 2):
        db = tmp / f"scan-w{workers}-r{round_no}.db"
        built = _probe("build", str(scan_dir), str(db), str(workers))
        runs.add(f"scan w{workers}", built["seconds"] / built["pages"])
        runs.add(f"scan w{workers} doc", _doc_seconds(db) / built["pages"])
        runs.add("scan pages", built["pages"])
    for name, where in (("local", None), ("dask", scheduler)):
        db = tmp / f"{name}-r{round_no}.db"
        built = _probe("build", str(samples), str(db), "2", *([where] if where else []))
        runs.add(name, built["seconds"])
        runs.add(f"{name} failed", built["failed"])


def _long_reads(tmp: Path) -> list[tuple[int, dict[str, Any]]]:
    source = DOCS / LONG_SOURCE
    out = []
    for pages in LONG_PAGES:
        path = tmp / f"long{pages}.pdf"
        long_pdf(source, pages // _pages(source), path)
        out.append((pages, _probe("read", str(path))))
    return out


def _row(label: str, value: str, ratio: str = "", target: str = "") -> None:
    print(f"  {label:<44} {value:>11}  {ratio:<34} {target}")


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        scan_dir = _copy([DOCS / s for s in SCANS], tmp / "scans", SCAN_COPIES)
        samples = _copy(sorted(p for p in SAMPLES.iterdir() if p.is_file()), tmp / "samples", 1)
        runs = _Runs()
        with _dask_cluster() as scheduler:
            for round_no in range(ROUNDS):
                _round(runs, tmp, round_no, scan_dir, samples, scheduler)
        same = canonical_dump(tmp / "local-r0.db") == canonical_dump(tmp / "dask-r0.db")
        longs = _long_reads(tmp)
    _report(runs, same, longs)


def _report(runs: _Runs, same: bool, longs: list[tuple[int, dict[str, Any]]]) -> None:
    docs = text_pdfs()
    pages = sum(_pages(d) for d in docs)
    load = os.getloadavg()[0]
    print(f"one interleaved run: {ROUNDS} rounds, medians; {os.cpu_count()} cores, "
          f"load average {load:.1f} at the end")
    print(f"text PDFs ({len(docs)} files, {pages} pages)          ms/page")
    ours, plumber, cam = (runs[k] / pages * 1000 for k in ("text", "plumber", "camelot"))
    cli, cli_pdfplumber, cli_plumber = (
        runs[k] / pages * 1000 for k in ("cli", "cli pdfplumber", "cli plumber"))
    _row("selfeval in-process (read+normalise+score)", f"{ours:.1f}")
    _row("pdfplumber extract_tables() in-process", f"{plumber:.1f}",
         f"selfeval/pdfplumber = {ours / plumber:.2f}", "target <= 0.3")
    _row("camelot lattice in-process", f"{cam:.1f}",
         f"camelot/selfeval = {cam / ours:.1f}x", "target >= 20x")
    _row("selfeval extract FILE (command line)", f"{cli:.1f}")
    _row("pdfplumber FILE (its command line)", f"{cli_pdfplumber:.1f}",
         f"selfeval/pdfplumber = {cli / cli_pdfplumber:.2f}", "target <= 0.5")
    _row("extract_tables() alone, fresh interpreter", f"{cli_plumber:.1f}",
         f"selfeval/pdfplumber = {cli / cli_plumber:.2f}", "(stricter)")
    scan_pages = int(runs["scan pages"])
    print(f"scans ({SCAN_COPIES} copies of {len(SCANS)} scanned fixtures, {scan_pages} pages)"
          f"   s/page")
    inproc = runs["scan in-process"]
    _row("in-process, engine built", f"{inproc:.2f}")
    for workers in (1, 2):
        doc = runs[f"scan w{workers} doc"]
        _row(f"corpus build, {workers} worker{'s' if workers > 1 else ''} (wall)",
             f"{runs[f'scan w{workers}']:.2f}",
             f"per-document cost / in-process = {doc / inproc:.2f}",
             "target <= 1.3" if workers == 1 else "")
    _row("", "", f"throughput 2 workers / 1 = {runs['scan w1'] / runs['scan w2']:.2f}",
         "target >= 1.6")
    print("Dask vs local (corpus/samples, 2 workers)          seconds")
    _row("local --workers 2", f"{runs['local']:.2f}")
    _row("Dask, 2 worker processes", f"{runs['dask']:.2f}",
         f"Dask/local = {runs['dask'] / runs['local']:.2f}", "target <= 1.15")
    _row("", "", f"same database: {'yes' if same else 'NO'}; failed: "
         f"{runs['local failed']:.0f} local, {runs['dask failed']:.0f} Dask")
    print("long text PDF (read in a fresh process)            ms/page   peak RSS")
    for pages, read in longs:
        _row(f"{pages:,} pages", f"{read['seconds'] / pages * 1000:.1f}",
             f"{read['peak_rss'] / 2**20:.0f} MiB (start {read['rss_before'] / 2**20:.0f} MiB)")
    (small, first), (big, last) = longs
    _row("", "", f"peak RSS {big:,} / {small:,} pages = "
         f"{last['peak_rss'] / first['peak_rss']:.2f}", "flat: ~1")


if __name__ == "__main__":
    main()
