"""The registry is the one place a format is named: a new format is one module
(tests/dummy_format.py) and one entry, and sniffing, messages, the preflight, the corpus
listing and the normaliser follow it without another change."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from selfeval.corpus.listing import list_documents
from selfeval.corpus.pipeline import process_file
from selfeval.extract import registry
from selfeval.extract.errors import DamagedFile, NoForm, UnsupportedFormat
from selfeval.extract.grid import Grid
from selfeval.extract.reading import preflight, read_document
from selfeval.extract.sniff import sniff_format
from selfeval.normalize import normalize_document

from tests import dummy_format, hostile_files
from tests.data_paths import WILD


@pytest.fixture()
def with_dummy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry.READERS, "dummy", dummy_format.SPEC)


def _write(folder: Path, name: str = "form.dummy") -> Path:
    path = folder / name
    path.write_bytes(dummy_format.MAGIC + b"some title\nhead|value\nname|x\n")
    return path


def test_unregistered_format_is_refused_naming_the_formats_read(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormat, match="a plain-text file, not a DOCX"):
        sniff_format(_write(tmp_path))
    assert ".dummy" not in registry.document_suffixes()


@pytest.mark.usefixtures("with_dummy")
def test_one_entry_makes_a_format_read_everywhere(tmp_path: Path) -> None:
    path = _write(tmp_path, "form.DUMMY")
    assert sniff_format(path) == preflight(path) == "dummy"
    assert ".dummy" in registry.document_suffixes()
    assert "form.DUMMY" in list_documents(tmp_path).documents
    assert registry.not_read().endswith("or a dummy table")
    raw = read_document(path)
    assert raw.format == "dummy" and raw.sha256
    grids = [i for i in raw.items if isinstance(i, Grid)]
    assert len(grids) == 1


@pytest.mark.usefixtures("with_dummy")
def test_the_normaliser_takes_the_new_format(tmp_path: Path) -> None:
    with pytest.raises(NoForm, match="no self-evaluation form found"):
        normalize_document(read_document(_write(tmp_path)))


@pytest.mark.usefixtures("with_dummy")
def test_a_form_in_the_new_format_is_read_scored_and_unpaged(tmp_path: Path) -> None:
    """A wild form's table written as a dummy table (spans dropped) is a report, without
    pages, since the dummy reader is not paged."""
    page = WILD / "ce01_ezhou" / "form.html"
    grid = next(i for i in read_document(page).items if isinstance(i, Grid))
    rows = ["|".join((text or "").replace("\n", " ") for text in row) for row in grid.rows()]
    path = tmp_path / "ce01.dummy"
    path.write_bytes(dummy_format.MAGIC + "\n".join(["项目支出绩效自评表", *rows]).encode())
    doc = process_file(path)
    assert doc.source.format == "dummy" and doc.source.pages is None
    assert [(r.project, r.pages) for r in doc.reports] == [("市民中心运行维护费", ())]


def test_what_no_reader_takes_is_named_with_the_formats_read(tmp_path: Path) -> None:
    ppt = tmp_path / "slides.doc"
    ppt.write_bytes(hostile_files.ole_doc_bytes("PowerPoint Document"))
    with pytest.raises(UnsupportedFormat) as caught:
        sniff_format(ppt)
    assert caught.value.reason == f"a legacy PowerPoint .ppt, {registry.not_read()}"
    package = tmp_path / "styles_only.xlsx"
    with zipfile.ZipFile(package, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/styles.xml", "<styleSheet/>")
    with pytest.raises(DamagedFile, match=": an XLSX workbook without xl/workbook.xml$"):
        sniff_format(package)
