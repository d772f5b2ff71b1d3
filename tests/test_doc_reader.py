"""Legacy ``.doc`` through LibreOffice: a missing converter is one line saying how to
install it, a hanging one is killed at the time limit with its whole process group, and
the user's LibreOffice profile is never used. (The fixtures converted to ``.doc`` are
read against their twins' truths in tests/test_format_twins.py, where LibreOffice is.)"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from selfeval.extract import errors, limits
from selfeval.extract.office_convert import INSTALL_HINT
from selfeval.extract.reading import preflight, read_document

from tests import hostile_files


@pytest.fixture()
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "form.doc"
    path.write_bytes(hostile_files.ole_doc_bytes())
    return path


def test_a_missing_converter_is_one_line_saying_how_to_install_it(
        doc: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SELFEVAL_SOFFICE", "no-such-soffice")
    for step in (preflight, read_document):
        with pytest.raises(errors.UnsupportedFormat) as caught:
            step(doc)
        assert caught.value.reason == (
            "a legacy Word .doc: reading it needs LibreOffice (soffice), which is not "
            f"installed ({INSTALL_HINT})")


def _fake_converter(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "fake-soffice"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return script


def test_a_hanging_converter_is_killed_with_its_children(
        doc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pids = tmp_path / "pids"
    script = _fake_converter(tmp_path, f"sleep 60 & echo $! > {pids}; echo $$ >> {pids}; wait")
    monkeypatch.setenv("SELFEVAL_SOFFICE", str(script))
    monkeypatch.setattr(limits, "CONVERT_TIMEOUT_S", 1)
    started = time.monotonic()
    with pytest.raises(errors.LimitExceeded, match=r"did not finish in 1 s \(the conversion"):
        read_document(doc)
    assert time.monotonic() - started < 10
    for pid in map(int, pids.read_text().split()):
        assert _gone(pid)


def _gone(pid: int) -> bool:
    """True once ``pid`` has ended (a zombie waiting for init to reap it counts)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
        except FileNotFoundError:
            return True
        if "\nState:\tZ" in status:
            return True
        time.sleep(0.05)
    return False


def test_the_converter_gets_a_private_profile_and_a_plain_name(
        doc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = tmp_path / "args"
    script = _fake_converter(tmp_path, f'for a in "$@"; do echo "$a"; done > {args}')
    monkeypatch.setenv("SELFEVAL_SOFFICE", str(script))
    with pytest.raises(errors.DamagedFile, match="could not convert"):
        read_document(doc)
    given = args.read_text(encoding="utf-8").splitlines()
    profile = next(a for a in given if a.startswith("-env:UserInstallation=file://"))
    assert "selfeval-convert-" in profile and given[-1].endswith("/document.doc")
    assert not Path(profile.split("file://", 1)[1]).exists()  # deleted with its folder
