"""The normaliser on forms laid out unlike the fixtures: a title inside the table, a
different column order, a total without a label — built here as DOCX files."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from selfeval.corpus.pipeline import process_file
from selfeval.extract.errors import NoForm
from selfeval.extract.grid import PAGED_LAYOUT, Cell, Grid, RawDocument, TextLine
from selfeval.normalize.document import normalize_document
from selfeval.normalize.records import Report


def _form_docx(path: Path, rows: list[list[str]], merges: list[tuple[int, int, int, int]],
               before: tuple[str, ...] = (), after: tuple[str, ...] = ()) -> Path:
    document = docx.Document()
    for text in before:
        document.add_paragraph(text)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for top, left, bottom, right in merges:
        table.cell(top, left).merge(table.cell(bottom, right))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    for text in after:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def test_title_and_year_inside_the_table_and_columns_in_another_order(tmp_path: Path) -> None:
    rows = [
        ["2023年度项目支出绩效自评表", "", "", "", "", "", "", ""],
        ["项目名称", "社区服务经费", "", "实施单位", "某某街道办事处", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分",
         "未完成原因分析"],
        ["产出指标(60分)", "数量指标", "服务人次", "30", "≥1000人次", "1200人次", "30", ""],
        ["", "质量指标", "满意率", "30", "≥90%", "85%", "28", ""],
        ["效益指标(40分)", "社会效益指标", "居民参与", "40", "有效提升", "有效提升", "40", ""],
        ["总分", "", "", "100", "", "", "98", ""],
    ]
    merges = [(0, 0, 0, 7), (1, 1, 1, 2), (1, 4, 1, 7), (3, 0, 4, 0), (6, 0, 6, 2)]
    doc = process_file(_form_docx(tmp_path / "form.docx", rows, merges,
                                  after=("联系人：张三 联系电话：010-12345678",)))
    [report] = doc.reports
    assert report.title == "2023年度项目支出绩效自评表"
    assert report.year == 2023 and report.form == "project"
    assert (report.project, report.agency) == ("社区服务经费", "某某街道办事处")
    assert (report.contact, report.phone) == ("张三", "010-12345678")
    assert [i.name for i in report.indicators] == ["服务人次", "满意率", "居民参与"]
    assert [i.level1 for i in report.indicators] == ["产出指标", "产出指标", "效益指标"]
    assert report.indicators[1].target == "≥90%" and report.indicators[1].score == Decimal(28)
    assert report.level1_points == {"产出指标": Decimal(60), "效益指标": Decimal(40)}
    assert (report.total_weight, report.total_score) == (Decimal(100), Decimal(98))
    # The scorer reads what was extracted: 满意率 missed its target and gives no reason.
    assert {f.rule for f in report.flags} == {"missing_reason"}


def test_a_table_that_is_not_a_form_is_no_report(tmp_path: Path) -> None:
    rows = [["名称", "数量"], ["办公桌", "3"]]
    path = _form_docx(tmp_path / "other.docx", rows, [], before=("资产清单",))
    with pytest.raises(NoForm, match="no self-evaluation form"):
        process_file(path)


#: A transfer-payment form's head rows and funds block, cut before its indicator table.
_CUT_FORM_ROWS = [
    ["转移支付(项目)名称", "重大传染病防治项目", "", ""],
    ["地方主管部门", "某州卫生健康委", "资金使用单位", "某县卫生健康局"],
    ["项目资金(万元)", "全年预算数(A)", "全年执行数(B)", "预算执行率(B/A)"],
    ["年度资金总额", "811.54", "811.54", "100%"],
    ["其中:中央财政资金", "730.4", "730.4", "100%"],
]


def test_an_untitled_cut_form_is_a_report_by_its_project_and_funds(tmp_path: Path) -> None:
    path = _form_docx(tmp_path / "cut.docx", _CUT_FORM_ROWS, [(0, 1, 0, 3)],
                      before=("某县卫生健康局2021年度转移支付绩效自评情况公示",))
    [report] = process_file(path).reports
    assert (report.project, report.agency) == ("重大传染病防治项目", "某县卫生健康局")
    assert [f.budget for f in report.funds] == [Decimal("811.54"), Decimal("730.4")]
    assert report.title == "" and report.year == 2021  # from the headline naming 自评


def test_an_untitled_table_with_a_project_but_no_amounts_is_no_report(tmp_path: Path) -> None:
    rows = [row[:] for row in _CUT_FORM_ROWS]
    for row in rows[3:]:
        row[1:] = ["", "", ""]
    path = _form_docx(tmp_path / "blank.docx", rows, [(0, 1, 0, 3)])
    with pytest.raises(NoForm, match="no self-evaluation form"):
        process_file(path)


def test_a_list_of_forms_above_a_form_is_not_a_form(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("2022年度项目支出绩效自评表")
    listing = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["序号", "项目名称", "备注"], ["1", "甲项目自评表", ""],
                             ["2", "乙项目自评表", ""]]):
        for c, text in enumerate(row):
            listing.cell(r, c).text = text
    document.add_paragraph("项目支出绩效自评表")
    form = document.add_table(rows=len(_CUT_FORM_ROWS), cols=4)
    for r, row in enumerate(_CUT_FORM_ROWS):
        for c, text in enumerate(row):
            if text:
                form.cell(r, c).text = text
    document.save(str(tmp_path / "two.docx"))
    [report] = process_file(tmp_path / "two.docx").reports
    assert report.project == "重大传染病防治项目" and report.title == "项目支出绩效自评表"


def test_a_year_printed_only_in_the_file_name_above_the_title_is_read(tmp_path: Path) -> None:
    path = _form_docx(tmp_path / "named.docx", _CUT_FORM_ROWS, [(0, 1, 0, 3)],
                      before=("某县交通运输局2021年度乡村道路项目自评表.pdf",
                              "某县财政预算支出项目绩效目标自评表"))
    [report] = process_file(path).reports
    assert report.title == "某县财政预算支出项目绩效目标自评表" and report.year == 2021


def _ruled_region(rows: list[tuple[str, ...]]) -> RawDocument:
    """A PDF page whose one ruled region holds ``rows`` (every cell boxed; a row of one
    text spans the region)."""
    width = max(len(r) for r in rows)
    cells = []
    for r, row in enumerate(rows):
        span = width - len(row) + 1
        for c, text in enumerate(row):
            left = 0 if c == 0 else c + span - 1
            wide = span if c == 0 else 1
            cells.append(Cell(r, left, text, colspan=wide, page=1,
                              box=(left * 50.0, r * 20.0, (left + wide) * 50.0, r * 20.0 + 20)))
    grid = Grid(len(rows), width, tuple(cells), extractor="pdf-text", page=1)
    return RawDocument("page.pdf", "pdf", 1, iter([grid]), PAGED_LAYOUT)


_TAIL = [("产出指标", "数量指标", "发放人数", "=", "100", "%", "100", "5", "5", ""),
         ("效益指标", "社会效益指标", "满意度", "≥", "95", "%", "95", "5", "5", ""),
         ("合计", "100", "100", "")]


def test_one_forms_last_rows_and_the_next_forms_head_in_one_ruled_region() -> None:
    # 四川 so02: a page holding a form's last rows (no header above them) and, ruled as
    # one region with them, the next form's title and head rows
    doc = normalize_document(_ruled_region([
        *_TAIL, ("部门预算项目支出绩效自评表(2022年度)",), ("项目名称", "制式服装经费")]))
    first, second = doc.reports
    assert [i.name for i in first.indicators] == ["发放人数", "满意度"]
    assert [i.target for i in first.indicators] == ["=100%", "≥95%"]
    assert (first.total_weight, first.total_score) == (Decimal(100), Decimal(100))
    assert second.title == "部门预算项目支出绩效自评表(2022年度)"
    assert second.project == "制式服装经费"


def test_a_title_over_the_indicator_header_is_part_of_the_same_form() -> None:
    doc = normalize_document(_ruled_region([
        ("项目支出绩效自评表",), ("项目名称", "某项目"), ("项目支出绩效指标表",),
        ("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值",
         "分值", "得分", "偏差原因"), *_TAIL]))
    [report] = doc.reports
    assert report.project == "某项目" and len(report.indicators) == 2


def test_a_traditional_cover_and_the_department_at_the_agencys_level(tmp_path: Path) -> None:
    # 湖南 (traditional characters): the cover lines name the project, agency and
    # department; 宁夏: 自治区主管部门 above 市县主管部门 — the latter is the agency's
    rows = [["自治区主管部门", "农业农村厅", "市县主管部门", "某区农业农村局"],
            ["項目資金(萬元)", "全年預算數(A)", "全年執行數(B)", "預算執行率(B/A)"],
            ["年度資金總額", "700", "690", "98.57%"]]
    path = _form_docx(tmp_path / "form.docx", rows, [],
                      before=("項目名稱:岳陽縣農村公路養護", "項目單位:岳陽縣農村公路養護中心"))
    [report] = process_file(path).reports
    assert (report.project, report.agency) == ("岳陽縣農村公路養護", "岳陽縣農村公路養護中心")
    assert report.department == "某区农业农村局"


def test_a_row_no_cell_starts_in_adds_no_indicator() -> None:
    # 安徽 休宁's scan: the dash printed in a reason cell (——) was read as a rule, and
    # split the rows beside it in two; the second half prints nothing of its own
    header = ("一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "未完成原因")
    names = ("工程质量", "安全事故发生率")
    cells = [Cell(0, c, text, page=1) for c, text in enumerate(header)]
    cells += [Cell(1, 0, "产出指标", rowspan=3, page=1), Cell(1, 1, "质量指标", rowspan=3, page=1),
              *(Cell(1, c, text, page=1) for c, text in
                zip(range(2, 6), (names[0], "合格", "合格", ""), strict=True)),
              *(Cell(2, c, text, rowspan=2, page=1) for c, text in
                zip(range(2, 6), (names[1], "<=0%", "<=0%", "——"), strict=True))]
    grid = Grid(4, 6, tuple(cells), extractor="ocr", page=1)
    doc = normalize_document(RawDocument("scan.pdf", "pdf", 1, iter([grid]), PAGED_LAYOUT))
    [report] = doc.reports
    assert [i.name for i in report.indicators] == list(names)


def test_a_row_whose_own_cells_are_blank_adds_no_indicator() -> None:
    # 山东 历城's web page printed by a browser: at the page break the 一级指标 column
    # starts a blank cell in a row the indicator's cells run down through
    header = ("一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "分值", "得分")
    cells = [Cell(0, c, text, page=2) for c, text in enumerate(header)]
    cells += [Cell(1, 0, "", page=2), Cell(2, 0, "", rowspan=2, page=2),
              Cell(1, 1, "成本指标", rowspan=3, page=2),
              *(Cell(1, c, text, rowspan=2, page=2) for c, text in
                zip(range(2, 7), ("实际成本与工作内容的匹配程度", "45万", "45万", "12.5", "12.5"),
                    strict=True)),
              *(Cell(3, c, text, page=2) for c, text in
                zip(range(2, 7), ("成本控制率", "100%", "100%", "12.5", "12.5"), strict=True))]
    grid = Grid(4, 7, tuple(cells), extractor="pdf-text", page=2)
    doc = normalize_document(RawDocument("page.pdf", "pdf", 2, iter([grid]), PAGED_LAYOUT))
    [report] = doc.reports
    assert [(i.name, i.weight) for i in report.indicators] == [
        ("实际成本与工作内容的匹配程度", Decimal("12.5")), ("成本控制率", Decimal("12.5"))]


def test_a_funds_row_a_stray_rule_splits_in_two_is_one_fund() -> None:
    # 内蒙古 巴彦淖尔's form scanned: a rule across the 分值 cell alone parts each source
    # row into two grid rows, the second with no text of its own
    head = ("项目资金(万元)", "", "全年预算数", "全年执行数", "分值", "执行率", "得分")
    cells = [Cell(0, c, text) for c, text in enumerate(head)]
    cells += [Cell(1, c, text) for c, text in
              enumerate(("", "年度资金总额", "2.38", "2.38", "10", "100%", "10"))]
    for row, (label, amount) in ((2, ("其中:财政拨款", "0.58")), (4, ("其他资金", "1.8"))):
        cells += [Cell(row, c, text, rowspan=2) for c, text in
                  ((1, label), (2, amount), (3, amount), (5, "100%"), (6, ""))]
        cells += [Cell(row, 0, ""), Cell(row + 1, 0, ""), Cell(row, 4, ""), Cell(row + 1, 4, "")]
    indicators = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")
    cells += [Cell(6, c, text) for c, text in enumerate(indicators)]
    cells += [Cell(7, c, text) for c, text in
              enumerate(("产出指标", "数量指标", "调查面积", "100亩", "100亩", "90", "90"))]
    grid = Grid(8, 7, tuple(cells), extractor="pdf-ocr", page=1)
    doc = normalize_document(RawDocument("scan.pdf", "pdf", 1, iter([grid]), PAGED_LAYOUT))
    [report] = doc.reports
    assert [(f.label, f.budget) for f in report.funds] == [
        ("年度资金总额", Decimal("2.38")), ("其中:财政拨款", Decimal("0.58")),
        ("其他资金", Decimal("1.8"))]


def test_goal_texts_a_page_break_cuts_are_joined_across_the_pages() -> None:
    # 贵州 绥阳's web page printed by a browser: the goals' row runs over the page; the
    # next page's grid is ruled with other columns, lined up by their positions
    def cell(row: int, col: int, text: str, x: tuple[float, float], page: int = 1,
             rowspan: int = 1, colspan: int = 1) -> Cell:
        return Cell(row, col, text, rowspan, colspan,
                    box=(x[0], 100.0 * row, x[1], 100.0 * (row + rowspan) - 10), page=page)

    page1 = Grid(3, 3, (
        cell(0, 0, "项目名称", (0, 100)), cell(0, 1, "某项目", (100, 500), colspan=2),
        cell(1, 0, "年度总体目标", (0, 100), rowspan=2), cell(1, 1, "预期目标", (100, 300)),
        cell(1, 2, "实际完成情况", (300, 500)),
        cell(2, 1, "完成培训任务,提高", (100, 300)), cell(2, 2, "已完成", (300, 500))),
        extractor="pdf-text", page=1)
    page2 = Grid(1, 2, (cell(0, 0, "群众满意度。", (0, 300), page=2),
                        cell(0, 1, "", (300, 500), page=2)), extractor="pdf-text", page=2)
    title = TextLine("项目支出绩效自评表", page=1)
    doc = normalize_document(RawDocument("page.pdf", "pdf", 2, iter([title, page1, page2]),
                                         PAGED_LAYOUT))
    [report] = doc.reports
    assert (report.goal_expected, report.goal_actual) == ("完成培训任务,提高群众满意度。", "已完成")


def test_a_total_printed_across_a_form_with_no_weight_column_is_its_score(
        tmp_path: Path) -> None:
    # 湖北 通城: 总分 | 100分 spans every column of a form whose only points column is 得分
    rows = [["一级指标", "二级指标", "三级指标", "年初目标值", "实际完成值", "得分"],
            ["产出指标", "数量指标", "办结信访案件", "168起", "168起", "100"],
            ["总分", "100分", "", "", "", ""]]
    path = _form_docx(tmp_path / "form.docx", rows, [(2, 1, 2, 5)],
                      before=("部门整体支出绩效自评表", "单位名称:塘湖镇人民政府"))
    [report] = process_file(path).reports
    assert (report.total_score, report.total_weight) == (Decimal(100), None)


_POINTS_HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]


@pytest.mark.parametrize(("last_score", "total"), [("98", (Decimal(100), Decimal(98))),
                                                   ("97", (None, None))])
def test_a_row_under_an_unlisted_label_that_sums_the_rows_above_is_the_total(
        tmp_path: Path, last_score: str, total: tuple[Decimal | None, Decimal | None]) -> None:
    # 安徽 霍山 prints its 总分 row as 分总; the sums tell it, so a row whose numbers do
    # not add up stays an indicator (and no total is read from it)
    rows = [_POINTS_HEADER,
            ["产出指标", "数量指标", "培训人次", "100人次", "100人次", "50", "50"],
            ["", "质量指标", "合格率", "100%", "95%", "30", "28"],
            ["满意度指标", "服务对象满意度指标", "学员满意度", "90%", "98%", "20", "20"],
            ["分总", "", "", "", "", "100", last_score]]
    path = _form_docx(tmp_path / "form.docx", rows, [(1, 0, 2, 0), (4, 0, 4, 4)],
                      before=("项目支出绩效自评表",))
    [report] = process_file(path).reports
    assert (report.total_weight, report.total_score) == total
    assert len(report.indicators) == (3 if total[0] is not None else 4)


def _cut_levels(page1_levels: list[tuple[str, str]],
                page2_rows: list[list[str]]) -> list[tuple[str, str | None]]:
    """The level headings read from a form whose last level cells a page break cuts:
    one indicator row per pair of ``page1_levels``, then the rows of page 2."""
    xs = [(0, 100), (100, 200), (200, 300), (300, 400), (400, 500), (500, 550), (550, 600)]

    def row(r: int, texts: list[str], page: int) -> list[Cell]:
        return [Cell(r, c, t, box=(x[0], 100.0 * r, x[1], 100.0 * r + 90), page=page)
                for c, (t, x) in enumerate(zip(texts, xs, strict=True))]

    cells = row(0, _POINTS_HEADER, 1)
    for r, (level1, level2) in enumerate(page1_levels, start=1):
        cells += row(r, [level1, level2, f"指标{r}", "100%", "100%", "10", "10"], 1)
    page1 = Grid(len(page1_levels) + 1, 7, tuple(cells), extractor="pdf-text", page=1)
    page2 = Grid(len(page2_rows), 7, tuple(c for r, texts in enumerate(page2_rows)
                                           for c in row(r, texts, 2)),
                 extractor="pdf-text", page=2)
    doc = normalize_document(RawDocument("form.pdf", "pdf", 2, iter(
        [TextLine("项目支出绩效自评表", page=1), page1, page2]), PAGED_LAYOUT))
    [report] = doc.reports
    return [(i.level1, i.level2) for i in report.indicators]


def _indicator(level1: str, level2: str) -> list[str]:
    return [level1, level2, "指标9", "90%", "98%", "10", "10"]


def test_a_heading_a_page_break_cuts_in_two_is_joined() -> None:
    # 安徽 霍山 printed by Word: 满意度指 | 服务对象 at the foot of page 1, 标 | 满意度指标
    # at the head of page 2
    levels = _cut_levels([("产出指标", "数量指标"), ("满意度指", "服务对象")],
                         [_indicator("标", "满意度指标")])
    assert levels == [("产出指标", "数量指标")] + [("满意度指标", "服务对象满意度指标")] * 2


def _row(r: int, texts: list[str], page: int, first_col: int = 0) -> list[Cell]:
    return [Cell(r, c, t, page=page) for c, t in enumerate(texts, start=first_col)]


def _paged(*pages: list[Cell]) -> tuple[Report, ...]:
    """The reports of a document printing one grid a page, under a form's title."""
    grids = [Grid(max(c.row + c.rowspan for c in cells), 7, tuple(cells),
                  extractor="pdf-text", page=page) for page, cells in enumerate(pages, start=1)]
    return normalize_document(RawDocument("form.pdf", "pdf", len(pages), iter(
        [TextLine("项目支出绩效自评表", page=1), *grids]), PAGED_LAYOUT)).reports


