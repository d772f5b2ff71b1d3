"""The Dask path: the same documents through a local cluster on loopback give the same
database as the local worker pool."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from selfeval.corpus.ingest import build
from selfeval.corpus.thread_caps import THREAD_ENV, share_cores
from selfeval.corpus.workers import Limits

from tests.data_paths import DOCS
from tests.test_corpus_fakes import canonical_dump, threads_record

pytestmark = pytest.mark.slow  # a Dask cluster

SAMPLES = ("000_qiannan_xlsx-export.pdf", "001_longgang_docx.docx", "004_huangpu_docx.docx",
           "000_qiannan-r3_scanned.pdf")


def test_dask_cluster_builds_the_same_database_as_local_workers(tmp_path: Path) -> None:
    import dask
    from distributed import LocalCluster

    corpus = tmp_path / "in"
    corpus.mkdir()
    for name in SAMPLES:
        shutil.copy(DOCS / name, corpus / name)
    (corpus / "empty.pdf").write_bytes(b"")
    limits = Limits(timeout_s=120)

    build(corpus, tmp_path / "local.db", workers=2, limits=limits)
    with dask.config.set({"distributed.worker.daemon": False}), LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        result = build(corpus, tmp_path / "dask.db", limits=limits,
                       scheduler=cluster.scheduler_address)
    assert result.counts["new"] == len(SAMPLES) + 1
    local = canonical_dump(tmp_path / "local.db")
    assert canonical_dump(tmp_path / "dask.db") == local
    ok = [row for row in local["documents"] if ("status", "'ok'") in row]
    assert len(ok) == len(SAMPLES)
    assert len(local["reports"]) >= len(SAMPLES)


def _caps(db: Path) -> set[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        return set(conn.execute("SELECT agency, department FROM reports"))
    finally:
        conn.close()


def test_dask_workers_get_absolute_paths_the_local_thread_caps_and_a_preloaded_pipeline(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dask
    from distributed import LocalCluster

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.pdf").write_bytes(f"单位{i}\n{i}".encode())
    monkeypatch.chdir(tmp_path)  # the folder is given relative to the driver's own
    limits = Limits(timeout_s=60)
    build("in", tmp_path / "local.db", workers=2, limits=limits, task=threads_record)
    with dask.config.set({"distributed.worker.daemon": False}), LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        result = build("in", tmp_path / "dask.db", limits=limits, task=threads_record,
                       scheduler=cluster.scheduler_address)
    assert result.counts["new"] == 3 and result.counts["failed"] == 0
    # Two documents at once on this machine either way: each gets half the cores, for
    # every library; and each child starts with the pipeline imported.
    caps = ",".join([str(share_cores(2))] * len(THREAD_ENV))
    assert _caps(tmp_path / "dask.db") == _caps(tmp_path / "local.db") == {(caps, "preloaded")}
