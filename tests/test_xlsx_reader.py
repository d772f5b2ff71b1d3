"""The XLSX reader: cells as their number formats print them, the table told from the
lines around it by its borders, several forms per sheet, and hostile workbooks refused
with one line."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Border, Side
from selfeval.extract import errors, limits
from selfeval.extract.grid import Grid, TextLine
from selfeval.extract.number_format import printed
from selfeval.extract.reading import preflight, read_document
from selfeval.extract.sheet_layout import SheetOrigin, column_letters

from tests import hostile_files
from tests.conftest import ExtractJson
from tests.data_paths import SOURCES, WILD

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@pytest.mark.parametrize(("value", "code", "shown"), [
    (0.993, "0.00%", "99.30%"),
    (1, "0%", "100%"),
    (2023, "#,##0", "2,023"),
    (1288.375, "#,##0.00", "1,288.38"),
    (10, '0"分"', "10分"),
    (5, "0\\分", "5分"),
    (-2, "0.00;(0.00)", "(2.00)"),
    (0, '0.00;-0.00;"—"', "—"),
    (1234.5, "[$¥-804]#,##0.00", "¥1,234.50"),
    (7, "[Red]0.0", "7.0"),
    (150.0, "General", "150"),
    (0.1 + 0.2, "General", "0.3"),
    (12.345, "0.##", "12.35"),
    (12, "0.##", "12"),
    (dt.datetime(2023, 12, 31), 'yyyy"年"m"月"d"日"', "2023年12月31日"),
    (dt.date(2023, 1, 2), "yyyy-mm-dd", "2023-01-02"),
    ("文字", "0.00", "文字"),
    (None, "0.00", ""),
])
def test_a_cell_reads_as_printed(value: object, code: str, shown: str) -> None:
    assert printed(value, code) == shown


def _items(path: Path) -> list[Grid | TextLine]:
    return [i for i in read_document(path).items if isinstance(i, (Grid, TextLine))]


def _table(sheet: openpyxl.worksheet.worksheet.Worksheet, top: int, rows: list[list[object]]
           ) -> None:
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.cell(top + r, c + 1, value).border = BOX


def test_two_forms_on_one_sheet_and_a_hidden_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.cell(1, 1, "表一")
    _table(sheet, 2, [["项目名称", "甲"], ["执行率", 0.5]])
    sheet.cell(3, 2).number_format = "0.00%"
    sheet.cell(5, 1, "表二")
    _table(sheet, 6, [["项目名称", "乙"]])
    hidden = book.create_sheet("hidden")
    hidden.cell(1, 1, "隐藏")
    hidden.sheet_state = "hidden"
    path = tmp_path / "two.xlsx"
    book.save(path)
    items = _items(path)
    assert [type(i).__name__ for i in items] == ["TextLine", "Grid", "TextLine", "Grid"]
    first = items[1]
    assert isinstance(first, Grid) and first.rows() == [["项目名称", "甲"], ["执行率", "50.00%"]]


def test_hidden_rows_and_columns_are_not_read(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    _table(sheet, 1, [["项目名称", "辅助列", "甲"], ["隐藏行", "x", "y"], ["执行率", "z", 0.5]])
    sheet.column_dimensions["B"].hidden = True
    sheet.row_dimensions[2].hidden = True
    path = tmp_path / "hidden.xlsx"
    book.save(path)
    grid = next(i for i in _items(path) if isinstance(i, Grid))
    assert grid.rows() == [["项目名称", "甲"], ["执行率", "0.5"]]
    # each cell keeps the address a spreadsheet shows, the hidden row and column counted
    assert {(c.row, c.col): (c.sheet, c.address) for c in grid.cells} == {
        (0, 0): ("Sheet", "A1"), (0, 1): ("Sheet", "C1"),
        (1, 0): ("Sheet", "A3"), (1, 1): ("Sheet", "C3")}


def test_an_address_counts_every_hidden_row_and_column_before_it() -> None:
    hidden = (0, 2, 3, *range(10, 1000))  # a long hidden run, as a sheet may have
    shown = [i for i in range(1100) if i not in hidden]
    origin = SheetOrigin("S", hidden, (1,))
    for index in range(len(shown) - 1):
        assert origin.address(index, index % 3) == (
            "ACD"[index % 3] + str(shown[index] + 1))
    assert column_letters(25) + column_letters(26) + column_letters(701) == "ZAAZZ"


@pytest.mark.parametrize("form", ["ce01_ezhou", "sc04_xinzhou_opera"])
def test_every_cell_address_opens_the_cell_it_was_read_from(form: str) -> None:
    path = WILD / form / f"{form}.xlsx"
    book = openpyxl.load_workbook(path, data_only=True)
    grids = [i for i in _items(path) if isinstance(i, Grid)]
    read = [c for g in grids for c in g.cells if c.text]
    assert read
    for cell in read:
        assert cell.sheet is not None and cell.address is not None
        opened = book[cell.sheet][cell.address]
        assert printed(opened.value, opened.number_format) == cell.text, cell


def test_a_far_corner_cell_is_refused_before_the_walk(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active["A1"] = "项目名称"
    book.active["XFD1048576"] = "x"
    path = tmp_path / "far.xlsx"
    book.save(path)
    with pytest.raises(errors.LimitExceeded, match="cell limit"):
        read_document(path)


def test_a_merge_over_the_whole_sheet_is_refused_before_loading(tmp_path: Path) -> None:
    """openpyxl makes an object per slot a merged range covers: the preflight streams the
    sheet and refuses A1:XFD1048576 (17 billion slots) in well under a second."""
    book = openpyxl.Workbook()
    book.active["A1"] = "项目名称"
    made = tmp_path / "made.xlsx"
    book.save(made)
    path = _with_sheet(made, tmp_path / "merge.xlsx", lambda xml: xml.replace(
        b"</worksheet>", b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/>'
        b"</mergeCells></worksheet>"))
    started = time.monotonic()
    with pytest.raises(errors.LimitExceeded, match="spans 1,048,576 x 16,384 cells, over"):
        preflight(path)
    with pytest.raises(errors.LimitExceeded):
        read_document(path)
    assert time.monotonic() - started < 2


def _with_sheet(source: Path, dest: Path, change: Callable[[bytes], bytes]) -> Path:
    """Copy the workbook ``source`` to ``dest`` with its first sheet's XML changed."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(dest, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            dst.writestr(info, data)
    return dest