def _two_pages(page1: list[Cell], page2: list[Cell]) -> Report:
    """The one report of a form printed as ``page1``'s grid, then ``page2``'s."""
    [report] = _paged(page1, page2)
    return report


def test_the_rows_under_the_tail_of_a_cut_heading_take_the_whole_heading() -> None:
    # 河北 廊坊 printed by Word: 效益指 at the foot of page 1 in a cut row (指标1安全 |
    # 率); page 2's 标 covers the rest of that row and the rows of the block below it
    page1 = [*_row(0, _POINTS_HEADER, 1),
             *_row(1, ["产出指标", "数量指标", "资金金额", "100%", "100%", "10", "10"], 1),
             *_row(2, ["效益指", "经济效益指标", "指标1安全", "100%", "100%", "10", "10"], 1)]
    page2 = [Cell(0, 0, "标", rowspan=2, page=2), *_row(0, ["", "率", "", "", "", ""], 2, 1),
             *_row(1, ["社会效益指标", "学校发展能力", "100%", "100%", "10", "10"], 2, 1)]
    report = _two_pages(page1, page2)
    assert [(i.level1, i.level2, i.name) for i in report.indicators] == [
        ("产出指标", "数量指标", "资金金额"), ("效益指标", "经济效益指标", "指标1安全率"),
        ("效益指标", "社会效益指标", "学校发展能力")]


