"""The hash stored for a document is the hash of the bytes its worker read, not the
planner's: a file swapped between planning and reading keeps no other file's rows."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from selfeval.corpus import task
from selfeval.corpus.ingest import build
from selfeval.corpus.workers import Limits
from selfeval.extract.errors import SelfevalError

from tests.data_paths import DOCS
from tests.test_corpus_fakes import SWAPPED_IN, fake_record

LIMITS = Limits(timeout_s=5.0, max_memory=1024**3)


def _stored(db: Path) -> dict[str, tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        return {p: (h, a) for p, h, a in conn.execute(
            "SELECT d.path, d.sha256, r.agency FROM documents d"
            " JOIN reports r ON r.document_id = d.id")}
    finally:
        conn.close()


def test_a_file_swapped_after_planning_is_stored_under_the_hash_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "swap.pdf").write_bytes(b"SWAP")
    db = tmp_path / "c.db"
    build(folder, db, workers=1, limits=LIMITS, task=fake_record)
    assert _stored(db)["swap.pdf"] == (hashlib.sha256(SWAPPED_IN).hexdigest(), "丙单位")
    again = build(folder, db, workers=1, limits=LIMITS, task=fake_record)
    assert again.counts["unchanged"] == 1 and again.counts["changed"] == 0


def test_a_file_that_changes_while_it_is_read_fails(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "form.docx"
    shutil.copyfile(DOCS / "001_longgang_docx.docx", path)
    real = task.process_file

    def read_then_change(p: str) -> object:
        doc = real(p)
        path.write_bytes(path.read_bytes() + b"\0")
        return doc

    monkeypatch.setattr(task, "process_file", read_then_change)
    with pytest.raises(SelfevalError, match="^.*: the file changed while it was being read$"):
        task.read_record(str(path))


def test_the_record_carries_the_hash_of_the_file_read(tmp_path: Path) -> None:
    path = DOCS / "001_longgang_docx.docx"
    record = task.read_record(str(path))
    assert record["source"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
