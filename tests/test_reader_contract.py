"""The contract every reader in ``extract.registry.READERS`` keeps, whatever its format.

Each format has a *builder* that writes the same small documents in that format
(a table with merged cells, a table long enough to run over a page break). The
tests run once per builder. To put a new reader under contract, add a builder to
``BUILDERS`` under the reader's registry key: a class with a ``suffix`` and a
``write(spec, path)`` that lays out a :class:`TableDoc`.

Texts are compared with whitespace collapsed, since a PDF reader may break a
line where a DOCX holds one paragraph.
"""

from __future__ import annotations

import html
import random
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import docx
import openpyxl
import pytest
from docx.oxml import OxmlElement
from openpyxl.styles import Border, Side
from selfeval.extract.errors import EmptyFile, SelfevalError
from selfeval.extract.grid import Grid, RawDocument, TextLine
from selfeval.extract.office_convert import INSTALL_HINT, converter
from selfeval.extract.registry import READERS

from tests.pdf_builder import PdfTable, write_table_pdf

Merge = tuple[int, int, int, int]  # top, left, bottom, right (inclusive)


@dataclass(frozen=True)
class TableDoc:
    """A title line, a table, a closing line. A merged area's text is its top-left slot's."""

    title: str
    rows: tuple[tuple[str, ...], ...]
    merges: tuple[Merge, ...] = ()
    #: Rows at the top repeated on every page the table runs over.
    header_rows: int = 0
    closing: str = "end of the form"


class Builder(Protocol):
    suffix: str

    def write(self, spec: TableDoc, path: Path) -> None: ...


class DocxBuilder:
    """Writes a :class:`TableDoc` with python-docx (merges through ``_Cell.merge``)."""

    suffix = ".docx"

    def write(self, spec: TableDoc, path: Path) -> None:
        document = docx.Document()
        document.add_paragraph(spec.title)
        table = document.add_table(rows=len(spec.rows), cols=len(spec.rows[0]))
        table.style = "Table Grid"
        for top, left, bottom, right in spec.merges:
            table.cell(top, left).merge(table.cell(bottom, right))
        slots = [row.cells for row in table.rows]  # table.cell() is O(table) per call
        for r, row in enumerate(spec.rows):
            for c, text in enumerate(row):
                if not _covered(spec.merges, r, c):
                    slots[r][c].text = text
        for row in table.rows[: spec.header_rows]:
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        document.add_paragraph(spec.closing)
        document.save(str(path))


class PdfBuilder:
    """Writes a :class:`TableDoc` as a text PDF with vector rulings (tests/pdf_builder.py)."""

    suffix = ".pdf"

    def write(self, spec: TableDoc, path: Path) -> None:
        write_table_pdf(
            PdfTable(spec.title, spec.rows, spec.merges, spec.header_rows, spec.closing), path
        )


class XlsxBuilder:
    """Writes a :class:`TableDoc` with openpyxl: the title and closing line in unruled rows
    around the table, whose every cell has a thin border."""

    suffix = ".xlsx"

    def write(self, spec: TableDoc, path: Path) -> None:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.cell(1, 1, spec.title)
        thin = Side(style="thin")
        for r, row in enumerate(spec.rows):
            for c, text in enumerate(row):
                cell = sheet.cell(r + 3, c + 1, text or None)
                cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        for top, left, bottom, right in spec.merges:
            sheet.merge_cells(start_row=top + 3, start_column=left + 1,
                              end_row=bottom + 3, end_column=right + 1)
        sheet.cell(len(spec.rows) + 4, 1, spec.closing)
        book.save(path)


class HtmlBuilder:
    """Writes a :class:`TableDoc` as a page: a heading, a ``<table>`` with ``rowspan`` and
    ``colspan``, a paragraph."""

    suffix = ".html"

    def write(self, spec: TableDoc, path: Path) -> None:
        spans = {(t, left): (b - t + 1, r - left + 1) for t, left, b, r in spec.merges}
        rows = []
        for r, row in enumerate(spec.rows):
            cells = []
            for c, text in enumerate(row):
                if _covered(spec.merges, r, c):
                    continue
                rowspan, colspan = spans.get((r, c), (1, 1))
                cells.append(f'<td rowspan="{rowspan}" colspan="{colspan}">'
                             f"{html.escape(text)}</td>")
            rows.append(f"<tr>{''.join(cells)}</tr>")
        path.write_text(f"<!DOCTYPE html><html><body><h1>{html.escape(spec.title)}</h1>"
                        f"<table>{''.join(rows)}</table><p>{html.escape(spec.closing)}</p>"
                        "</body></html>", encoding="utf-8")


class DocBuilder:
    """Writes a :class:`TableDoc` as a DOCX and has LibreOffice save it as a Word 97 .doc
    (a private profile in the test's folder)."""

    suffix = ".doc"

    def write(self, spec: TableDoc, path: Path) -> None:
        command = converter()
        if command is None:
            pytest.skip(f"LibreOffice (soffice) is not installed: no .doc can be written or "
                        f"read here ({INSTALL_HINT})")
        source = path.with_name(f"{path.stem}-source.docx")
        DocxBuilder().write(spec, source)
        subprocess.run([command, "--headless", f"-env:UserInstallation={path.parent.as_uri()}"
                        "/lo-profile", "--convert-to", "doc", "--outdir", str(path.parent),
                        str(source)], check=True, capture_output=True, timeout=120)
        source.with_suffix(".doc").rename(path)


BUILDERS: dict[str, Builder] = {"docx": DocxBuilder(), "pdf": PdfBuilder(),
                                "xlsx": XlsxBuilder(), "html": HtmlBuilder(),
                                "doc": DocBuilder()}

