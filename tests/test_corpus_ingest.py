"""corpus build's machinery with fake tasks: isolation, incremental runs, the lock."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from selfeval.corpus import store
from selfeval.corpus.cli.errors import READER_FAILED
from selfeval.corpus.ingest import Planned, build, reading_order
from selfeval.corpus.workers import Limits

from tests.test_corpus_fakes import canonical_dump, fake_record

LIMITS = Limits(timeout_s=3.0, max_memory=1024**3)


def _docs(folder: Path, contents: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in contents.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def _status(db: Path) -> dict[str, tuple[str, str | None]]:
    conn = sqlite3.connect(db)
    try:
        return {p: (s, e) for p, s, e in conn.execute("SELECT path, status, error FROM documents")}
    finally:
        conn.close()


def test_failures_are_recorded_and_the_rest_is_ingested(tmp_path: Path) -> None:
    corpus = _docs(tmp_path / "in", {
        "a.pdf": "甲单位\n1".encode(), "sub/b.docx": "乙单位\n2".encode(),
        "hang.pdf": b"HANG", "alloc.pdf": b"ALLOC", "segv.pdf": b"SEGV", "exit.pdf": b"EXIT",
        "bad.pdf": b"BAD", "bug.docx": b"BUG", "lambda.pdf": b"LAMBDA",
        "notes.txt": b"not a document",
    })
    db = tmp_path / "c.db"
    result = build(corpus, db, workers=2, limits=LIMITS, task=fake_record)
    status = _status(db)
    assert status["a.pdf"] == ("ok", None)
    assert status["sub/b.docx"] == ("ok", None)
    assert "notes.txt" not in status
    assert status["hang.pdf"] == ("failed", "timed out after 3 s")
    assert status["alloc.pdf"] == ("failed", "exceeded the memory limit of 1 GiB")
    assert status["segv.pdf"] == ("failed", "crashed (signal 11: SIGSEGV)")
    assert status["exit.pdf"] == ("failed", "crashed (exit status 3)")
    assert status["bad.pdf"] == ("failed", "the file is truncated")
    assert status["bug.docx"] == ("failed", READER_FAILED)
    assert (status["lambda.pdf"][1] or "").startswith("its result cannot be sent back (")
    assert result.counts["new"] == 9 and result.counts["failed"] == 7
    conn = sqlite3.connect(db)
    agencies = sorted(r[0] for r in conn.execute(
        "SELECT r.agency FROM reports r JOIN documents d ON d.id = r.document_id"))
    assert agencies == ["乙单位", "甲单位"]
    assert conn.execute("SELECT COUNT(*) FROM indicators").fetchone()[0] == 6
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


def test_incremental_rerun_reads_nothing_and_changes_replace_rows(tmp_path: Path) -> None:
    corpus = _docs(tmp_path / "in", {f"d{i}.pdf": f"单位{i}\n{i}".encode() for i in range(5)})
    db = tmp_path / "c.db"
    build(corpus, db, workers=2, limits=LIMITS, task=fake_record)
    before = canonical_dump(db)

    again = build(corpus, db, workers=2, limits=LIMITS, task=fake_record)
    assert again.counts["new"] == again.counts["changed"] == 0
    assert again.counts["unchanged"] == 5
    assert canonical_dump(db) == before

    # Same bytes, new mtime: hashed, not read.
    os.utime(corpus / "d0.pdf", ns=(1, 1))
    touched = build(corpus, db, workers=2, limits=LIMITS, task=fake_record)
    assert touched.counts["unchanged"] == 5 and touched.counts["changed"] == 0

    (corpus / "d1.pdf").write_bytes("新单位\n99".encode())
    (corpus / "d2.pdf").unlink()
    changed = build(corpus, db, workers=2, limits=LIMITS, task=fake_record)
    assert (changed.counts["changed"], changed.counts["removed"]) == (1, 1)
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT d.path, d.status, r.agency FROM documents d LEFT JOIN reports r"
        " ON r.document_id = d.id WHERE d.path IN ('d1.pdf', 'd2.pdf') ORDER BY d.path"
    ).fetchall()
    assert rows == [("d1.pdf", "ok", "新单位"), ("d2.pdf", "removed", None)]
    assert conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == 4
    conn.close()


def test_an_empty_folder_does_not_wipe_the_database(tmp_path: Path) -> None:
    from selfeval.extract.errors import SelfevalError

    corpus = _docs(tmp_path / "in", {"a.pdf": "甲\n1".encode()})
    db = tmp_path / "c.db"
    build(corpus, db, workers=1, limits=LIMITS, task=fake_record)
    (corpus / "a.pdf").unlink()
    with pytest.raises(SelfevalError, match="holds no documents, but the database has 1"):
        build(corpus, db, workers=1, limits=LIMITS, task=fake_record)
    assert _status(db)["a.pdf"] == ("ok", None)


def test_failed_documents_are_read_again_only_when_asked(tmp_path: Path) -> None:
    corpus = _docs(tmp_path / "in", {"a.pdf": "甲\n1".encode(), "b.pdf": b"BAD"})
    db = tmp_path / "c.db"
    build(corpus, db, workers=1, limits=LIMITS, task=fake_record)
    again = build(corpus, db, workers=1, limits=LIMITS, task=fake_record)
    assert again.counts["unchanged"] == 2 and again.counts["changed"] == 0
    retried = build(corpus, db, workers=1, limits=LIMITS, task=fake_record, retry_failed=True)
    assert (retried.counts["changed"], retried.counts["unchanged"]) == (1, 1)
    assert retried.failures == [("b.pdf", "the file is truncated")]
    forced = build(corpus, db, workers=1, limits=LIMITS, task=fake_record, force=True)
    assert forced.counts["changed"] == 2


def test_a_second_run_on_a_busy_database_refuses(tmp_path: Path) -> None:
    corpus = _docs(tmp_path / "in", {"a.pdf": b"x"})
    db = tmp_path / "c.db"
    with store.build_lock(db), pytest.raises(store.DatabaseBusy) as info:
        build(corpus, db, workers=1, limits=LIMITS, task=fake_record)
    assert info.value.reason == f"DB is being built by another run (pid {os.getpid()})"
    build(corpus, db, workers=1, limits=LIMITS, task=fake_record)
    assert _status(db)["a.pdf"][0] == "ok"


def test_sqlite_utils_sees_tables_types_and_foreign_keys(tmp_path: Path) -> None:
    import sqlite_utils

    corpus = _docs(tmp_path / "in", {"a.pdf": "甲单位\n1".encode()})
    db_path = tmp_path / "c.db"
    build(corpus, db_path, workers=1, limits=LIMITS, task=fake_record)
    db = sqlite_utils.Database(db_path)
    tables = set(db.table_names())
    assert {t for t in tables if not t.startswith("reports_fts")} == set(store.TABLES)
    links = {(fk.column, fk.other_table) for fk in db["flags"].foreign_keys}
    assert links == {("report_id", "reports"), ("document_id", "documents")}
    assert db["reports"].columns_dict["total_score"] is float
    assert db["indicators"].columns_dict["page"] is int
    row = next(db.query(
        "SELECT d.path, r.agency, f.rule, f.page FROM flags f JOIN reports r ON r.id ="
        " f.report_id JOIN documents d ON d.id = r.document_id"))
    assert row == {"path": "a.pdf", "agency": "甲单位", "rule": "total_mismatch", "page": 1}


def test_progress_line_counts_rate_eta_and_failures() -> None:
    import io

    from selfeval.corpus.progress import Progress

    out = io.StringIO()
    meter = Progress(4, out)
    meter.advance(failed=False)
    meter.advance(failed=True)
    line = meter.line()
    assert line.startswith("2/4 documents, ") and line.endswith(", 1 failed")
    assert " ETA " in line and "/s" in line
    meter.advance(failed=False)
    meter.advance(failed=False)
    printed = out.getvalue().splitlines()
    assert printed[0].startswith("1/4 documents") and printed[-1].startswith("4/4 documents")
    assert "\r" not in out.getvalue()  # not a terminal: plain lines


def unstorable_record(path: str) -> dict[str, object]:
    """A record whose report holds a value no column can take."""
    record = fake_record(path)
    record["reports"][0]["agency"] = {"a set", "is not JSON"}
    return record


def test_a_record_the_database_cannot_take_fails_that_document_alone(tmp_path: Path) -> None:
    corpus = _docs(tmp_path / "in", {"a.pdf": "甲\n1".encode()})
    db = tmp_path / "c.db"
    result = build(corpus, db, workers=1, limits=LIMITS, task=unstorable_record)
    status, error = _status(db)["a.pdf"]
    assert status == "failed" and (error or "").startswith("could not be stored in the database (")
    assert "TypeError" not in (error or "")
    assert result.counts["failed"] == 1


def test_cli_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from selfeval.corpus.cli import main

    not_db = tmp_path / "notes.db"
    not_db.write_text("just text, not SQLite " * 100)
    corpus = _docs(tmp_path / "in", {"a.pdf": b"x"})
    runner = CliRunner()
    for args in (["build", str(corpus)], ["report"], ["export", "--xlsx", str(tmp_path / "x")]):
        out = runner.invoke(main, ["corpus", *args, "--db", str(not_db)])
        assert out.exit_code == 2, out.output
        assert f"selfeval: {not_db}: not a usable corpus database" in out.output
    missing = runner.invoke(main, ["corpus", "build", str(tmp_path / "nope"),
                                   "--db", str(tmp_path / "c.db")])
    assert missing.exit_code == 2 and "not a folder" in missing.output
    assert not (tmp_path / "c.db").exists()


def test_dangling_links_are_not_documents(tmp_path: Path) -> None:
    corpus = _docs(tmp_path / "in", {"a.pdf": "甲\n1".encode()})
    (corpus / "gone.pdf").symlink_to(tmp_path / "nowhere.pdf")
    result = build(corpus, tmp_path / "c.db", workers=1, limits=LIMITS, task=fake_record)
    assert result.counts["new"] == 1 and set(_status(tmp_path / "c.db")) == {"a.pdf"}


def test_progress_rewrites_one_line_on_a_terminal() -> None:
    import io

    from selfeval.corpus.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    meter = Progress(2, out)
    meter.advance(failed=False)
    meter.advance(failed=False)
    meter.close()
    text = out.getvalue()
    assert text.startswith("\r\033[K1/2 documents") and text.endswith(", 0 failed\n")
    assert text.count("\n") == 1 and "\r\033[K2/2 documents" in text


def test_files_are_read_biggest_first(tmp_path: Path) -> None:
    """The long documents start first, so that short ones fill the workers at the end."""

    def planned(name: str, size: int) -> Planned:
        return Planned(store.FileState(name, size, 0, None), tmp_path / name, "new")

    files = (planned("a.docx", 10), planned("b.pdf", 900), planned("c.pdf", 10),
             planned("d.pdf", 400))
    assert [p.state.path for p in reading_order(files)] == ["b.pdf", "d.pdf", "a.docx", "c.pdf"]
