"""Measurements that :mod:`bench.bench_speed` runs each in a fresh interpreter, so that
none inherits another's state (an OCR engine's threads, a Dask client's event loop, a
heap grown by an earlier reading); each prints one JSON object on stdout.

    python -m bench.probes build FOLDER DB WORKERS [SCHEDULER]
    python -m bench.probes scans FILE...
    python -m bench.probes read FILE
    python -m bench.probes plumber FILE
    python -m bench.probes cluster          (prints the address, runs until stdin closes)
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any


def build(folder: str, db: str, workers: str, scheduler: str | None = None) -> dict[str, Any]:
    """A corpus build: its wall seconds and what it read."""
    from selfeval.corpus.ingest import build as build_corpus

    start = time.perf_counter()
    result = build_corpus(folder, db, workers=int(workers), scheduler=scheduler)
    return {"seconds": time.perf_counter() - start, "pages": result.pages,
            "docs": result.counts["new"], "failed": result.counts["failed"]}


def scans(*files: str) -> dict[str, Any]:
    """The whole pipeline in this process on each file, the OCR engine built (and its
    first page read) beforehand: seconds per page of a warm engine."""
    from selfeval.corpus.pipeline import process_file

    process_file(files[0])  # builds the engine
    start = time.perf_counter()
    pages = sum(process_file(f).source.pages or 0 for f in files)
    return {"seconds": time.perf_counter() - start, "pages": pages}


def read(path: str) -> dict[str, Any]:
    """Read a PDF's items and throw them away: seconds, this process's resident memory
    before, and its peak while reading (the peak is reset first, so the imports' own
    peak does not hide the reading's)."""
    from selfeval.extract import read_document

    before = _status_kib("VmRSS")
    with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
        fh.write("5")  # resets VmHWM to the current resident size
    start = time.perf_counter()
    raw = read_document(path)
    for _ in raw.items:
        pass
    return {"seconds": time.perf_counter() - start, "pages": raw.pages,
            "peak_rss": _status_kib("VmHWM") * 1024, "rss_before": before * 1024}


def plumber(path: str) -> dict[str, Any]:
    """pdfplumber's ``extract_tables()`` on every page: the command line it is compared with."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
    return {}


def cluster() -> dict[str, Any]:
    """A local Dask cluster of 2 worker processes (1 thread each, not daemonic, so they
    can start document children) on loopback; runs until stdin closes."""
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.worker.daemon": False}), LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None,
    ) as running:
        print(json.dumps({"address": running.scheduler_address}), flush=True)
        sys.stdin.read()
    return {}


def _status_kib(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


PROBES = {"build": build, "scans": scans, "read": read, "plumber": plumber, "cluster": cluster}


def main(argv: list[str]) -> int:
    name, *args = argv
    print(json.dumps(PROBES[name](*args)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