def test_the_points_printed_in_the_rest_of_a_cut_heading_are_its_blocks() -> None:
    # 安徽 萧县 printed by Word: 效益指标 | 社会效益 at the foot of page 1, (30分) | 指标
    # at the head of page 2, in a row of their own
    page1 = [*_row(0, _POINTS_HEADER, 1),
             *_row(1, ["产出指标(50分)", "数量指标", "种植面积", "10亩", "10亩", "50", "50"], 1),
             *_row(2, ["效益指标", "社会效益", "受益人口数量", "90人", "90人", "30", "30"], 1)]
    page2 = _row(0, ["(30分)", "指标", "", "", "", "", ""], 2)
    report = _two_pages(page1, page2)
    assert report.level1_points == {"产出指标": Decimal(50), "效益指标": Decimal(30)}
    assert report.indicators[1].level2 == "社会效益指标"


def test_a_blank_heading_before_a_blank_slot_takes_nothing_from_the_next_page() -> None:
    # 安徽 霍山's browser print: a blank 一级指标 cell over the 产出 rows, then a blank slot
    # ending the page (the next row went whole to page 2), then 效益指标 on page 2
    page1 = [*_row(0, _POINTS_HEADER, 1), Cell(1, 0, "", rowspan=2, page=1),
             *_row(1, ["数量指标", "软件2套", "100%", "100%", "10", "10"], 1, 1),
             *_row(2, ["质量指标", "验收合格率", "100%", "100%", "10", "10"], 1, 1),
             Cell(3, 0, "", colspan=7, page=1)]
    page2 = _row(0, ["效益指标", "社会效益指标", "特殊教育资源", "扩大", "扩大", "30", "30"], 2)
    report = _two_pages(page1, page2)
    assert [i.level1 for i in report.indicators] == ["", "", "效益指标"]
    # without the slot the blank cell is the first half of the next page's heading
    report = _two_pages(page1[:-1], page2)
    assert [i.level1 for i in report.indicators] == ["效益指标"] * 3


