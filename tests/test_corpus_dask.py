"""The Dask path: the same documents through a local cluster on loopback give the same
database as the local worker pool."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from selfeval.corpus.ingest import build
from selfeval.corpus.workers import Limits

from tests.data_paths import DOCS
from tests.test_corpus_fakes import canonical_dump

pytestmark = pytest.mark.slow  # a Dask cluster

SAMPLES = ("000_qiannan_xlsx-export.pdf", "001_longgang_docx.docx", "004_huangpu_docx.docx")


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
