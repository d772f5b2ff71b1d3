"""Fake per-document tasks for the corpus machinery tests (no tests here).

A fake reads its instruction from the file's first bytes, so one folder can hold a
document that hangs, one that eats memory, one that crashes the process, and normal
ones whose records are derived from their content.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import time
from pathlib import Path
from typing import Any

from selfeval.extract.errors import DamagedFile


def fake_record(path: str) -> dict[str, Any]:
    """Behave as the file's first word says; otherwise return a record made from it."""
    data = Path(path).read_bytes()
    if data.startswith(b"HANG"):
        time.sleep(3600)
    if data.startswith(b"ALLOC"):
        hog = bytearray(64 * 1024**3)
        return {"never": len(hog)}
    if data.startswith(b"SEGV"):
        os.kill(os.getpid(), signal.SIGSEGV)
    if data.startswith(b"EXIT"):
        os._exit(3)
    if data.startswith(b"BAD"):
        raise DamagedFile(path, "the file is truncated")
    if data.startswith(b"BUG"):
        raise KeyError("oops")
    if data.startswith(b"LAMBDA"):
        return {"unpicklable": lambda: None}
    if data.startswith(b"SLOW"):
        time.sleep(0.2)
    if data.startswith(b"SWAP"):  # replaced by other content after planning, before the read
        data = SWAPPED_IN
        Path(path).write_bytes(data)
    return record_from_text(path, data.decode("utf-8", "replace"),
                            hashlib.sha256(data).hexdigest())


#: What a ``SWAP`` file holds once its worker reads it.
SWAPPED_IN = "丙单位\n3".encode()


def threads_record(path: str) -> dict[str, Any]:
    """A fake record whose agency is the thread caps the document was read under (each
    variable's value), and whose department says whether the child started with the
    pipeline imported (``preloaded``)."""
    import sys

    started_with = set(sys.modules)
    from selfeval.corpus.task import PIPELINE_MODULES
    from selfeval.corpus.thread_caps import THREAD_ENV

    preloaded = started_with.issuperset(PIPELINE_MODULES)
    record = fake_record(path)
    record["reports"][0]["agency"] = ",".join(os.environ.get(n, "unset") for n in THREAD_ENV)
    record["reports"][0]["department"] = "preloaded" if preloaded else "imported late"
    return record


#: Where a fake record's 总分 得分 is printed.
TOTAL_AT = {"page": 1, "box": [400.0, 700.0, 440.0, 712.0]}


def record_from_text(path: str, text: str, sha256: str = "") -> dict[str, Any]:
    """A deterministic record: the first line is the agency, the rest sets the numbers;
    ``sha256`` is the hash of the bytes read."""
    first = text.splitlines()[0] if text else ""
    h = int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)
    score = h % 100
    indicators = [
        {"level1": "产出指标", "level2": "数量指标", "name": f"指标{i}", "target": "≥95%",
         "actual": f"{90 + i}%", "weight": 10, "score": (score + i) % 10, "reason": None,
         "target_parsed": {"op": ">=", "value": 95, "unit": "%"},
         "actual_parsed": {"op": "=", "value": 90 + i, "unit": "%"}, "page": 1}
        for i in range(3)
    ]
    report = {
        "form": "project", "title": "项目支出绩效自评表", "year": 2020 + h % 4,
        "agency": first, "department": None, "project": f"项目{h % 7}", "project_code": None,
        "filled_on": None, "contact": None, "phone": None, "money_unit": "万元",
        "funds": [{"label": "年度资金总额", "kind": "total", "initial_budget": None,
                   "budget": 100, "executed": 99.3, "weight": 10, "rate": 0.993, "score": 9.93,
                   "page": 1}],
        "goal_expected": None, "goal_actual": None, "indicators": indicators,
        "level1_points": {"产出指标": 50}, "total_weight": 100, "total_score": score,
        "conclusion": "优", "pages": [1], "extractor": "fake",
        "flags": [{"rule": "total_mismatch", "severity": "error" if h % 2 else "warning",
                   "message": f"总分得分 {score} ≠ 各项得分之和 {score + 1}",
                   "expected": score + 1, "reported": score,
                   "where": {"page": 1, "field": "total_score", "indicator": None},
                   "profile": "national",
                   "cells": [{"role": "reported", "field": "total_score", "at": TOTAL_AT},
                             {"role": "input", "field": "indicators[0].score",
                              "at": {"page": 1, "box": [400.0, 600.0, 440.0, 620.0]}}]}],
        "rules_text": "", "cells": {"total_score": [TOTAL_AT]},
    }
    return {"source": {"path": path, "sha256": sha256, "format": "pdf", "pages": 1},
            "reports": [report], "skipped": [], "errors": []}


#: Columns that differ between two equal builds: when and how fast, and which run.
VOLATILE = {"seconds", "peak_rss", "processed_at", "run_id", "mtime_ns"}


def document_statuses(db: Path) -> dict[str, tuple[str, str | None, int | None]]:
    """``path → (status, error, n_reports)`` of every document row in the database."""
    conn = sqlite3.connect(db)
    try:
        return {path: (status, error, n) for path, status, error, n in conn.execute(
            "SELECT path, status, error, n_reports FROM documents")}
    finally:
        conn.close()


def canonical_dump(db_path: str | Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every corpus table's content, ids replaced by the document path they lead to,
    timings and run ids left out: equal for two builds that ingested the same thing."""
    conn = sqlite3.connect(str(db_path))
    try:
        paths = dict(conn.execute("SELECT id, path FROM documents"))
        report_keys = {
            rid: (paths[did], seq)
            for rid, did, seq in conn.execute("SELECT id, document_id, seq FROM reports")
        }
        out: dict[str, list[tuple[Any, ...]]] = {}
        for table in ("documents", "reports", "funds", "indicators", "flags"):
            cur = conn.execute(f"SELECT * FROM {table}")
            cols = [d[0] for d in cur.description]
            rows = []
            for row in cur:
                rec = dict(zip(cols, row, strict=True))
                rec.pop("id")
                if "report_id" in rec:
                    rec["report_id"] = report_keys[rec["report_id"]]
                if "document_id" in rec:
                    rec["document_id"] = paths[rec["document_id"]]
                rows.append(tuple(sorted((k, repr(v)) for k, v in rec.items()
                                         if k not in VOLATILE)))
            out[table] = sorted(rows)
        return out
    finally:
        conn.close()


def read_or_hang(path: str) -> dict[str, Any]:
    """The real task, except that a file whose name says ``hang`` never returns."""
    from selfeval.corpus.task import read_record

    if "hang" in Path(path).name:
        time.sleep(3600)
    return read_record(path)
