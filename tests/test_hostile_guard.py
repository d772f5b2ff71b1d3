"""``selfeval extract`` stops a document that hangs, eats memory or crashes, and says so
in one line: the guard (corpus/cli/guard.py) runs it in a child under the limits."""

from __future__ import annotations

import ctypes
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from selfeval.corpus.cli import guard, main
from selfeval.normalize.records import Document

from tests import hostile_files


def _vm_size() -> int:
    """Bytes of address space this process maps now (a forked child starts with as much)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmSize in /proc/self/status")


def _extract(path: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner(env=env).invoke(main, ["extract", *args, str(path)])


def _one_line(result: Result, path: Path) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"selfeval: {path}: "), lines
    return lines[0]


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "doc.pdf"
    path.write_bytes(hostile_files.text_pdf(["anything"]))
    return path


def _hang_in_c(path: str, on_page: object = None) -> Document:
    # A call into C that a SIGALRM handler could not interrupt.
    ctypes.CDLL(None).sleep(60)
    raise AssertionError("not reached")


def _eat_memory(path: str, on_page: object = None) -> Document:
    hog = [bytearray(64 * 1024 * 1024) for _ in range(64)]  # 4 GiB, far over the limit
    raise AssertionError(f"allocated {len(hog)} blocks")


def _abort(path: str, on_page: object = None) -> Document:
    os.abort()


def test_a_hang_is_stopped_at_the_time_limit(pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "process_file", _hang_in_c)
    started = time.monotonic()
    line = _one_line(_extract(pdf, "--timeout", "1"), pdf)
    assert time.monotonic() - started < 10
    assert line.endswith("timed out after 1 s")


def test_the_time_limit_comes_from_the_environment(
    pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(guard, "process_file", _hang_in_c)
    line = _one_line(_extract(pdf, env={guard.ENV_TIMEOUT: "1.5"}), pdf)
    assert line.endswith("timed out after 1.5 s")


def test_a_bad_limit_setting_is_one_line(pdf: Path) -> None:
    line = _one_line(_extract(pdf, env={guard.ENV_TIMEOUT: "soon"}), pdf)
    assert "SELFEVAL_TIMEOUT must be a positive number" in line


def test_memory_is_capped(pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "process_file", _eat_memory)
    cap = _vm_size() + 512 * 1024 * 1024
    line = _one_line(_extract(pdf, "--max-memory", str(cap)), pdf)
    assert "exceeded the memory limit" in line


def test_memory_limit_from_the_environment_takes_units(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(guard.ENV_TIMEOUT, raising=False)
    monkeypatch.delenv(guard.ENV_MAX_MEMORY, raising=False)
    assert guard.limits_from_env() == guard.DEFAULT_LIMITS
    monkeypatch.setenv(guard.ENV_MAX_MEMORY, "1.5G")
    assert guard.limits_from_env().max_memory == 1536 * 1024 * 1024
    assert guard.limits_from_env(max_memory=1024).max_memory == 1024


def test_a_crash_is_one_line(pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "process_file", _abort)
    assert _one_line(_extract(pdf), pdf).endswith("crashed (signal 6: SIGABRT)")
