"""Every failure reason is one line of plain words (no Python reprs, no exception class
names), and nothing but selfeval's own lines reaches stderr: library log records and
warnings go to ``$SELFEVAL_LOG`` or nowhere."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from selfeval.corpus.cli.errors import READER_FAILED, describe_failure
from selfeval.extract.errors import DamagedFile, SelfevalError, detail, one_line
from selfeval.extract.registry import not_read
from selfeval.extract.sniff import sniff_format

from tests import hostile_files
from tests.cli_process import selfeval_cmd
from tests.data_paths import REPRO

#: The byte-mutated fixture pdfminer/playa log warnings and whole tracebacks about.
NOISY = REPRO / "fuzz-001_longgang-bytes-22.pdf"


def extract(path: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``selfeval extract PATH`` in a real process: its real stderr, children included."""
    return subprocess.run(selfeval_cmd("extract", "--timeout", "60", str(path)),
                          capture_output=True, text=True, timeout=120, cwd=path.parent,
                          env={**os.environ, **(env or {})})


def test_one_line_flattens_and_bounds_text() -> None:
    assert one_line("a\n  b\r\n\tc\x00d") == "a b cd"
    assert len(one_line("x" * 10_000)) == 300


def test_detail_has_no_bytes_reprs_or_class_names() -> None:
    said = detail(ValueError("cannot parse b'hello\\n' as /b'e9'\nsecond line"))
    assert said == "cannot parse 'hello\\n' as /'e9' second line"
    assert "ValueError" not in said


def test_a_reason_is_always_one_line() -> None:
    assert DamagedFile("x.docx", "not well-formed\n, line 1").reason == "not well-formed , line 1"


def test_an_unexpected_failure_is_named_in_plain_words() -> None:
    assert describe_failure("x.pdf", IndexError("list index out of range")) == READER_FAILED


@pytest.mark.parametrize(("data", "reason"), [
    (b"hello\nworld\n", f"a plain-text file, {not_read()}"),
    (b"\x01\x02\xff\xfe", f"{not_read()} (an unknown kind of file)"),
])
def test_an_unknown_file_is_described_without_its_bytes(tmp_path: Path, data: bytes,
                                                       reason: str) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    with pytest.raises(SelfevalError, match=re.escape(f": {reason}") + "$"):
        sniff_format(path)


@pytest.mark.slow
def test_library_logs_never_reach_stderr(tmp_path: Path) -> None:
    log = tmp_path / "selfeval.log"
    quiet = extract(NOISY)
    logged = extract(NOISY, {"SELFEVAL_LOG": str(log)})
    for run in (quiet, logged):
        assert run.returncode == 2
        assert run.stderr.splitlines() == [f"selfeval: {NOISY}: no self-evaluation form found"]
    text = log.read_text(encoding="utf-8")
    assert "Data-loss while decompressing" in text and "Traceback" in text


@pytest.mark.slow
def test_the_whole_hostile_suite_writes_only_selfeval_lines_on_stderr(tmp_path: Path) -> None:
    """Every hostile case and repro file through one real ``selfeval audit`` process: its
    stderr (its children's included) holds only ``selfeval: FILE: reason`` lines."""
    files = [hostile_files.make(case, tmp_path) for case in hostile_files.CASES]
    files += sorted(p for p in REPRO.iterdir() if p.suffix in (".pdf", ".docx"))
    done = subprocess.run(selfeval_cmd("audit", "--timeout", "60", *map(str, files)),
                          capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode in (1, 2)
    lines = done.stderr.splitlines()
    assert lines and "Traceback" not in done.stderr
    assert all(line.startswith("selfeval: ") for line in lines), lines
    assert len(lines) == len(set(lines))  # one line per reason, none printed twice


def test_extract_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from selfeval.corpus.cli import main

    fifo = tmp_path / "x.pdf"
    os.mkfifo(fifo)
    for path, kind in ((str(fifo), "a FIFO"), ("/dev/zero", "a character device")):
        result = CliRunner().invoke(main, ["extract", "--timeout", "10", path])
        assert result.exit_code == 2
        assert result.stderr.splitlines() == [f"selfeval: {path}: not a regular file ({kind})"]