def test_a_header_a_page_break_cuts_is_joined_to_its_rest() -> None:
    # 湖北 广水's browser print: 年初指 | 年终完 at the foot of page 1, 标值 | 成值 at the
    # head of page 2 (over a block's points, 85 分, running down into the rows)
    page1 = _row(0, ["一级指标", "二级指标", "三级指标", "年初指", "年终完", "分值", "得分"], 1)
    page2 = [Cell(0, 0, "85 分", rowspan=2, page=2),
             *_row(0, ["", "", "标值", "成值", "", ""], 2, 1),
             *_row(1, ["数量指标", "养护里程", "300 公里", "300 公里", "15", "15"], 2, 1)]
    report = _two_pages(page1, page2)
    [indicator] = report.indicators
    assert (indicator.name, indicator.target, indicator.actual) == (
        "养护里程", "300 公里", "300 公里")
    assert report.total_weight is None  # 85 分 is a block's points, not a total


def test_a_heading_cut_after_an_unfilled_row_is_that_rows_heading() -> None:
    # a page break under 项目效益's first row, an unfilled 指标1: (宁夏 银川's template):
    # the blank cell at the head of the next page continues 项目效益, not 产出指标 above
    page1 = [*_row(0, _POINTS_HEADER, 1),
             *_row(1, ["产出指标(30分)", "成本指标", "办公成本", "15万", "15万", "30", "30"], 1),
             *_row(2, ["项目效益(35分)", "经济效益指标", "指标1:", "", "", "", ""], 1)]
    page2 = [Cell(0, 0, "", rowspan=2, page=2),
             *_row(0, ["社会效益指标", "效果显著", "改善", "改善", "20", "18"], 2, 1),
             *_row(1, ["可持续影响指标", "学习环境", "认可", "认可", "15", "13"], 2, 1)]
    report = _two_pages(page1, page2)
    assert [i.level1 for i in report.indicators] == ["产出指标", "项目效益", "项目效益"]
    assert [f.rule for f in report.flags if f.severity == "error"] == []


