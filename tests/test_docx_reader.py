"""The DOCX reader on the real fixtures, on hand-written WordprocessingML, and on bad files."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import docx
import pytest
from selfeval.extract.docx_reader import WORD_MAX_COLUMNS, read_docx
from selfeval.extract.errors import DamagedFile, EmptyFile, EncryptedFile, LimitExceeded
from selfeval.extract.grid import Grid, TextLine
from selfeval.extract.safety import XML_PROLOG_BYTES

from tests.data_paths import DOCS

LONGGANG = DOCS / "001_longgang_docx.docx"
YUEYANG = DOCS / "003_yueyang_docx.docx"
HUANGPU = DOCS / "004_huangpu_docx.docx"

W_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
)


def _items(path: Path | str) -> list[Grid | TextLine]:
    doc = read_docx(str(path))
    assert (doc.format, doc.pages) == ("docx", None)
    return list(doc.items)


def _grids(path: Path | str) -> list[Grid]:
    return [i for i in _items(path) if isinstance(i, Grid)]


def _cell_at(grid: Grid, row: int, col: int) -> tuple[int, int, str]:
    """Return (rowspan, colspan, text) of the cell whose top-left slot is (row, col)."""
    cell = next(c for c in grid.cells if (c.row, c.col) == (row, col))
    return cell.rowspan, cell.colspan, cell.text


def _write_zip(path: Path, parts: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def _docx(tmp_path: Path, body: str) -> Path:
    """Write a DOCX whose body is the WordprocessingML ``body``."""
    xml = f"<w:document {W_NS}><w:body>{body}</w:body></w:document>"
    return _write_zip(tmp_path / "made.docx", {"word/document.xml": xml})


def _p(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def _r(text: str, font: str | None = None) -> str:
    pr = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr>' if font else ""
    return f'<w:r>{pr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _tc(text: str, pr: str = "") -> str:
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{_p(_r(text))}</w:tc>"


def _span(n: int) -> str:
    return f'<w:gridSpan w:val="{n}"/>'


def _tbl(n_cols: int, *rows: str) -> str:
    grid = '<w:gridCol w:w="500"/>' * n_cols
    return f"<w:tbl><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def _text(path: Path) -> str:
    return "\n".join(i.text for i in _items(path) if isinstance(i, TextLine))


# --- the fixtures -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "shapes"),
    [
        (LONGGANG, [(24, 9, 146), (23, 9, 140), (23, 9, 140)]),
        (YUEYANG, [(22, 7, 90), (25, 9, 140), (30, 9, 187)]),
        (HUANGPU, [(7, 10, 30), (29, 10, 193)]),
    ],
)
def test_fixture_tables_and_their_shapes(path: Path, shapes: list[tuple[int, int, int]]) -> None:
    assert [(g.n_rows, g.n_cols, len(g.cells)) for g in _grids(path)] == shapes
    for grid in _grids(path):
        assert grid.extractor == "docx" and grid.page is None
        # every slot is covered by exactly one cell: the spans tile the grid
        assert sum(c.rowspan * c.colspan for c in grid.cells) == grid.n_rows * grid.n_cols
        assert all(cell is not None for row in grid.slots() for cell in row)


@pytest.mark.parametrize("path", [LONGGANG, YUEYANG, HUANGPU])
def test_fixture_grids_match_python_docx_cells_deduplicated_by_identity(path: Path) -> None:
    """python-docx repeats one _Cell (one w:tc) in every slot of a merge: an independent oracle."""
    expected = []
    for table in docx.Document(str(path)).tables:
        n_cols = len(table.columns)
        first: dict[object, list[int | str]] = {}
        for i, cell in enumerate(table._cells):
            r, c = divmod(i, n_cols)
            box = first.setdefault(cell._tc, [r, c, r, c, cell.text])
            box[2], box[3] = r, c
        cells = {(a, b, r2 - a + 1, c2 - b + 1, t if t.strip() else "")
                 for a, b, r2, c2, t in first.values()}  # type: ignore[operator]
        expected.append((len(table.rows), n_cols, cells))
    got = [(g.n_rows, g.n_cols, {(c.row, c.col, c.rowspan, c.colspan, c.text) for c in g.cells})
           for g in _grids(path)]
    assert got == expected


def test_longgang_item_order_code_and_indicator_blocks() -> None:
    items = _items(LONGGANG)
    assert [type(i).__name__ for i in items] == ["TextLine", "Grid"] * 3
    assert items[0].text == "项目支出绩效自评表"  # type: ignore[union-attr]
    grid = items[1]
    assert isinstance(grid, Grid)
    rows = grid.rows()
    assert rows[0][1] == "440307210701500003496"  # 21 digits wrapped in one cell
    assert _cell_at(grid, 11, 0) == (12, 1, "年度绩效指标")
    assert _cell_at(grid, 12, 1) == (5, 1, "产出指标 (50分)")
    assert _cell_at(grid, 13, 2) == (2, 1, "质量指标")
    assert rows[14][2] is None and rows[16][1] is None and rows[22][0] is None
    assert rows[12][2:8] == ["数量指标", "推动非公企业应建尽建党组织", "新增党组织覆盖企业≥2家",
                             "2家", "10", "10"]
    assert rows[12][8] == ""  # an empty cell, not a covered slot


def test_yueyang_keeps_blank_paragraphs_and_typed_spaces() -> None:
    items = _items(YUEYANG)
    lines = [i.text for i in items if isinstance(i, TextLine)]
    assert lines[:2] == ["附件1", "2024年度部门整体支出绩效评价基础数据表"]
    assert "2024年度部门整体支出绩效自评表" in lines
    assert lines[lines.index("附件2") + 1] == "2024年度部门整体支出绩效自评表"
    assert lines[-1] == "6、社会保险基金预算支出情况表"
    form = _grids(YUEYANG)[1]
    assert _cell_at(form, 11, 1) == (4, 1, "\n\n产出指标\n(50分)")
    assert _cell_at(form, 10, 0) == (14, 1, "\n绩效指标")
    assert form.rows()[10][3] == "三级指 标" and form.rows()[1][6] == "分 值"
    assert form.rows()[24][6:8] == ["100", "92"]


def test_huangpu_merge_across_page_break_and_ticked_grade() -> None:
    indicators = _grids(HUANGPU)[1]
    rowspan, colspan, text = _cell_at(indicators, 4, 0)
    assert (rowspan, colspan, text.strip()) == (23, 1, "管理效率")
    assert _cell_at(indicators, 1, 0) == (3, 1, "履职效能")
    assert _cell_at(indicators, 12, 2) == (7, 1, "采购管理")
    assert all(indicators.rows()[r][0] is None for r in range(5, 27))
    assert _cell_at(indicators, 27, 0) == (1, 3, "总分")
    grade = indicators.rows()[28][3]
    assert grade is not None and grade.startswith("☑优") and grade.count("□") == 3
    budget = _grids(HUANGPU)[0]
    assert _cell_at(budget, 3, 0) == (4, 1, "年度部门预算情况")
    assert _cell_at(budget, 3, 2) == (1, 8, "年度预算资金类别")


# --- hand-written WordprocessingML ------------------------------------------------------

CHECKBOXES = {
    "sym Wingdings": '<w:r><w:sym w:font="Wingdings" w:char="F0FE"/></w:r>'
                     '<w:r><w:sym w:font="Wingdings" w:char="F0A8"/></w:r>',
    "Wingdings 2 run": _r("R", "Wingdings 2") + _r("£", "Wingdings 2"),
    "plain ☒ ☐": _r("☒☐"),
    "w14 content control": "".join(
        f'<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="{v}"/></w14:checkbox></w:sdtPr>'
        f"<w:sdtContent>{_r('☒')}</w:sdtContent></w:sdt>" for v in ("1", "0")),
    "FORMCHECKBOX": "".join(
        f'<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox>{state}'
        f'</w:checkBox></w:ffData></w:fldChar></w:r><w:r><w:instrText> FORMCHECKBOX </w:instrText>'
        f'</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        for state in ('<w:default w:val="0"/><w:checked/>', '<w:default w:val="0"/>')),
    "AlternateContent": '<mc:AlternateContent><mc:Choice Requires="w14">'
                        f"{_r('x')}</mc:Choice><mc:Fallback>"
                        '<w:r><w:sym w:font="Wingdings 2" w:char="F052"/></w:r>'
                        f"</mc:Fallback></mc:AlternateContent>{_r('□')}",
}


@pytest.mark.parametrize("encoding", sorted(CHECKBOXES))
def test_checkbox_encodings_read_as_ticked_then_unticked(encoding: str, tmp_path: Path) -> None:
    path = _docx(tmp_path, _p(CHECKBOXES[encoding], _r("优")))
    assert _text(path) == "☑□优"


def test_tracked_changes_fields_and_controls(tmp_path: Path) -> None:
    body = _p(
        _r("kept "), f"<w:ins>{_r('inserted ')}</w:ins>", "<w:del><w:r><w:delText>gone"
        "</w:delText></w:r><w:r><w:t>gone too</w:t></w:r></w:del>",
        f"<w:moveFrom>{_r('moved away')}</w:moveFrom>",
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', _r("2024-03-01"),
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        f'<w:fldSimple w:instr=" PAGE ">{_r(" p1")}</w:fldSimple>',
        f"<w:hyperlink>{_r(' link')}</w:hyperlink>",
        f"<w:r><w:drawing>{_p(_r('in a text box'))}</w:drawing></w:r>",
    ) + f"<w:sdt><w:sdtPr/><w:sdtContent>{_p(_r('in a control'))}</w:sdtContent></w:sdt>"
    assert _text(_docx(tmp_path, body)) == "kept inserted 2024-03-01 p1 link\nin a control"


def test_breaks_split_body_lines_but_stay_inside_a_cell(tmp_path: Path) -> None:
    cell = f"<w:tc>{_p(_r('a'), '<w:br/>', _r('b'))}{_p()}{_p(_r('c'), '<w:tab/>', _r('d'))}</w:tc>"
    body = _p(_r("填表人：x"), "<w:br/>", _r("  "), "<w:br/>", _r("填报日期：y")) + _tbl(
        1, f"<w:tr>{cell}</w:tr>", f"<w:tr>{_tc('  ')}</w:tr>")
    items = _items(_docx(tmp_path, body))
    assert [i.text for i in items if isinstance(i, TextLine)] == ["填表人：x", "填报日期：y"]
    assert items[-1].rows() == [["a\nb\n\nc\td"], [""]]  # type: ignore[union-attr]


def test_grid_before_after_short_rows_and_wrapped_cells(tmp_path: Path) -> None:
    before = '<w:trPr><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr>'
    body = _tbl(
        4,
        f"<w:tr>{before}{_tc('b')}{_tc('c')}</w:tr>",
        f"<w:tr>{_tc('a')}</w:tr>",
        f"<w:tr><w:sdt><w:sdtContent>{_tc('in sdt')}</w:sdtContent></w:sdt>"
        f"<w:ins>{_tc('inserted')}</w:ins>{_tc('wide', _span(2))}</w:tr>",
        f'<w:tr><w:trPr><w:del w:id="1"/></w:trPr>{_tc("deleted row")}</w:tr>',
    )
    grid = _grids(_docx(tmp_path, body))[0]
    assert (grid.n_rows, grid.n_cols) == (3, 4)
    assert grid.rows() == [[None, "b", "c", None], ["a", None, None, None],
                           ["in sdt", "inserted", "wide", None]]


def test_vertical_and_legacy_horizontal_merges(tmp_path: Path) -> None:
    restart, cont = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    h_restart = '<w:hMerge w:val="restart"/>'
    body = _tbl(
        3,
        f"<w:tr>{_tc('v', restart)}{_tc('h', h_restart)}"
        f"{_tc('', '<w:hMerge/>')}</w:tr>",
        f"<w:tr>{_tc('', cont)}{_tc('x')}{_tc('orphan', cont)}</w:tr>",
        f"<w:tr>{_tc('typed under merge', cont)}{_tc('y')}{_tc('z')}</w:tr>",
    )
    grid = _grids(_docx(tmp_path, body))[0]
    assert _cell_at(grid, 0, 0) == (3, 1, "v\ntyped under merge")
    assert _cell_at(grid, 0, 1) == (1, 2, "h")
    assert _cell_at(grid, 1, 2) == (1, 1, "orphan")  # continues nothing: a cell of its own
    assert grid.rows()[1] == [None, "x", "orphan"]


def test_nested_table_is_flattened_into_its_cell(tmp_path: Path) -> None:
    inner = _tbl(2, f"<w:tr>{_tc('n1')}{_tc('n2')}</w:tr>", f"<w:tr>{_tc('n3')}{_tc('')}</w:tr>")
    body = _tbl(2, f"<w:tr><w:tc>{_p(_r('outer'))}{inner}{_p()}</w:tc>{_tc('next')}</w:tr>")
    grids = _grids(_docx(tmp_path, body))
    assert len(grids) == 1
    assert grids[0].rows() == [["outer\nn1\nn2\nn3\n\n", "next"]]


def test_hostile_span_is_clamped(tmp_path: Path) -> None:
    body = f'<w:tbl><w:tr>{_tc("x", _span(999_999_999))}</w:tr></w:tbl>'
    grid = _grids(_docx(tmp_path, body))[0]
    assert (grid.n_rows, grid.n_cols) == (1, WORD_MAX_COLUMNS)


# --- bad files --------------------------------------------------------------------------


def _doc(xml: str) -> str:
    return f'<?xml version="1.0"?>{xml}'


def test_empty_missing_part_and_broken_archive(tmp_path: Path) -> None:
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    with pytest.raises(EmptyFile):
        read_docx(str(empty))
    no_part = _write_zip(tmp_path / "nopart.docx", {"word/styles.xml": "<x/>"})
    with pytest.raises(DamagedFile, match="without word/document.xml"):
        read_docx(str(no_part))
    cut = tmp_path / "cut.docx"
    cut.write_bytes(HUANGPU.read_bytes()[:20000])
    with pytest.raises(DamagedFile, match="ZIP"):
        read_docx(str(cut))
    ole = tmp_path / "locked.docx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(DamagedFile, match="ZIP"):  # an OLE file: encrypted DOCX or .doc
        read_docx(str(ole))


@pytest.mark.parametrize(
    ("xml", "reason"),
    [
        (f"<w:document {W_NS}><w:body><w:p>", "not well-formed XML"),
        (f"<w:document {W_NS}/>", "no <w:body>"),
        ("<html/>", "root <html>"),
        (f"<w:document {W_NS}><w:body>" + "<w:sdt><w:sdtContent>" * 200 + "<w:p/>"
         + "</w:sdtContent></w:sdt>" * 200 + "</w:body></w:document>", "depth"),
    ],
)
def test_broken_xml_is_damaged(xml: str, reason: str, tmp_path: Path) -> None:
    path = _write_zip(tmp_path / "bad.docx", {"word/document.xml": _doc(xml)})
    with pytest.raises(DamagedFile, match=reason):
        read_docx(str(path))


def test_entity_bombs_and_external_entities_are_refused(tmp_path: Path) -> None:
    laughs = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
    bomb = (f'<!DOCTYPE w:document [<!ENTITY e0 "lol">{laughs}]>'
            f"<w:document {W_NS}><w:body>{_p('<w:r><w:t>&e9;</w:t></w:r>')}</w:body></w:document>")
    external = (f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                f"<w:document {W_NS}><w:body>{_p(_r('&x;'))}</w:body></w:document>")
    # a DTD behind a prolog longer than safety's look-ahead is caught by the parser
    hidden = "<!--" + " " * (XML_PROLOG_BYTES + 10) + "-->"
    for xml, reason in ((bomb, "declares a DOCTYPE"), (external, "declares a DOCTYPE"),
                        (hidden + external, "declares a DTD"),
                        (hidden + bomb, "entity amplification")):
        path = _write_zip(tmp_path / "dtd.docx", {"word/document.xml": _doc(xml)})
        with pytest.raises(DamagedFile, match=reason):
            read_docx(str(path))


def test_declared_uncompressed_size_over_the_limit(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("selfeval.extract.limits.MAX_DOCX_UNCOMPRESSED_BYTES", 4000)
    path = _docx(tmp_path, _p(_r("x" * 5000)))
    with pytest.raises(LimitExceeded, match="over the 0 MiB limit"):
        read_docx(str(path))


def test_a_lying_declared_size_does_not_inflate_the_rest(tmp_path: Path) -> None:
    path = _docx(tmp_path, _p(_r("x" * 50_000)))
    data = bytearray(path.read_bytes())
    # The document part is the second member; patch its size in the local and central headers.
    local = data.index(b"PK\x03\x04", 4)
    central = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 4)
    struct.pack_into("<I", data, local + 22, 100)
    struct.pack_into("<I", data, central + 24, 100)
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedFile, match="Bad CRC-32"):
        read_docx(str(path))


def test_encrypted_and_exotic_zip_members(tmp_path: Path) -> None:
    path = _docx(tmp_path, _p(_r("x")))
    data = bytearray(path.read_bytes())
    for sig, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(sig, data.index(sig) + 4)
        struct.pack_into("<H", data, at + flag_at, 1)
    locked = tmp_path / "locked.docx"
    locked.write_bytes(bytes(data))
    with pytest.raises(EncryptedFile):
        read_docx(str(locked))
    bz = tmp_path / "bz.docx"
    with zipfile.ZipFile(bz, "w", zipfile.ZIP_BZIP2) as zf:
        zf.writestr("word/document.xml", f"<w:document {W_NS}><w:body/></w:document>")
    with pytest.raises(DamagedFile, match="compression method 12"):
        read_docx(str(bz))
