"""The corpus folder listing: regular files only, no link out of the folder, and any
file name (not UTF-8, a newline, a bidi override) stored losslessly and shown escaped."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from selfeval.corpus.build_summary import build_summary
from selfeval.corpus.ingest import build
from selfeval.corpus.listing import LINK_OUT, list_documents
from selfeval.corpus.names import real_name, shown_name
from selfeval.corpus.report_html import collect, render_report
from selfeval.corpus.workers import Limits

from tests.test_corpus_fakes import fake_record

LIMITS = Limits(timeout_s=5.0, max_memory=1024**3)

#: A build over a few fake documents and refused names ends in well under this.
BUILD_BOUND_S = 30.0


def _rows(db: Path) -> dict[str, tuple[str, str | None]]:
    conn = sqlite3.connect(db)
    try:
        return {p: (s, e) for p, s, e in conn.execute("SELECT path, status, error FROM documents")}
    finally:
        conn.close()


def _run_status(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [s for (s,) in conn.execute("SELECT status FROM runs ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    """A folder with two good documents, a FIFO, links to /dev/zero and /etc/passwd,
    and a link to a good document inside the folder."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.pdf").write_bytes("甲单位\n1".encode())
    (folder / "sub" / "b.docx").write_bytes("乙单位\n2".encode())
    os.mkfifo(folder / "fifo.pdf")
    (folder / "zero.pdf").symlink_to("/dev/zero")
    (folder / "passwd.pdf").symlink_to("/etc/passwd")
    (folder / "inside.pdf").symlink_to(folder / "a.pdf")
    return folder


def test_the_listing_takes_regular_files_and_links_inside_only(hostile_folder: Path) -> None:
    listing = list_documents(hostile_folder)
    assert sorted(listing.documents) == ["a.pdf", "inside.pdf", "sub/b.docx"]
    assert {name: r.reason for name, r in listing.refused.items()} == {
        "fifo.pdf": "not a regular file (a FIFO)",
        "passwd.pdf": LINK_OUT,
        "zero.pdf": LINK_OUT,
    }


def test_a_link_inside_to_a_device_is_refused_as_a_device(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe")
    (folder / "pipe.pdf").symlink_to(folder / "pipe")
    assert list_documents(folder).refused["pipe.pdf"].reason == "not a regular file (a FIFO)"


def test_a_build_never_opens_what_it_refuses(hostile_folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    started = time.monotonic()
    result = build(hostile_folder, db, workers=2, limits=LIMITS, task=fake_record)
    assert time.monotonic() - started < BUILD_BOUND_S
    rows = _rows(db)
    assert rows["a.pdf"] == rows["inside.pdf"] == rows["sub/b.docx"] == ("ok", None)
    assert rows["fifo.pdf"] == ("failed", "not a regular file (a FIFO)")
    assert rows["zero.pdf"] == rows["passwd.pdf"] == ("failed", LINK_OUT)
    assert result.counts["failed"] == 3 and result.counts["new"] == 6
    assert _run_status(db) == ["finished"]
    again = build(hostile_folder, db, workers=2, limits=LIMITS, task=fake_record)
    assert again.counts["unchanged"] == 6 and again.counts["failed"] == 0


@pytest.mark.parametrize("name", [b"bad\xff\xfename.docx", b"line\nbreak.pdf",
                                  "rtl\u202efdp.docx".encode(), b"back\\slash.pdf"])
def test_any_file_name_is_stored_losslessly_and_shown_escaped(tmp_path: Path,
                                                              name: bytes) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.pdf").write_bytes("甲单位\n1".encode())
    (folder / os.fsdecode(name)).write_bytes("乙单位\n2".encode())
    db = tmp_path / "c.db"
    build(folder, db, workers=1, limits=LIMITS, task=fake_record)
    rows = _rows(db)
    stored = shown_name(name)
    assert rows[stored] == ("ok", None) and rows["good.pdf"] == ("ok", None)
    assert stored.isprintable() and "\u202e" not in stored
    assert os.fsencode(real_name(stored)) == name
    assert _run_status(db) == ["finished"]


def test_names_that_could_spoof_a_line_are_shown_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("rtl\u202efdp.docx", "two\nlines.pdf"):
        (folder / name).write_bytes(b"BAD")  # fails: listed in the summary and the report
    db = tmp_path / "c.db"
    result = build(folder, db, workers=1, limits=LIMITS, task=fake_record)
    conn = sqlite3.connect(db)
    try:
        summary = build_summary(conn, result)
    finally:
        conn.close()
    page = render_report(collect(db))
    for shown in ("rtl\\xe2\\x80\\xaefdp.docx", "two\\x0alines.pdf"):
        assert f"  {shown}: the file is truncated" in summary.splitlines()
        assert shown in page
    assert "\u202e" not in summary + page and "two\nlines" not in summary + page


def test_a_file_over_the_size_limit_is_not_hashed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    with (folder / "big.pdf").open("wb") as fh:
        fh.truncate(250 * 1024**2)  # sparse: nothing is written
    db = tmp_path / "c.db"
    build(folder, db, workers=1, limits=LIMITS)
    conn = sqlite3.connect(db)
    try:
        row = conn.execute("SELECT status, error, sha256 FROM documents").fetchone()
    finally:
        conn.close()
    assert row == ("failed", "the file is 250 MiB, over the 200 MiB limit", None)


def test_a_folder_whose_own_name_is_not_utf8_is_built_and_pictured(tmp_path: Path) -> None:
    folder = tmp_path / os.fsdecode(b"in\xff")
    folder.mkdir()
    (folder / "a.pdf").write_bytes("甲单位\n1".encode())
    db = tmp_path / "c.db"
    build(folder, db, workers=1, limits=LIMITS, task=fake_record)
    assert _rows(db) == {"a.pdf": ("ok", None)} and _run_status(db) == ["finished"]
    flags = [f for r in collect(db)["reports"] for f in r["flags"]]
    # The folder is found again from the run's record, so the picture is attempted (a
    # fake is no PDF: the child that renders it says why there is none).
    whys = {p["why"] for f in flags for p in f["pictures"]}
    assert flags and len(whys) == 1 and whys.pop().startswith("no picture: a damaged PDF")
