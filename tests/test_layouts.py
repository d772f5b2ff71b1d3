"""Layout families of real forms, on small grids built as the forms print them (the
wild corpus, tests/data/wild/, checks the same end to end)."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

import pytest
from selfeval.extract.grid import Cell, Grid
from selfeval.normalize.blocks import (
    IndicatorColumns,
    funds_columns,
    goal_columns,
    indicator_columns,
    is_numbering_row,
    is_remark_row,
    is_sub_label_row,
    labelled_from_above,
    two_row_header,
)
from selfeval.normalize.fields import row_fields, unlabelled_goal_actual
from selfeval.normalize.funds import (
    fund_from_row,
    fund_line,
    funds_across,
    paired_fund,
    source_kind,
    stacked_fund,
    with_levels,
)
from selfeval.normalize.funds_lists import side_by_side_funds
from selfeval.normalize.headless import headless_columns
from selfeval.normalize.indicators import IndicatorDraft, add_indicator_row, finish_indicators
from selfeval.normalize.records import Fund, FundKind, Indicator
from selfeval.normalize.sheet import Row, grid_rows

Spec = tuple[int, int, str] | tuple[int, int, str, int, int]


def rows_of(*cells: Spec, n_cols: int | None = None) -> list[Row]:
    """The rows of a DOCX-like grid: cells as (row, col, text[, rowspan, colspan])."""
    built = [Cell(c[0], c[1], c[2], *(c[3:] if len(c) == 5 else ())) for c in cells]
    width = n_cols or max(c.col + c.colspan for c in built)
    height = max(c.row + c.rowspan for c in built)
    return grid_rows(Grid(height, width, tuple(built), extractor="docx"), 0)


def test_a_header_on_two_rows_reads_as_one() -> None:
    # 绩效指标 over 一级/二级/三级指标, the other labels running down both rows (四川).
    rows = rows_of((0, 0, "绩效指标", 1, 3), (0, 3, "指标分值", 2, 1), (0, 4, "指标解释", 2, 1),
                   (0, 5, "自评得分", 2, 1), (1, 0, "一级指标"), (1, 1, "二级指标"),
                   (1, 2, "三级指标"), (2, 0, "产出"), (2, 1, "数量"), (2, 2, "x"), (2, 3, "10"),
                   (2, 4, "说明"), (2, 5, "9"))
    assert indicator_columns(rows[0]) is None
    merged = two_row_header(rows[0], rows[1], "indicator")
    assert merged is not None
    cols = indicator_columns(merged)
    assert cols is not None
    assert cols.fields == {"level1": 0, "level2": 1, "name": 2, "weight": 3,
                           "explanation": 4, "score": 5}


def test_a_blank_sub_label_beside_one_naming_the_group_takes_no_label() -> None:
    # 福建 宁德: 预算安排 over 年初部门预算安排金额 | 历年结余结转 | 年中调整金额 | 小计 (the
    # 全年预算数); with its first sub-label not read, that column is not the budget
    def header(first: str) -> Row:
        rows = rows_of((0, 0, "资金结构", 2, 1), (0, 1, "预算安排", 1, 4), (0, 5, "拨付情况", 1, 2),
                       (1, 1, first), (1, 2, "历年结余结转"), (1, 3, "年中调整金额"),
                       (1, 4, "小计"), (1, 5, "年度拨付金额"), (1, 6, "支出实现率(%)"))
        merged = two_row_header(rows[0], rows[1], "funds")
        assert merged is not None
        return merged

    read = funds_columns(header("年初部门预算安排金额"))
    unread = funds_columns(header(""))
    assert read is not None and unread is not None
    assert (read.fields["initial_budget"], read.fields["budget"]) == (1, 4)
    assert "initial_budget" not in unread.fields and unread.fields["budget"] == 4
    # a blank under a label no sibling shares is that label's column (符号 | | 单位)
    rows = rows_of((0, 0, "三级指标", 2, 1), (0, 1, "预期指标值", 1, 3), (0, 4, "分值", 2, 1),
                   (1, 1, "符号"), (1, 2, ""), (1, 3, "单位"))
    merged = two_row_header(rows[0], rows[1], "indicator")
    assert merged is not None and merged.text(2) == "预期指标值"


def test_a_header_whose_sub_row_prints_the_totals() -> None:
    # 山东: 评价指标 over 一级 | 二级 | 三级, with the totals 100 | 85 printed under
    # 指标分值 | 评价得分; a name running across 二级 and 三级 is the name, its points
    # printed again beside it in the 分值 column are not part of it
    header, sub, first = rows_of(
        (0, 0, "评价指标", 1, 3), (0, 3, "指标分值"), (0, 4, "评价得分"),
        (1, 0, "一级"), (1, 1, "二级"), (1, 2, "三级"), (1, 3, "100"), (1, 4, "85"),
        (2, 0, "项目前期工作"), (2, 1, "1.项目库建设( 1 分)", 1, 2), (2, 3, "1"), (2, 4, "1"))
    merged = two_row_header(header, sub, "indicator")
    assert merged is not None
    cols = indicator_columns(merged)
    assert cols is not None
    assert cols.fields == {"level1": 0, "level2": 1, "name": 2, "weight": 3, "score": 4}
    drafts: list[IndicatorDraft] = []
    add_indicator_row(drafts, first, cols)
    [(ind, _, _)] = finish_indicators(drafts)
    assert (ind.level1, ind.level2, ind.name, ind.weight) == (
        "项目前期工作", None, "1.项目库建设", Decimal(1))
    # numbers under a label that names no column make it no header
    (odd, numbers) = rows_of((0, 0, "评价指标", 1, 3), (0, 3, "签字"),
                             (1, 0, "一级"), (1, 1, "二级"), (1, 2, "三级"), (1, 3, "100"))
    assert two_row_header(odd, numbers, "indicator") is None


def test_numbers_under_a_funds_header_are_no_sub_header() -> None:
    # the 山东 shape in a funds block: a row printing numbers under 预算数 running
    # across 年初预算数 | 全年预算数 is a funds row, never the header's totals
    upper, lower = rows_of((0, 0, "预算数", 1, 2), (0, 2, "全年执行数"),
                           (1, 0, "年初预算数"), (1, 1, "全年预算数"), (1, 2, "90"))
    assert two_row_header(upper, lower, "funds") is None
    assert two_row_header(upper, lower, "indicator") is None  # names no indicator column


def test_a_blank_sub_label_takes_the_label_above_in_its_own_column() -> None:
    # 预期指标值 over 符号 | (blank) | 单位 (河北).
    rows = rows_of((0, 0, "一级指标", 2, 1), (0, 1, "二级指标", 2, 1), (0, 2, "三级指标", 2, 1),
                   (0, 3, "预期指标值", 1, 3), (0, 6, "得分", 2, 1), (1, 3, "符号"), (1, 4, ""),
                   (1, 5, "单位"))
    merged = two_row_header(rows[0], rows[1], "indicator")
    cols = indicator_columns(merged) if merged else None
    assert cols is not None
    assert (cols.col("target_op"), cols.col("target"), cols.col("target_unit")) == (3, 4, 5)


def test_an_unfilled_row_under_a_cut_row_is_no_sub_header() -> None:
    rows = rows_of((0, 0, "标", 2, 1), (0, 1, "指标", 2, 1), (0, 2, "率"), (1, 2, "指标2"))
    assert two_row_header(rows[0], rows[1], "indicator") is None


def test_a_continuation_ruled_with_other_columns_is_lined_up() -> None:
    header = IndicatorColumns(4, {"name": 1, "weight": 2, "score": 3})
    ours = ((0.0, 50.0), (50.0, 200.0), (200.0, 240.0), (240.0, 280.0))
    theirs = ((0.0, 200.0), (200.0, 240.0), (240.0, 280.0))  # the first two merged
    lined = header.lined_up(ours, theirs)
    assert lined is not None and lined.fields == {"name": 0, "weight": 1, "score": 2}
    assert header.lined_up(ours, ((0.0, 100.0),)) is None


def test_funds_as_label_amount_pairs() -> None:
    # 预算数 | 6.84 | 到位数 | 6.84 | 执行数 | 6.84 | 100.00 (河北; 到位 is not spending).
    (row,) = rows_of((0, 0, "预算数"), (0, 1, "6.84"), (0, 2, "到位数"), (0, 3, "6.80"),
                     (0, 4, "执行数"), (0, 5, "6.5"), (0, 6, "100.00"))
    paired = paired_fund(row, [])
    assert paired is not None
    fund = paired.total
    assert (fund.label, fund.kind, fund.budget, fund.executed, fund.rate) == (
        "预算数", "total", Decimal("6.84"), Decimal("6.5"), None)


def test_the_rows_under_label_amount_pairs_are_its_sources() -> None:
    # 湖南 2016: 计划安排资金 | 48 | 实际支出 | 46.5, then 其中:中央财政 | | 其中:中央财政 | …
    total, central, county, other, heading = rows_of(
        (0, 0, "计划安排资金(万元)"), (0, 1, "48"), (0, 2, "实际支出(万元)"), (0, 3, "46.5"),
        (1, 0, "其中:中央财政"), (1, 1, ""), (1, 2, "其中:中央财政"), (1, 3, ""),
        (2, 0, "县市区财政"), (2, 1, "48"), (2, 2, "县市区财政"), (2, 3, "46.5"),
        (3, 0, "其它"), (3, 1, "万元"), (3, 2, "其它"), (3, 3, "万元"),
        (4, 0, "二、项目支出明细情况", 1, 4))
    paired = paired_fund(total, [])
    assert paired is not None
    parts = [paired.part(row) for row in (central, county, other, heading)]
    assert [(p.label, p.kind, p.budget, p.executed) if p else None for p in parts] == [
        ("其中:中央财政", "fiscal_transfer", None, None),
        ("县市区财政", "fiscal_local", Decimal("48"), Decimal("46.5")),
        ("其它", "other", None, None), None]


def test_a_garbled_amount_is_left_unread_and_the_rows_are_still_funds() -> None:
    # 湖南 岳阳县 (traditional characters): 實際支出 | 7,00.0,77, group commas around a
    # decimal point; 縣財政 is the county's own money beside 省財政 and 市財政
    total, province, county = rows_of(
        (0, 0, "計劃安排資金(萬元)"), (0, 1, "700"), (0, 2, "實際支出(萬元)"),
        (0, 3, "7,00.0,77"), (1, 0, "省財政"), (1, 1, ""), (1, 2, "省財政"), (1, 3, ""),
        (2, 0, "縣財政"), (2, 1, "700"), (2, 2, "縣財政"), (2, 3, "7,00.0,77"))
    paired = paired_fund(total, [])
    assert paired is not None
    assert (paired.total.budget, paired.total.executed) == (Decimal("700"), None)
    parts = with_levels([paired.total] + [p for row in (province, county)
                                          if (p := paired.part(row)) is not None])
    assert [(f.label, f.kind, f.budget, f.executed) for f in parts[1:]] == [
        ("省財政", "fiscal_transfer", None, None), ("縣財政", "fiscal_local", Decimal("700"), None)]


def test_two_levels_in_one_label_are_no_agencys_own_level() -> None:
    # 海南 se01, a province's own form: 市县财政 is the levels below it
    assert source_kind("市县财政") == "fiscal"
    assert source_kind("县财政") == "fiscal_local"


def test_a_funds_labels_own_words_come_before_its_bracketed_note() -> None:
    # seed 002: 财政拨款 whose note says it is the prefecture's own money; 福建 宁德: a note
    # inside the label parts 县 from 财政资金; a label whose own words name nothing is
    # read with its note
    assert source_kind("财政拨款(州本级资金)") == "fiscal"
    assert source_kind("3县(市、区)财政资金") == "fiscal"
    assert source_kind("本级资金(包括结转结余)") == "fiscal_local"
    assert source_kind("资金(其他)") == "other"


def test_what_was_spent_printed_under_the_sources_of_label_amount_pairs() -> None:
    # 山东: 计划安排资金 | 400 | 实际到位资金 | 400, the sources, then 实际支出(万元) | 400
    total, county, village, spent = rows_of(
        (0, 0, "计划安排资金(万元)"), (0, 1, "400"), (0, 2, "实际到位资金(万元)"), (0, 3, "400"),
        (1, 0, "县财政"), (1, 1, "400"), (1, 2, "县财政"), (1, 3, "400"),
        (2, 0, "村自筹(含以劳折资)"), (2, 1, ""), (2, 2, "村自筹"), (2, 3, ""),
        (3, 0, "实际支出(万元)"), (3, 1, "400", 1, 3))
    paired = paired_fund(total, [])
    assert paired is not None and paired.total.executed is None
    assert [p.kind for row in (county, village) if (p := paired.part(row)) is not None] == [
        "fiscal_local", "other"]
    done = paired.spent(spent)
    assert done is not None and (done.budget, done.executed) == (Decimal(400), Decimal(400))
    # a row whose pairs name no money is no funds total
    (other,) = rows_of((0, 0, "计划安排资金"), (0, 1, "400"), (0, 2, "邮编"), (0, 3, "414100"))
    assert paired_fund(other, []) is None


def test_a_funds_header_over_an_unheaded_amount_column() -> None:
    # 安徽 霍山: | | 年初预算数 | 全年预算数(A) … over 年度资金总额: | 28.1 | 28.1 | 28.1: the
    # labels are the words of the row under the header, not the column before 年初预算数;
    # 省级资金, 市级资金 beside 县级资金 are transfers; (含…) notes what a column includes
    header, total = rows_of(
        (0, 0, "项目资金(万元)", 2, 1), (0, 1, ""), (0, 2, ""),
        (0, 3, "年初预算数(含历年结余结转)"), (0, 4, "全年预算数(A)"), (0, 5, "全年执行数(B)"),
        (1, 1, "年度资金总额:"), (1, 2, "28.1"), (1, 3, "28.1"), (1, 4, "28.1"), (1, 5, "28.1"))
    cols = funds_columns(header, total)
    assert cols is not None and cols.label_col == 1
    assert cols.fields == {"initial_budget": 3, "budget": 4, "executed": 5}
    levels = ("省级资金", "县级资金")
    funds = [Fund("年度资金总额", "total"),
             *(Fund(label, cast(FundKind, source_kind(label))) for label in levels)]
    assert [f.kind for f in with_levels(funds)] == ["total", "fiscal_transfer", "fiscal_local"]


def test_a_number_after_the_pairs_is_read_by_the_label_above_it() -> None:
    header, row = rows_of((0, 0, "预算安排", 1, 2), (0, 2, "资金执行", 1, 2),
                          (0, 4, "预算执行进度(%)"), (1, 0, "预算数"), (1, 1, "6.84"),
                          (1, 2, "执行数"), (1, 3, "6.84"), (1, 4, "100.00"))
    paired = paired_fund(row, [header])
    assert paired is not None and paired.total.rate == Decimal("1.0000")


def test_a_header_cell_printing_a_number_takes_the_label_above_it() -> None:
    # 四川 区域绩效目标自评表: 自评得分 heads the column at the top; the indicator
    # header row prints the block's points (50) in it.
    rows = rows_of((0, 0, "专项名称"), (0, 1, "x", 1, 4), (0, 5, "自评得分"),
                   (1, 0, "一级指标"), (1, 1, "二级指标"), (1, 2, "三级指标"), (1, 3, "年度指标值"),
                   (1, 4, "实际完成指标值"), (1, 5, "50"))
    relabelled = labelled_from_above(rows[1], [rows[0]])
    cols = indicator_columns(relabelled) if relabelled is not None else None
    assert cols is not None and cols.col("score") == 5


def test_a_header_cell_over_the_funds_labels_names_no_column() -> None:
    # 年度预算数(万元) over 总额 (四川 2023): the label column, not the budget.
    header, total = rows_of((0, 0, "年度预算数(万元)", 1, 2), (0, 2, "年初预算"),
                            (0, 3, "调整后预算数"), (0, 4, "预算执行数"), (0, 5, "权重"),
                            (1, 0, "总额", 1, 2), (1, 2, "0.00"), (1, 3, "3.36"), (1, 4, "3.36"),
                            (1, 5, "10"))
    cols = funds_columns(header, total)
    assert cols is not None
    assert cols.fields == {"initial_budget": 2, "budget": 3, "executed": 4, "weight": 5}
    fund = fund_from_row(total, cols)
    assert fund is not None and (fund.kind, fund.budget) == ("total", Decimal("3.36"))


def test_goal_headers_read_from_their_words() -> None:
    (row,) = rows_of((0, 0, "项目基本情况"), (0, 1, "项目年度目标"), (0, 2, "年度目标完成情况"))
    assert goal_columns(row) == {"goal_expected": 1, "goal_actual": 2}
    assert goal_columns(row, by_words=False) is None


def test_a_remark_row_is_not_an_indicator() -> None:
    (row,) = rows_of((0, 0, "说明"), (0, 1, "无", 1, 5))
    assert is_remark_row(row)


def test_a_number_column_of_words_yields_to_the_next_of_its_label() -> None:
    # 河北: 指标分值 prints the indicator's explanation; 权重占比 holds the weights.
    rows = rows_of((0, 0, "一级指标"), (0, 1, "三级指标"), (0, 2, "指标分值"), (0, 3, "实际完成值"),
                   (0, 4, "得分"), (0, 5, "权重占比(%)"),
                   (1, 0, "产出"), (1, 1, "覆盖率"), (1, 2, "享受补贴人数的比例"), (1, 3, "100%"),
                   (1, 4, "25"), (1, 5, "25.00"),
                   (2, 0, "产出"), (2, 1, "完成率"), (2, 2, "按月审批的比例"), (2, 3, "100%"),
                   (2, 4, "25"), (2, 5, "25.00"))
    cols = indicator_columns(rows[0])
    assert cols is not None and cols.col("weight") == 2
    checked = cols.checked_against(rows[1:])
    assert (checked.col("weight"), checked.col("explanation")) == (5, 2)


def test_an_unfilled_form_keeps_its_columns() -> None:
    rows = rows_of((0, 0, "一级指标"), (0, 1, "三级指标"), (0, 2, "分值"), (0, 3, "实际完成值"),
                   (0, 4, "得分"), (1, 0, "产出"), (1, 1, "指标1"))
    cols = indicator_columns(rows[0])
    assert cols is not None and cols.checked_against(rows[1:]) == cols


def test_a_direction_under_the_operator_label_yields_to_the_operator_column() -> None:
    # 内蒙古: 指标性质 prints 正向 (the direction), 指标方向 prints 大于等于.
    rows = rows_of((0, 0, "一级指标"), (0, 1, "三级指标"), (0, 2, "指标性质"), (0, 3, "指标方向"),
                   (0, 4, "年度指标值"), (0, 5, "计量单位"), (0, 6, "分值"),
                   (1, 0, "产出"), (1, 1, "租车次数"), (1, 2, "正向"), (1, 3, "大于等于"),
                   (1, 4, "1"), (1, 5, "次"), (1, 6, "8"),
                   (2, 0, "产出"), (2, 1, "制作个数"), (2, 2, "正向"), (2, 3, "小于等于"),
                   (2, 4, "1"), (2, 5, "个"), (2, 6, "7"))
    cols = indicator_columns(rows[0])
    assert cols is not None and cols.col("target_op") == 2
    assert cols.checked_against(rows[1:]).col("target_op") == 3


def test_two_labels_and_two_values_split_at_their_slashes() -> None:
    # 宁夏: 项目实施单位/项目负责人 | 原州区农技中心/杨勃兴
    (row,) = rows_of((0, 0, "项目实施单位/项目负责人"), (0, 1, "原州区农技中心/杨勃兴"))
    assert [(f, v) for f, v, *_ in row_fields(row)] == [
        ("agency", "原州区农技中心"), ("contact", "杨勃兴")]
    (row,) = rows_of((0, 0, "项目实施单位/项目负责人"), (0, 1, "原州区农技中心"))
    assert row_fields(row) == []  # the values do not split alike: none is guessed


def test_a_value_that_names_the_agency_by_what_it_is_is_a_value() -> None:
    # 湖南: 實施單位 | 相關項目建設單位, close to a label but last in its row
    (row,) = rows_of((0, 0, "主管部门"), (0, 1, "湖南省发展和改革委员会"), (0, 2, "实施单位"),
                     (0, 3, "相关项目建设单位"))
    assert [(f, v) for f, v, *_ in row_fields(row)] == [
        ("department", "湖南省发展和改革委员会"), ("agency", "相关项目建设单位")]
    # a listed label after a label leaves the first one blank wherever it stands
    (row,) = rows_of((0, 0, "实施单位"), (0, 1, "主管部门"))
    assert [(f, v) for f, v, *_ in row_fields(row)] == [("agency", ""), ("department", "")]


def test_the_column_heads_of_a_list_of_people_are_no_fields() -> None:
    # 山东: 三、评价人员, then 姓名 | 职称/职务 | 单位 | 签字 (单位 there names no agency)
    (row,) = rows_of((0, 0, "姓名"), (0, 1, "职称/职务"), (0, 2, "单 位"), (0, 3, "签字"))
    assert row_fields(row) == []


def test_a_cell_that_prints_its_label_and_value() -> None:
    (row,) = rows_of((0, 0, "单位(盖章):绥阳县太白镇人民政府", 1, 5),
                     (0, 5, "填报日期:2022年2月3日", 1, 5))
    found = {(name, value) for name, value, *_ in row_fields(row)}
    assert found == {("agency", "绥阳县太白镇人民政府"), ("filled_on", "2022年2月3日")}


def test_a_goal_row_without_its_header_gives_target_and_outcome() -> None:
    (row,) = rows_of((0, 0, "年度总体目标"), (0, 1, "规范专项资金使用"), (0, 2, "道路保洁外包完成"))
    label = row.cells()[0]
    actual = unlabelled_goal_actual(row, label)
    assert actual is not None and actual.text == "道路保洁外包完成"
    (labelled,) = rows_of((0, 0, "年度总体目标"), (0, 1, "规范专项资金使用"),
                          (0, 2, "年度总体目标完成情况"), (0, 3, "完成"))
    assert unlabelled_goal_actual(labelled, labelled.cells()[0]) is None
    (single,) = rows_of((0, 0, "年度总体目标"), (0, 1, "规范专项资金使用"))
    assert unlabelled_goal_actual(single, single.cells()[0]) is None


def _indicators(*cells: Spec) -> list[Indicator]:
    """The indicators of a grid whose first row is the indicator header."""
    rows = rows_of(*cells)
    cols = indicator_columns(rows[0])
    assert cols is not None
    cols = cols.checked_against(rows[1:])
    drafts: list[IndicatorDraft] = []
    for row in rows[1:]:
        add_indicator_row(drafts, row, cols)
    return [ind for ind, _, _ in finish_indicators(drafts)]


def test_a_coefficient_column_and_a_kind_merged_under_the_operator_label() -> None:
    # 重庆: 计量单位 | 指标性质 (定量指标, merged down) | 年初指标值 | … | 得分系数(%) |
    # 指标权重(分) | 指标得分(分); the target already prints its unit.
    (first, second) = _indicators(
        (0, 0, "指标名称"), (0, 1, "计量单位"), (0, 2, "指标性质"), (0, 3, "年初指标值"),
        (0, 4, "全年完成值"), (0, 5, "得分系数(%)"), (0, 6, "指标权重(分)"), (0, 7, "指标得分(分)"),
        (1, 0, "预算调整率"), (1, 1, "%"), (1, 2, "定量指标", 2, 1), (1, 3, "3%"), (1, 4, "0"),
        (1, 5, "100%"), (1, 6, "2"), (1, 7, "2"),
        (2, 0, "结转结余率"), (2, 1, "%"), (2, 3, "2%"), (2, 4, "0"), (2, 5, "100%"),
        (2, 6, "2"), (2, 7, "1"))
    assert (first.target, first.weight, first.score) == ("3%", Decimal("2"), Decimal("2"))
    assert second.score == Decimal("1")


def test_points_printed_on_the_name_are_its_weight_without_a_weight_column() -> None:
    # 湖南 计分表: 三级指标 目标内容(4分) | 自评分 4, no 分值 column.
    (ind,) = _indicators((0, 0, "一级指标"), (0, 1, "二级指标"), (0, 2, "三级指标"),
                         (0, 3, "自评分"), (0, 4, "评价标准"),
                         (1, 0, "项目决策(20分)"), (1, 1, "项目目标(4分)"), (1, 2, "目标内容(4分)"),
                         (1, 3, "4"), (1, 4, "设有目标(1分)"))
    assert (ind.name, ind.weight, ind.score) == ("目标内容", Decimal("4"), Decimal("4"))


def test_the_block_label_beside_its_header_names_the_total_row() -> None:
    # 重庆: 部门预算执行情况 runs down beside the header and its one row of amounts.
    header, amounts = rows_of(
        (0, 0, "部门预算执行情况", 2, 1), (0, 1, "年初预算数"), (0, 2, "全年(调整)预算数"),
        (0, 3, "全年执行数"), (0, 4, "执行率(%)"), (0, 5, "执行率权重"), (0, 6, "执行率得分(分)"),
        (1, 1, "0"), (1, 2, ""), (1, 3, ""), (1, 4, "76%"), (1, 5, "10"), (1, 6, "7.6"))
    cols = funds_columns(header, amounts)
    assert cols is not None
    fund = fund_from_row(amounts, cols, first=True)
    assert fund is not None
    assert (fund.label, fund.kind, fund.rate, fund.weight, fund.score) == (
        "部门预算执行情况", "total", Decimal("0.76"), Decimal("10"), Decimal("7.6"))
    assert fund_from_row(amounts, cols, first=False) is None


def test_a_numbered_funds_block_reads_its_labels_left_of_the_row_numbers() -> None:
    # 四川 名山: 行次 numbers the rows, 列次 | 0 | 1 … numbers the columns; 预算执行
    # (E/C×100%) is spending over the budget, the rate; 全年到位资金 arrived, not spent
    header, numbers, total = rows_of(
        (0, 0, "资金投入情况(万元)"), (0, 1, "行次"), (0, 2, "全年预算数(A)"),
        (0, 3, "全年到位资金(D)"), (0, 4, "全年执行资金(E)"), (0, 5, "预算执行(E/C×100%)"),
        (1, 0, "列次"), (1, 1, "0"), (1, 2, "1"), (1, 3, "2"), (1, 4, "3"), (1, 5, "4"),
        (2, 0, "年度资金总额(万元):"), (2, 1, "1"), (2, 2, "52.8"), (2, 3, "52.8"),
        (2, 4, "30.8"), (2, 5, "58.33%"))
    cols = funds_columns(header, total)
    assert cols is not None and cols.label_col == 0
    assert is_numbering_row(numbers) and not is_numbering_row(total)
    fund = fund_from_row(total, cols)
    assert fund is not None
    assert (fund.label, fund.kind, fund.budget, fund.executed, fund.rate) == (
        "年度资金总额(万元)", "total", Decimal("52.8"), Decimal("30.8"), Decimal("0.5833"))


def test_a_row_of_column_numbers_with_a_cell_not_read_still_counts() -> None:
    # a number or the 列次 label not read must not turn the row into a fund (it read as
    # 执行数 6 ÷ 预算数 1 against a rate of 7%: a false funds_rate_mismatch)
    numbers = [(0, "列次"), (1, "0"), (2, "1"), (3, "2"), (4, "3"), (5, "4")]
    for blank in range(6):
        row = rows_of(*((0, c, "" if c == blank else t) for c, t in numbers))[0]
        assert is_numbering_row(row), blank
    amounts = rows_of((0, 0, ""), (0, 1, "1"), (0, 2, "52.8"), (0, 3, "52.8"), (0, 4, "30.8"))[0]
    assert not is_numbering_row(amounts)
    short = rows_of((0, 0, ""), (0, 1, "1"), (0, 2, "2"), (0, 3, "3"))[0]
    assert not is_numbering_row(short)  # three numbers and no label: too few to tell


def test_a_funds_row_of_an_indicator_block_reads_its_completion_as_the_rate() -> None:
    # 深圳 罗湖: 总体支出进度 (当年实际支出金额/项目当年下达额度) over 实际支出金额 |
    # 下达额度 | 实际完成值 | 分值 | 得分: 下达额度 is the budget, 实际完成值 the rate
    header, amounts = rows_of(
        (0, 0, "总体支出进度 (当年实际支出金额/项目当年下达额度)", 2, 1), (0, 1, "实际支出金额"),
        (0, 2, "下达额度"), (0, 3, "实际完成值"), (0, 4, "分值"), (0, 5, "得分"),
        (1, 1, "1,437"), (1, 2, "1,437"), (1, 3, "100%"), (1, 4, "10"), (1, 5, "10"))
    cols = funds_columns(header, amounts)
    assert cols is not None
    assert cols.fields == {"executed": 1, "budget": 2, "rate": 3, "weight": 4, "score": 5}


def test_label_amount_pairs_stacked_beside_the_blocks_label() -> None:
    # 四川 遂宁: 预算执行情况(万元) runs down beside 转移支付预算数(A) | 5.8万 over
    # 转移支付执行数(B) | 5.8万, 预算执行率(B/A) | 100% beside both
    rows = rows_of((0, 0, "预算执行情况(万元)", 2, 1), (0, 1, "转移支付预算数(A)"),
                   (0, 2, "5.8万"), (0, 3, "预算执行率(B/A)", 2, 1), (0, 4, "100%", 2, 1),
                   (1, 1, "转移支付执行数(B)"), (1, 2, "5.8万"), (2, 0, "预期目标", 1, 5))
    stacked = stacked_fund(rows, 0)
    assert stacked is not None
    [fund], height = stacked
    assert height == 2
    assert (fund.label, fund.kind, fund.budget, fund.executed, fund.rate) == (
        "预算执行情况(万元)", "total", Decimal("5.8"), Decimal("5.8"), Decimal("1.00"))
    # a row that does not print such pairs makes it no funds block
    other = rows_of((0, 0, "项目情况", 2, 1), (0, 1, "预算数"), (0, 2, "5.8"),
                    (1, 1, "说明"), (1, 2, "按计划实施"))
    assert stacked_fund(other, 0) is None


def test_sources_printed_across_one_row() -> None:
    # 湖北 广水: 项目资金来源 | 中央(万元) | … | 本级(万元) | 合计(万元) | 执行数 | 执行率
    header, amounts = rows_of(
        (0, 0, "项目资金来源", 2, 1), (0, 1, "中央(万元)"), (0, 2, "省、地(万元)"),
        (0, 3, "本级(万元)"), (0, 4, "合计(万元)"), (0, 5, "执行数(万元)"), (0, 6, "执行率"),
        (1, 1, ""), (1, 2, ""), (1, 3, "309"), (1, 4, "309"), (1, 5, "309"), (1, 6, "100 %"))
    funds = funds_across(header, amounts)
    assert funds is not None
    read = [(f.label, f.kind, f.budget, f.executed, f.rate) for f in with_levels(funds)]
    assert read == [("中央", "fiscal_transfer", None, None, None),
                    ("省、地", "fiscal_transfer", None, None, None),
                    ("本级", "fiscal_local", Decimal("309"), None, None),
                    ("合计", "total", Decimal("309"), Decimal("309"), Decimal("1.00"))]
    assert funds_across(amounts, header) is None


def test_upper_levels_stay_fiscal_without_the_agencys_own_level() -> None:
    # 海南: a province's own agency prints 省财政 as its own money.
    funds = [Fund("计划投资额", "total", budget=Decimal("570")),
             Fund("省财政", "fiscal", budget=Decimal("570")), Fund("市县财政", "fiscal")]
    assert with_levels(funds) == funds


def test_a_scoring_sheet_naming_only_its_points_and_scores_reads_by_position() -> None:
    # 湖北 广水: 项目权重 | 评价内容 | 分值 | 自评分 | 复核分, then a heading across the table.
    inds = _indicators((0, 0, "项目权重"), (0, 1, "评价内容"), (0, 2, "分值"), (0, 3, "自评分"),
                       (0, 4, "复核分"),
                       (1, 0, "项目决策 2 分"), (1, 1, "决策依据"), (1, 2, "2"), (1, 3, "2"),
                       (2, 0, "项目年度目标 1:乡村道路建设养护项目", 1, 5))
    assert [(i.level1, i.name, i.weight, i.score) for i in inds] == [
        ("项目决策", "决策依据", Decimal("2"), Decimal("2"))]


def test_a_funds_header_is_never_read_by_position() -> None:
    (row,) = rows_of((0, 0, "项目资金"), (0, 1, "年初预算数"), (0, 2, "分值"), (0, 3, "得分"),
                     (0, 4, "全年执行数"))
    assert indicator_columns(row) is None


def test_a_funds_row_under_a_label_naming_no_source_is_kept_as_unknown() -> None:
    # 安徽 霍山 转移支付: 彩票公益金用于医疗救助 prints amounts; 按收入性质分 (湖南) is a
    # heading though it repeats the total; 地方资金 is the form's own money.
    header, lottery, heading, local = rows_of(
        (0, 0, "项目资金"), (0, 1, "全年预算数(A)"), (0, 2, "全年执行数(B)"),
        (0, 3, "预算执行率(B/A×100%)"),
        (1, 0, "彩票公益金用于医疗救助"), (1, 1, "0"), (1, 2, "0"), (1, 3, "100%"),
        (2, 0, "按收入性质分"), (2, 1, "2030.12"), (2, 2, ""), (2, 3, ""),
        (3, 0, "地方资金"), (3, 1, "2530.32万"), (3, 2, "2530.32万"), (3, 3, "100%"))
    cols = funds_columns(header, lottery)
    assert cols is not None
    read = [fund_from_row(r, cols) for r in (lottery, heading, local)]
    assert [(f.label, f.kind) if f else None for f in read] == [
        ("彩票公益金用于医疗救助", "unknown"), None, ("地方资金", "fiscal_local")]


def test_a_weight_printed_as_a_percent_is_that_share_of_100_points() -> None:
    # 四川 普惠金融: 权重 20% beside 得分 20.
    header, first, second = rows_of(
        (0, 0, "一级指标"), (0, 1, "二级指标"), (0, 2, "三级指标"), (0, 3, "指标值"),
        (0, 4, "完成值"), (0, 5, "权重"), (0, 6, "得分"),
        (1, 0, "产出指标"), (1, 1, "数量指标"), (1, 2, "发放额增长率"), (1, 3, "≥10%"),
        (1, 4, "115.25%"), (1, 5, "20%"), (1, 6, "20"),
        (2, 0, "产出指标"), (2, 1, "质量指标"), (2, 2, "回收率"), (2, 3, "≥90%"),
        (2, 4, "98.70%"), (2, 5, "5%"), (2, 6, "5"))
    cols = indicator_columns(header)
    assert cols is not None
    cols = cols.checked_against([first, second])
    drafts: list[IndicatorDraft] = []
    for row in (first, second):
        add_indicator_row(drafts, row, cols)
    assert [(d.weight, d.score) for d in drafts] == [(Decimal("20"), Decimal("20")),
                                                   (Decimal("5"), Decimal("5"))]


def _two_lists(second_used_label: str) -> list[Row]:
    # 资金情况 beside 资金使用情况, each a list whose first entry is its total (四川 si03).
    return rows_of(
        (0, 0, "资金情况(万元)", 3, 1), (0, 1, "年度金额(提前下达):208万元", 1, 2),
        (0, 3, "资金使用情况(万元)", 3, 1), (0, 4, "合计:109.8万元", 1, 2),
        (1, 1, "中央财政"), (1, 2, "165万元"), (1, 4, "中央财政"), (1, 5, "84.5万元"),
        (2, 1, "其他资金"), (2, 2, "43万元"), (2, 4, second_used_label), (2, 5, "25.3万元"))


def test_two_funds_lists_side_by_side_pair_up_row_by_row() -> None:
    read = side_by_side_funds(_two_lists("其他资金"), 0)
    assert read is not None
    funds, height = read
    assert height == 3
    assert [(f.label, f.kind, f.budget, f.executed) for f in funds] == [
        ("年度金额(提前下达)", "total", Decimal("208"), Decimal("109.8")),
        ("中央财政", "fiscal_transfer", Decimal("165"), Decimal("84.5")),
        ("其他资金", "other", Decimal("43"), Decimal("25.3"))]


def test_two_lists_whose_rows_name_different_sources_are_not_read() -> None:
    assert side_by_side_funds(_two_lists("中央财政"), 0) is None


def test_a_header_spanning_two_printed_values_reads_neither() -> None:
    # A ruling lost to a scan joined 执行数(B) and 执行率 over two printed values (sc03):
    # which one is the rate would be a guess; the budget beside them still reads.
    rows = rows_of((0, 0, ""), (0, 1, "预算数(A)"), (0, 2, "执行数(B)执行率", 1, 2),
                   (0, 4, "得分"), (1, 0, "年度财政资金总额"), (1, 1, "1.56"), (1, 2, "1.56"),
                   (1, 3, "1"), (1, 4, "20"))
    cols = funds_columns(rows[0], rows[1])
    assert cols is not None
    fund = fund_from_row(rows[1], cols)
    assert fund is not None
    assert (fund.budget, fund.rate, fund.executed, fund.score) == (
        Decimal("1.56"), None, None, Decimal("20"))


def _explained(*explanations: str) -> list[str | None]:
    header, *rows = rows_of(
        (0, 0, "一级指标"), (0, 1, "二级指标"), (0, 2, "三级指标"), (0, 3, "指标说明"),
        (0, 4, "分值"), (0, 5, "评分"),
        *((r, c, text) for r, explanation in enumerate(explanations, 1)
          for c, text in enumerate(("决策(10)", "项目立项", f"指标{r}", explanation, "2", "2"))))
    cols = indicator_columns(header)
    assert cols is not None
    drafts: list[IndicatorDraft] = []
    for row in rows:
        add_indicator_row(drafts, row, cols)
    return [indicator.explanation for indicator, _, _ in finish_indicators(drafts)]


def test_an_explanation_column_of_scoring_rules_is_the_sheets_scoring_method() -> None:
    # 铜陵 sk03: 指标说明 holds 得2分/扣1分 rules, which the record has no place for.
    assert _explained("记录完整,得2分;不完整的每个项目扣1分", "实行国库集中支付的,得2分") == [
        None, None]
    assert _explained("反映资金到位情况", "实行国库集中支付的,得2分") == [
        "反映资金到位情况", "实行国库集中支付的,得2分"]


def test_two_funds_lists_headed_from_above_with_the_rate_beside_them() -> None:
    # 河北 sm02: 预算安排情况 | 资金执行情况 | 预算执行率 over label | amount pairs.
    rows = rows_of(
        (0, 0, "一、预算执行情况", 4, 1), (0, 1, "预算安排情况(调整后)", 1, 2),
        (0, 3, "资金执行情况", 1, 2), (0, 5, "预算执行率", 1, 3),
        (1, 1, "预算数:"), (1, 2, "95"), (1, 3, "执行数:"), (1, 4, "82.65"),
        (1, 5, "87%", 3, 3),
        (2, 1, "其中:财政资金"), (2, 2, "95"), (2, 3, "其中:财政资金"), (2, 4, "82.65"),
        (3, 1, "其他"), (3, 2, ""), (3, 3, "其他"), (3, 4, ""))
    read = side_by_side_funds(rows, 0)
    assert read is not None
    funds, height = read
    assert height == 4
    assert [(f.label, f.kind, f.budget, f.executed, f.rate) for f in funds] == [
        ("预算数", "total", Decimal("95"), Decimal("82.65"), Decimal("0.87")),
        ("其中:财政资金", "fiscal", Decimal("95"), Decimal("82.65"), None),
        ("其他", "other", None, None, None)]


# --- a table with no header row: a form's last page alone (四川 sn02, so02) -----------

def _tail(total_cols: int = 7) -> list[Row]:
    """Indicator rows with no header (一级 | 二级 | 三级 | 性质 | 指标值 | 单位 | 完成值 |
    权重 | 得分 | 原因), then 合计 over the 权重 column."""
    cells: list[Spec] = []
    for r, (l1, l2, name, op, value, unit) in enumerate((
            ("产出指标", "数量指标", "足额保障率", "=", "100", "%"),
            ("产出指标", "时效指标", "按时发放率", "≤", "10", "次"),
            ("效益指标", "经济效益指标", "结余率", "定性", "好", ""))):
        cells += [(r, c, t) for c, t in enumerate(
            (l1, l2, name, op, value, unit, value, "22.5", "", ""))]
    cells += [(3, 0, "合计", 1, total_cols), (3, total_cols, "100")]
    cells += [(3, c, "") for c in range(total_cols + 1, 10)]
    return rows_of(*cells)


def test_a_table_with_no_header_is_read_by_its_columns_between_headings_and_total() -> None:
    cols = headless_columns(_tail())
    assert cols is not None and cols.fields == {
        "level1": 0, "level2": 1, "name": 2, "target_op": 3, "target": 4, "target_unit": 5,
        "actual": 6, "weight": 7, "score": 8, "reason": 9}


def test_a_headless_table_whose_layout_is_unknown_is_not_read() -> None:
    # the 合计 over another column leaves five columns between names and 分值: unknown
    assert headless_columns(_tail(total_cols=8)) is None
    # no column of headings: not an indicator table (a list with a 合计 row)
    rows = rows_of((0, 0, "中央"), (0, 1, "10"), (1, 0, "本级"), (1, 1, "5"),
                   (2, 0, "其他"), (2, 1, "1"), (3, 0, "合计"), (3, 1, "16"))
    assert headless_columns(rows) is None


def test_a_row_of_bare_sub_labels_is_part_of_the_header() -> None:
    # 一级指标 | 二级指标 | 三级指标 over 名称 | 名称 | 名称 (重庆 so03)
    (labels_row, data_row) = rows_of((0, 0, "名称"), (0, 1, "名称"), (0, 2, "名称"),
                                     (1, 0, "产出指标"), (1, 1, "数量指标"), (1, 2, "x"))
    assert is_sub_label_row(labels_row) and not is_sub_label_row(data_row)


@pytest.mark.parametrize(("header", "fields"), [
    # 湖南: 指标内容 names the indicators where no 三级指标 column does
    (("一级指标", "二级指标", "指标内容", "指标(目标)值", "实际完成值"),
     {"level1": 0, "level2": 1, "name": 2, "target": 3, "actual": 4}),
    # 河北: beside a 三级指标 column it explains them
    (("一级指标", "二级指标", "三级指标", "指标内容", "评价标准", "分值", "自评得分"),
     {"level1": 0, "level2": 1, "name": 2, "explanation": 3, "weight": 5, "score": 6}),
    # 广西: a scoring sheet whose score column has no label
    (("目标名称", "", "分值", ""), {"name": 0, "weight": 2, "score": 3}),
])
def test_columns_told_by_their_place(header: tuple[str, ...], fields: dict[str, int]) -> None:
    cols = indicator_columns(rows_of(*[(0, c, t) for c, t in enumerate(header)])[0])
    assert cols is not None and cols.fields == fields


@pytest.mark.parametrize("header", [("项目名称", "", "分值", ""),
                                    ("项目名称", "某项目", "分值", "10")])
def test_a_head_row_with_a_weight_is_no_scoring_sheet(header: tuple[str, ...]) -> None:
    assert indicator_columns(rows_of(*[(0, c, t) for c, t in enumerate(header)])[0]) is None


def test_a_funds_list_printed_in_an_indicator_row_is_funds() -> None:
    # 预算资金安排 | 说明 | 资金合计(万元) | 年度预算资金总额: | 1084.25 (重庆 so03); the
    # layout has fields at columns 0, 1 and 4 (name, explanation, actual)
    (row,) = rows_of((0, 0, "预算资金安排"), (0, 1, "预算安排情况。"), (0, 2, "资金合计(万元)"),
                     (0, 3, "年度预算资金总额:"), (0, 4, "1084.25"))
    line = fund_line(row, {0, 1, 4})
    assert line is not None and line.amount is not None
    fund = line.fund(None)
    assert fund is not None and (fund.label, fund.kind, fund.budget) == (
        "年度预算资金总额", "total", Decimal("1084.25"))
    # the same words in a field's column, or in a clause, are no funds label
    assert fund_line(row, {0, 1, 3, 4}) is None
    (rule_row,) = rows_of((0, 0, "资金结余"), (0, 1, "无结余,3分;有结余,但不超过上年结转,2分"),
                          (0, 2, "3"))
    assert fund_line(rule_row, {0, 2}) is None


def test_a_cell_ending_in_a_colon_is_a_label_not_a_value() -> None:
    (row,) = rows_of((0, 0, "项目负责人:"), (0, 1, "财务负责人:"))
    assert [(f, v) for f, v, _, _ in row_fields(row)] == [("contact", "")]


def test_a_funds_header_of_two_amounts_and_a_goal_header_that_is_none() -> None:
    # 湖南 南岳 (traditional characters): 年初预算资金总额 | 实际投入资金额 | 产生差异的原因
    funds = rows_of((0, 0, "資金情況(萬元)", 2, 1), (0, 1, ""), (0, 2, "年初預算資金總額:"),
                    (0, 3, "實際投入資金額"), (0, 4, "產生差異的原因"),
                    (1, 1, "合計"), (1, 2, "236"), (1, 3, "236"), (1, 4, ""))
    cols = funds_columns(funds[0], funds[1])
    assert cols is not None and cols.fields == {"initial_budget": 2, "executed": 3}
    # 重庆: 年初 and 实际 in a goal header name no amounts
    goals = rows_of((0, 0, "当年绩效目标", 2, 1), (0, 1, "年初绩效目标"),
                    (0, 2, "全年(调整)绩效目标"), (0, 3, "全年目标实际完成情况"),
                    (1, 1, "无"), (1, 2, "无"), (1, 3, "完成"))
    assert funds_columns(goals[0], goals[1]) is None
