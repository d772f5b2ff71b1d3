"""Per-page progress of a long document on a terminal (stderr), and none elsewhere."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
from pathlib import Path

import pytest
from selfeval.corpus.cli.page_progress import SHOW_AFTER_S, PageProgress
from selfeval.corpus.pipeline import process_file

from tests.cli_process import selfeval_cmd
from tests.data_paths import DOCS


def test_the_line_shows_after_a_second_and_is_cleared() -> None:
    now = [0.0]
    out = io.StringIO()
    progress = PageProgress("in/\u202eform.pdf", out, clock=lambda: now[0])
    progress(1, 5)
    assert out.getvalue() == ""  # a quick document shows nothing
    now[0] = SHOW_AFTER_S + 0.1
    progress(2, 5)
    assert out.getvalue() == "\r\x1b[Kselfeval: in/\\xe2\\x80\\xaeform.pdf: page 2 of 5"
    progress.done()
    assert out.getvalue().endswith("\r\x1b[K")


def test_process_file_tells_each_page_as_it_is_read() -> None:
    seen: list[tuple[int, int | None]] = []
    doc = process_file(DOCS / "003_yueyang_docx-pdf.pdf", on_page=lambda p, n: seen.append((p, n)))
    pages = [p for p, _ in seen]
    assert pages == sorted(set(pages)) and pages[0] == 1
    assert {n for _, n in seen} == {doc.source.pages}


@pytest.mark.slow
def test_extract_of_a_scan_shows_pages_on_a_terminal(tmp_path: Path) -> None:
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        selfeval_cmd("extract", str(DOCS / "002_qnjinrong_scanned.pdf")),
        stdout=subprocess.DEVNULL, stderr=slave, cwd=tmp_path)
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    assert proc.wait(timeout=120) == 0
    text = seen.decode("utf-8", "replace")
    assert "002_qnjinrong_scanned.pdf: page 1 of " in text
    assert text.endswith("\r\x1b[K")


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    done = subprocess.run(selfeval_cmd("extract", str(DOCS / "003_yueyang_docx.docx")),
                          capture_output=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0 and b"page " not in done.stderr