def test_head_rows_a_page_break_parts_are_one_form() -> None:
    # the year and 项目名称 alone at the foot of a page, 主管部门 | … and the rest on the next
    project = [Cell(0, 0, "(2021年度)", colspan=7, page=1), Cell(1, 0, "项目名称", page=1),
               Cell(1, 1, "乡村道路养护", colspan=6, page=1)]
    rest = [Cell(0, 0, "主管部门", page=2), Cell(0, 1, "县交通局", colspan=2, page=2),
            Cell(0, 3, "实施单位", page=2), Cell(0, 4, "县公路中心", colspan=3, page=2),
            *_row(1, _POINTS_HEADER, 2),
            *_row(2, ["产出指标", "数量指标", "养护里程", "300公里", "300公里", "100", "100"], 2)]
    report = _two_pages(project, rest)
    assert (report.project, report.department, len(report.indicators)) == (
        "乡村道路养护", "县交通局", 1)
    # a grid that prints 项目名称 again is the next form
    again = [Cell(0, 0, "项目名称", page=2), Cell(0, 1, "农村饮水维修", colspan=6, page=2),
             *[replace(c, row=c.row + 1) for c in rest]]
    assert [r.project for r in _paged(project, again)] == ["乡村道路养护", "农村饮水维修"]


def test_a_row_whose_name_was_not_read_is_no_total() -> None:
    # 山东 临沂 prints its names across the 二级 and 三级 columns; a name not read leaves
    # a blank merged cell over the name column with numbers beside it, under a heading
    rows = [_row(0, _POINTS_HEADER, 1), [Cell(1, 0, "项目前期工作", rowspan=3, page=1)]]
    for r, name, weight, score in ((1, "项目库建设", "1", "1"), (2, "", "2", "1"),
                                   (3, "项目公示", "2", "2")):
        rows.append([Cell(r, 1, name, colspan=2, page=1),
                     *_row(r, ["", "", weight, score], 1, 3)])
    rows.append([Cell(4, 0, "总分", colspan=5, page=1), *_row(4, ["5", "4"], 1, 5)])
    [report] = _paged([c for row in rows for c in row])
    assert (report.total_weight, report.total_score) == (Decimal(5), Decimal(4))
    assert [i.weight for i in report.indicators] == [Decimal(1), Decimal(2), Decimal(2)]


