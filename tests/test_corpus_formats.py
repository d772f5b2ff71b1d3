"""``corpus build`` picks up every suffix a reader takes (upper case too) and stores each
format's documents and reports; the report pictures only paged formats' flags and shows
the others' flagged rows as tables."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from selfeval.corpus.ingest import build
from selfeval.corpus.report_html import collect
from selfeval.corpus.workers import Limits
from selfeval.extract.office_convert import converter
from selfeval.extract.registry import document_suffixes

from tests.data_paths import DATA, SOURCES

pytestmark = pytest.mark.slow  # a real corpus build

#: One document per new format, under a name with a suffix the readers take.
FILES = {
    "calc/000.xlsx": SOURCES / "000_qiannan_xlsx-export.xlsx",
    "calc/002.XLS": SOURCES / "002_qnjinrong_xlsx-export.xls",
    "wps/002.et": SOURCES / "002_qnjinrong_xlsx-export.xls",
    "pages/ce01.shtml": DATA / "html" / "ce01_saved_page.html",
    "pages/003.htm": SOURCES / "003_yueyang_docx.html",
    "word/001.doc": SOURCES / "001_longgang_docx.doc",
}
FORMATS = {"calc/000.xlsx": "xlsx", "calc/002.XLS": "xls", "wps/002.et": "xls",
           "pages/ce01.shtml": "html", "pages/003.htm": "html", "word/001.doc": "doc"}


def test_every_registered_suffix_is_built(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for name, source in FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, folder / name)
    assert {Path(n).suffix.lower() for n in FILES} <= set(document_suffixes())
    db = tmp_path / "c.db"
    result = build(folder, db, workers=2, limits=Limits(timeout_s=120.0, max_memory=3 * 1024**3))
    conn = sqlite3.connect(db)
    rows = {p: (f, s, e) for p, f, s, e in
            conn.execute("SELECT path, format, status, error FROM documents")}
    reports = dict(conn.execute("SELECT d.path, count(*) FROM reports r JOIN documents d "
                                "ON r.document_id = d.id GROUP BY d.path").fetchall())
    conn.close()
    for name, fmt in FORMATS.items():
        if fmt == "doc" and converter() is None:
            assert rows[name][1] == "failed" and "needs LibreOffice" in str(rows[name][2])
            continue
        assert rows[name] == (fmt, "ok", None), name
        assert reports[name] >= 1
    assert not [f for f in result.failures if FORMATS[f[0]] != "doc"]
    flags = [flag for report in collect(db)["reports"] for flag in report["flags"]]
    assert flags and all(not f["pictures"] and f["table"] for f in flags)