#: Formats whose contract runs are slow (each read starts LibreOffice).
SLOW = {"doc"}


def _covered(merges: tuple[Merge, ...], r: int, c: int) -> bool:
    """True if slot (r, c) lies under a merge but is not its top-left slot."""
    return any(t <= r <= b and left <= c <= right and (r, c) != (t, left)
               for t, left, b, right in merges)


def _squash(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())


MERGED = TableDoc(
    title="Merged cells",
    rows=(
        ("level 1", "level 2", "name", "score"),
        ("output", "quantity", "trainings", "10"),
        ("", "", "surveys", ""),
        ("total", "", "", "90"),
    ),
    merges=((1, 0, 2, 0), (1, 1, 2, 1), (3, 0, 3, 2)),
)

#: 80 data rows at one line each fill more than one A4 page in any layout.
LONG_ROWS = 80
LONG = TableDoc(
    title="A table over a page break",
    rows=(("group", "item", "value"),)
    + tuple((f"group {i // 20}", f"item {i:02d}", str(i)) for i in range(LONG_ROWS)),
    merges=tuple((1 + g * 20, 0, 20 + g * 20, 0) for g in range(LONG_ROWS // 20)),
    header_rows=1,
)


@pytest.fixture(params=[pytest.param(f, marks=pytest.mark.slow) if f in SLOW else f
                        for f in sorted(BUILDERS)])
def fmt(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _build(fmt: str, spec: TableDoc, tmp_path: Path) -> Path:
    builder = BUILDERS[fmt]
    path = tmp_path / f"doc{builder.suffix}"
    builder.write(spec, path)
    return path


def _items(doc: RawDocument) -> tuple[list[TextLine], list[Grid], list[object]]:
    items = list(doc.items)
    return ([i for i in items if isinstance(i, TextLine)],
            [i for i in items if isinstance(i, Grid)], items)


def test_builders_are_registered_readers() -> None:
    assert set(BUILDERS) <= set(READERS)


def test_empty_file_is_refused_as_empty(fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"empty{BUILDERS[fmt].suffix}"
    path.write_bytes(b"")
    with pytest.raises(EmptyFile) as info:
        READERS[fmt].read(str(path))
    assert info.value.path == str(path)


def test_garbage_bytes_are_a_clear_error(fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"garbage{BUILDERS[fmt].suffix}"
    path.write_bytes(random.Random(7).randbytes(4096))
    with pytest.raises(SelfevalError) as info:
        list(READERS[fmt].read(str(path)).items)
    assert info.value.reason


def test_truncated_file_is_an_error_or_a_partial_read(fmt: str, tmp_path: Path) -> None:
    """Half a file may be recoverable; what is not allowed is any error but SelfevalError."""
    path = _build(fmt, LONG, tmp_path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    try:
        list(READERS[fmt].read(str(path)).items)
    except SelfevalError as exc:
        assert exc.path == str(path) and exc.reason


def test_merged_cells_are_one_cell_with_spans(fmt: str, tmp_path: Path) -> None:
    lines, grids, items = _items(READERS[fmt].read(str(_build(fmt, MERGED, tmp_path))))
    assert len(grids) == 1
    assert [_squash(t.text) for t in lines] == [MERGED.title, MERGED.closing]
    assert items.index(lines[0]) < items.index(grids[0]) < items.index(lines[1])
    grid = grids[0]
    assert (grid.n_rows, grid.n_cols) == (4, 4)
    spans = {(c.row, c.col): (c.rowspan, c.colspan) for c in grid.cells}
    assert spans[(1, 0)] == (2, 1) and spans[(1, 1)] == (2, 1) and spans[(3, 0)] == (1, 3)
    assert len(grid.cells) == 16 - 1 - 1 - 2
    expected = [[None if _covered(MERGED.merges, r, c) else text for c, text in enumerate(row)]
                for r, row in enumerate(MERGED.rows)]
    assert [[_squash(t) for t in row] for row in grid.rows()] == expected
    assert grid.rows()[2][3] == ""  # an empty cell is "", a covered slot None


def test_table_over_a_page_break_keeps_every_row_in_order(fmt: str, tmp_path: Path) -> None:
    lines, grids, items = _items(READERS[fmt].read(str(_build(fmt, LONG, tmp_path))))
    assert _squash(lines[0].text) == LONG.title and _squash(lines[-1].text) == LONG.closing
    assert items.index(lines[0]) < items.index(grids[0])
    assert items.index(grids[-1]) < items.index(lines[-1])
    rows = [row for g in grids for row in g.rows()]
    data = [_squash(row[1]) for row in rows if _squash(row[1]) != "item"]
    assert data == [row[1] for row in LONG.rows[1:]]
    # Each group's label covers the row it starts on, page break or not.
    for top, left, _bottom, _right in LONG.merges:
        starts = [g.slots() for g in grids]
        covering = [s[r][left] for s in starts for r in range(len(s))
                    if s[r][1] is not None and _squash(s[r][1].text) == LONG.rows[top][1]]
        assert len(covering) == 1 and covering[0] is not None
        assert _squash(covering[0].text) == LONG.rows[top][0]


def test_a_reader_keeps_its_registered_capabilities(fmt: str, tmp_path: Path) -> None:
    doc = READERS[fmt].read(str(_build(fmt, MERGED, tmp_path)))
    caps = READERS[fmt].capabilities
    assert doc.capabilities == caps and doc.format == fmt
    assert (doc.pages is not None) == caps.paged
    _, grids, _ = _items(doc)
    assert all((c.box is not None) == caps.geometry for g in grids for c in g.cells)