def test_headings_that_do_not_end_in_zhibiao_are_not_joined_across_a_page() -> None:
    # a department form's headings (履职效能, 管理效率): the next page's 产出指标 is its own
    levels = _cut_levels([("履职效能", "数量指标"), ("管理效率", "质量指标")],
                         [_indicator("产出指标", "时效指标")])
    assert levels == [("履职效能", "数量指标"), ("管理效率", "质量指标"), ("产出指标", "时效指标")]


def test_the_rest_of_a_cut_heading_in_a_row_of_its_own_completes_it() -> None:
    # 云南 南华's web page printed by a browser: 经济 at the foot of page 1, the rest of
    # the cut row (效益指标 and nothing else) in page 2's first row
    rest = ["指标", "效益指标", "", "", "", "", ""]
    levels = _cut_levels([("产出指标", "数量指标"), ("效益", "经济")],
                         [rest, _indicator("满意度指标", "服务对象满意度指标")])
    assert levels == [("产出指标", "数量指标"), ("效益指标", "经济效益指标"),
                      ("满意度指标", "服务对象满意度指标")]
    # a heading that is whole already takes nothing from a heading row below it
    levels = _cut_levels([("产出指标", "数量指标"), ("产出指标", "时效指标")],
                         [["", "成本指标", "", "", "", "", ""],
                          _indicator("满意度指标", "服务对象满意度指标")])
    assert levels[1] == ("产出指标", "时效指标")