def _xlsx_with(tmp_path: Path, name: str, sheet_xml: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(hostile_files.xlsx_bytes(sheet_xml))
    return path


def test_a_zip_bomb_workbook_is_refused_in_preflight(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("xl/workbook.xml", b"<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"<worksheet>" + b" " * (
            limits.MAX_DOCX_XML_BYTES + 1024) + b"</worksheet>")
    with pytest.raises(errors.LimitExceeded, match=r": the XLSX holds .* of XML, over the"):
        preflight(path)
    with pytest.raises(errors.LimitExceeded):
        read_document(path)


def test_entity_declarations_in_a_sheet_are_refused(tmp_path: Path) -> None:
    path = _xlsx_with(tmp_path, "entities.xlsx", hostile_files.entity_bomb_xml())
    with pytest.raises(errors.DamagedFile, match="XML entity declarations are not allowed"):
        read_document(path)


def test_a_workbook_named_like_another_format_is_read(tmp_path: Path) -> None:
    """openpyxl refuses a file name not ending .xlsx; the reader hands it the open file."""
    path = tmp_path / "form.pdf"
    shutil.copyfile(SOURCES / "002_qnjinrong_xlsx-export.xlsx", path)
    assert any(isinstance(i, Grid) for i in read_document(path).items)


def test_entities_declared_past_the_prolog_check_are_still_refused(tmp_path: Path) -> None:
    """A DOCTYPE behind 70 KB of comment escapes the preflight's look at the prolog; the
    streaming scan of the sheet's extent meets libxml2's amplification limit and refuses
    it, in one line, at once, before openpyxl parses anything."""
    book = openpyxl.Workbook()
    book.active["A1"] = "项目名称"
    made = tmp_path / "made.xlsx"
    book.save(made)
    bomb = hostile_files.entity_bomb_xml().split(b"?>", 1)[1]
    path = _with_sheet(made, tmp_path / "deep.xlsx",
                       lambda _: b'<?xml version="1.0"?><!--' + b"x" * 70_000 + b"-->" + bomb)
    started = time.monotonic()
    with pytest.raises(errors.DamagedFile, match=": an XLSX whose sheet is not well-formed "
                       r"XML \(Maximum entity amplification"):
        preflight(path)
    assert time.monotonic() - started < 5


def _stack(sources: list[Path], dest: Path) -> None:
    """Copy each workbook's first sheet (values, number formats, borders, merges) one under
    another on one sheet, two empty rows apart."""
    book = openpyxl.Workbook()
    sheet = book.active
    top = 0
    for source in sources:
        src = openpyxl.load_workbook(source).active
        for row in src.iter_rows():
            for cell in row:
                new = sheet.cell(cell.row + top, cell.column)
                if not isinstance(cell, MergedCell):
                    new.value, new.number_format = cell.value, cell.number_format
                new.border = copy.copy(cell.border)
        for merged in src.merged_cells.ranges:
            sheet.merge_cells(start_row=merged.min_row + top, start_column=merged.min_col,
                              end_row=merged.max_row + top, end_column=merged.max_col)
        top += src.max_row + 2
    book.save(dest)


def test_two_forms_stacked_on_one_sheet_read_as_their_own_workbooks(
        tmp_path: Path, extract_json: ExtractJson) -> None:
    sources = [WILD / form / f"{form}.xlsx" for form in ("ce01_ezhou", "sc04_xinzhou_opera")]
    _stack(sources, tmp_path / "two.xlsx")
    alone = [extract_json(source)["reports"] for source in sources]
    stacked = extract_json(tmp_path / "two.xlsx")["reports"]
    # the same records, but that the second form's tables come after the first's
    assert _without_cells(stacked) == _without_cells(alone[0] + alone[1])

    def first_table(report: dict[str, Any]) -> int:
        return int(report["indicators"][0]["cells"]["name"][0]["table"])

    assert first_table(stacked[-1]) > first_table(alone[1][-1])


def _without_cells(value: object) -> object:
    """A record's JSON without its cell locations (``cells`` keys)."""
    if isinstance(value, dict):
        return {k: _without_cells(v) for k, v in value.items() if k != "cells"}
    if isinstance(value, list):
        return [_without_cells(v) for v in value]
    return value
