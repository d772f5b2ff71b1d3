"""corpus build end to end on real documents: bad files fail alone, a killed run is
completed by the next one, and the CLI prints its summary and writes its report."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from selfeval.corpus.cli import main
from selfeval.corpus.ingest import build
from selfeval.corpus.workers import Limits

from tests.cli_process import selfeval_cmd
from tests.data_paths import DOCS, ROOT
from tests.hostile_files import encrypted_pdf
from tests.test_corpus_fakes import canonical_dump, document_statuses, read_or_hang

pytestmark = pytest.mark.slow  # corpus builds in worker processes

REPO = ROOT
GOOD = ("001_longgang_docx.docx", "002_qnjinrong_xlsx-export.pdf")
#: The per-document limit for the test with a hanging document: each good one takes
#: under 1 s alone, 1.6 s at most seen with the whole suite running on two cores.
HANG_TIMEOUT_S = 4


def test_corrupt_encrypted_empty_and_hanging_documents_fail_alone(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name in GOOD:
        shutil.copy(DOCS / name, corpus / name)
    (corpus / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00junk" * 100)
    (corpus / "truncated.pdf").write_bytes((DOCS / GOOD[1]).read_bytes()[:3000])
    (corpus / "encrypted.pdf").write_bytes(
        encrypted_pdf(DOCS / "001_longgang_docx-pdf.pdf", "secret", "owner"))
    (corpus / "empty.docx").write_bytes(b"")
    shutil.copy(DOCS / GOOD[0], corpus / "hang.docx")
    db = tmp_path / "c.db"
    result = build(corpus, db, workers=2, limits=Limits(timeout_s=HANG_TIMEOUT_S),
                   task=read_or_hang)
    status = document_statuses(db)
    for name in GOOD:
        assert status[name][0] == "ok" and status[name][2] >= 1, status[name]
    failed = {p: e for p, (s, e, _) in status.items() if s == "failed"}
    assert set(failed) == {"corrupt.pdf", "truncated.pdf", "encrypted.pdf", "empty.docx",
                           "hang.docx"}
    assert failed["hang.docx"] == f"timed out after {HANG_TIMEOUT_S} s"
    assert "encrypt" in (failed["encrypted.pdf"] or "").lower()
    assert "empty" in (failed["empty.docx"] or "")
    assert result.counts["failed"] == 5


def _copies(folder: Path, n: int) -> Path:
    """``n`` distinct valid PDFs: fixtures with a different comment after ``%%EOF``."""
    folder.mkdir()
    sources = [DOCS / "002_qnjinrong_xlsx-export.pdf", DOCS / "004_huangpu_docx-pdf.pdf"]
    for i in range(n):
        data = sources[i % 2].read_bytes() + f"\n% copy {i}\n".encode()
        (folder / f"doc{i:02d}.pdf").write_bytes(data)
    return folder


def _build_cmd(corpus: Path, db: Path) -> list[str]:
    """The build command, run from the test's own folder (never the repository, where the
    stage folders would import under their bare names)."""
    return selfeval_cmd("corpus", "build", str(corpus), "--db", str(db), "--workers", "2",
                        "--quiet")


def _rows_done(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0


def _kill_after(corpus: Path, db: Path, done: int) -> None:
    """Start a build and ``kill -9`` it once ``done`` documents are in the database."""
    proc = subprocess.Popen(_build_cmd(corpus, db), cwd=corpus.parent, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _rows_done(db) < done and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def test_a_killed_run_is_completed_by_the_next_one(tmp_path: Path) -> None:
    corpus = _copies(tmp_path / "in", 8)
    reference = tmp_path / "reference.db"
    subprocess.run(_build_cmd(corpus, reference), cwd=corpus.parent, check=True, timeout=300)

    db = tmp_path / "killed.db"
    _kill_after(corpus, db, 2)
    first = _rows_done(db)
    _kill_after(corpus, db, first + 2)
    assert 0 < _rows_done(db) < 8, "the kills should land mid-run"
    done = subprocess.run(_build_cmd(corpus, db), cwd=corpus.parent, check=True, timeout=300,
                          capture_output=True, text=True)
    assert "0 failed" in done.stdout
    assert canonical_dump(db) == canonical_dump(reference)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    runs = [r[0] for r in conn.execute("SELECT status FROM runs ORDER BY id")]
    conn.close()
    assert runs == ["interrupted", "interrupted", "finished"]


def test_a_second_build_refuses_while_one_runs(tmp_path: Path) -> None:
    corpus = _copies(tmp_path / "in", 20)
    db = tmp_path / "c.db"
    proc = subprocess.Popen(_build_cmd(corpus, db), cwd=corpus.parent, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        while not Path(str(db) + ".lock").exists() or _rows_done(db) == 0:
            assert proc.poll() is None
            time.sleep(0.02)
        # held mid-run: however fast the documents are read, it cannot finish and let go
        # of its lock before the second build looks
        proc.send_signal(signal.SIGSTOP)
        assert proc.poll() is None
        second = subprocess.run(_build_cmd(corpus, db), cwd=corpus.parent, capture_output=True,
                                text=True, timeout=60)
    finally:
        proc.kill()
        proc.wait()
    assert second.returncode == 2
    assert second.stderr.strip() == f"selfeval: DB is being built by another run (pid {proc.pid})"


def test_cli_builds_the_sample_corpus_and_reports(tmp_path: Path) -> None:
    samples = REPO / "corpus" / "samples"
    db, html = tmp_path / "s.db", tmp_path / "report.html"
    runner = CliRunner()
    first = runner.invoke(main, ["corpus", "build", str(samples), "--db", str(db), "--quiet"])
    assert first.exit_code == 0, first.output
    n = len([p for p in samples.iterdir() if p.suffix in (".pdf", ".docx")])
    assert f"documents: {n} new, 0 changed, 0 unchanged, 0 removed" in first.output
    assert "flags by rule:" in first.output
    again = runner.invoke(main, ["corpus", "build", str(samples), "--db", str(db), "--quiet"])
    assert f"documents: 0 new, 0 changed, {n} unchanged, 0 removed, 0 failed" in again.output
    report = runner.invoke(main, ["corpus", "report", "--db", str(db), "-o", str(html)])
    assert report.exit_code == 0, report.output
    page = html.read_text(encoding="utf-8")
    conn = sqlite3.connect(db)
    n_reports = conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
    conn.close()
    assert n_reports >= 1 and page.count('<article class="report"') == n_reports
    assert "data:image/png;base64," in page  # a cropped, highlighted region of a PDF page