def test_a_table_of_targets_and_actuals_names_its_indicators_and_headings_by_content(
        tmp_path: Path) -> None:
    # 福建 宁德: no title, 評價內容 over two columns of headings, the names under 績效內容
    rows = [["項目年度績效目標(定量目標)", "評價內容", "", "績效內容", "績效目標值",
             "實際完成值", "累計完成率"],
            ["", "產出目標", "數量目標", "組織活動數量", ">=28次", "40次", "143%"],
            ["", "", "質量目標", "政策知曉率", ">=95%", "98%", "103%"]]
    path = _form_docx(tmp_path / "table.docx", rows, [(0, 0, 2, 0), (0, 1, 0, 2), (1, 1, 2, 1)])
    [report] = process_file(path).reports
    assert [(i.level1, i.level2, i.name, i.target, i.actual) for i in report.indicators] == [
        ("產出目標", "數量目標", "組織活動數量", ">=28次", "40次"),
        ("產出目標", "質量目標", "政策知曉率", ">=95%", "98%")]


@pytest.mark.parametrize(("after", "filled_on"), [((), "2018-12-28"),
                                                  (("填报日期:2019年1月2日",), "2019-01-02")])
def test_a_date_on_a_line_of_its_own_is_the_day_the_form_was_filled_in(
        tmp_path: Path, after: tuple[str, ...], filled_on: str) -> None:
    # 浙江 and 山东 cover pages print the date under the agency's name, with no label;
    # a labelled date, where there is one, is the form's
    rows = [_POINTS_HEADER,
            ["产出指标", "数量指标", "培训人次", "100人次", "100人次", "100", "100"]]
    path = _form_docx(tmp_path / "form.docx", rows, [],
                      before=("项目支出绩效评价报告", "项目名称 培训", "2018 年 12 月 28 日"),
                      after=after)
    [report] = process_file(path).reports
    assert report.filled_on == filled_on


def test_a_row_whose_text_all_went_to_the_next_page_is_its_own() -> None:
    # 湖北 黄石's web page printed by a browser: the page ends in a blank slot, the start
    # of a row whose text is all on the next page; that row is no rest of the row above
    def cell(row: int, col: int, text: str, page: int, rowspan: int = 1,
             colspan: int = 1) -> Cell:
        return Cell(row, col, text, rowspan, colspan,
                    box=(100.0 * col, 100.0 * row, 100.0 * (col + colspan) - 10,
                         100.0 * (row + rowspan) - 10), page=page)

    page1 = Grid(3, 7, (
        *(cell(0, c, t, 1) for c, t in enumerate(_POINTS_HEADER)),
        cell(1, 0, "效益指标", 1, rowspan=2), cell(1, 1, "环境效益", 1, rowspan=2),
        cell(1, 2, "环境优良", 1), cell(1, 3, "良好", 1), cell(1, 4, "良好", 1),
        cell(1, 5, "10", 1, rowspan=2), cell(1, 6, "10", 1, rowspan=2),
        cell(2, 2, "", 1, colspan=3)), extractor="pdf-text", page=1)
    page2 = Grid(1, 7, tuple(cell(0, c, t, 2) for c, t in enumerate(
        ["", "", "WIFI全覆盖", "良好", "良好", "", ""])), extractor="pdf-text", page=2)
    doc = normalize_document(RawDocument("page.pdf", "pdf", 2, iter(
        [TextLine("项目支出绩效自评表", page=1), page1, page2]), PAGED_LAYOUT))
    [report] = doc.reports
    assert [(i.name, i.target) for i in report.indicators] == [("环境优良", "良好"),
                                                                ("WIFI全覆盖", "良好")]


def test_a_fund_label_a_page_break_cuts_is_joined() -> None:
    # 四川 名山's web page printed by a browser: 其他资金(…以前年度 at the foot of page 1,
    # 结转结余资金等) alone in the next page's first row
    head = ("项目资金(万元)", "", "全年预算数", "全年执行数", "分值", "执行率", "得分")
    page1 = Grid(3, 7, (
        *(Cell(0, c, t, page=1) for c, t in enumerate(head)),
        *(Cell(1, c, t, page=1) for c, t in enumerate(
            ("", "年度资金总额", "10", "10", "10", "100%", "10"))),
        *(Cell(2, c, t, page=1) for c, t in enumerate(
            ("", "其他资金(自有资金、以前年度", "2", "2", "", "", "")))),
        extractor="pdf-text", page=1)
    page2 = Grid(3, 7, (
        *(Cell(0, c, t, page=2) for c, t in enumerate(
            ("", "结转结余\n资金等)", "", "", "", "", ""))),
        *(Cell(1, c, t, page=2) for c, t in enumerate(_POINTS_HEADER)),
        *(Cell(2, c, t, page=2) for c, t in enumerate(
            ("产出指标", "数量指标", "面积", "100亩", "100亩", "90", "90")))),
        extractor="pdf-text", page=2)
    doc = normalize_document(RawDocument("page.pdf", "pdf", 2, iter(
        [TextLine("项目支出绩效自评表", page=1), page1, page2]), PAGED_LAYOUT))
    [report] = doc.reports
    assert [(f.label, f.budget) for f in report.funds] == [
        ("年度资金总额", Decimal("10")),
        ("其他资金(自有资金、以前年度结转结余资金等)", Decimal("2"))]


def test_a_heading_across_every_goal_column_is_no_goal(tmp_path: Path) -> None:
    # 湖南 南湖 printed by a browser: the blank goal row lost (no height), the next
    # block's heading right under 预期目标 | 实际完成
    rows = [["预期目标", "", "", "实际完成", "", "", ""],
            ["项目绩效定量目标(指标)及完成情况", "", "", "", "", "", ""],
            _POINTS_HEADER,
            ["产出指标", "数量指标", "优抚人数", "100人", "100人", "100", "100"]]
    path = _form_docx(tmp_path / "form.docx", rows, [(0, 0, 0, 2), (0, 3, 0, 6), (1, 0, 1, 6)],
                      before=("项目支出绩效自评表",))
    [report] = process_file(path).reports
    assert (report.goal_expected, report.goal_actual) == ("", "")
    assert [i.name for i in report.indicators] == ["优抚人数"]
