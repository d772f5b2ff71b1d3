"""The repair functions on the real variants printed in tests/data/seeds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from selfeval.normalize.fields import line_fields
from selfeval.normalize.headers import match_label, matches_any
from selfeval.normalize.labels import labels
from selfeval.normalize.numbers import (
    find_year,
    parse_date,
    parse_decimal,
    parse_rate,
    parse_target,
    parse_weight,
    single_year,
    split_points,
)
from selfeval.normalize.records import Parsed
from selfeval.normalize.text import clean_text, is_blank


@pytest.mark.parametrize("text,value,exponent", [
    ("1,288.38", Decimal("1288.38"), -2),      # seed 004 总预算
    ("10分", Decimal("10"), 0),                # seed 002 分值
    ("9.93", Decimal("9.93"), -2),
    ("1959300.00", Decimal("1959300.00"), -2),  # seed 001: trailing zeros are precision
    ("１０", Decimal("10"), 0),                # seed 001 report 3, full-width digits
    ("2078元", Decimal("2078"), 0),
    ("8.83万", Decimal("8.83"), -2),
])
def test_parse_decimal_keeps_the_printed_precision(
    text: str, value: Decimal, exponent: int
) -> None:
    got = parse_decimal(text)
    assert got == value and got.as_tuple().exponent == exponent


@pytest.mark.parametrize("text", ["-", "—", "/", "", None, "不适用", "99.30%", "1次2次"])
def test_parse_decimal_refuses_what_is_not_one_number(text: str | None) -> None:
    assert parse_decimal(text) is None


@pytest.mark.parametrize("text,percent_column,value", [
    ("99.30%", False, Decimal("0.9930")),   # seed 000
    ("98.87", True, Decimal("0.9887")),     # seed 001: 执行率 (%) column
    ("100", True, Decimal("1.00")),
    ("86.17\n%", False, Decimal("0.8617")),  # seed 003: the sign wraps to its own line
    ("99. 71%", False, Decimal("0.9971")),   # seed 002 OCR: a space inside the number
])
def test_parse_rate_reads_a_fraction(
    text: str, percent_column: bool, value: Decimal | None
) -> None:
    assert parse_rate(text, percent_column) == value


def test_rate_keeps_the_precision_of_the_printed_percent() -> None:
    assert parse_rate("99.30%").as_tuple().exponent == -4


@pytest.mark.parametrize("text,year,artifact", [
    ("(2, 023年度)", 2023, "2, 023"),          # seed 000
    ("(2,023年度)", 2023, "2,023"),
    ("（2023年度）", 2023, None),               # seed 002
    ("２０２３", 2023, None),                   # seed 001 report 3
    ("2024年度部门整体支出绩效自评表", 2024, None),  # seed 003
    ("2022年度广州市黄埔区工商业联合会部门整体支出绩效自评表", 2022, None),
])
def test_find_year_repairs_a_number_formatted_year(
    text: str, year: int, artifact: str | None
) -> None:
    reading = find_year(text)
    assert reading is not None and reading.year == year and reading.artifact == artifact


def test_dates() -> None:
    assert parse_date("2024/02/05") == "2024-02-05"
    assert parse_date("2024年2月5日") == "2024-02-05"
    assert parse_date("") is None and parse_date("2024/13/40") is None


@pytest.mark.parametrize("raw,clean", [
    ("项⽬⽀出绩效⽬标⾃评表", "项目支出绩效目标自评表"),  # Kangxi radicals, seed 000's text layer
    ("⼀级指标", "一级指标"),
    ("⻓期影响", "长期影响"),                              # CJK Radicals Supplement U+2ED3
    ("⻔户", "门户"),
    ("州“万企兴万村”⾏动\n⼯作", "州“万企兴万村”行动工作"),    # a wrap inside a word
    ("选举产生 198 \n名七届执委", "选举产生 198 名七届执委"),  # a wrap at a printed space
    ("深耕非公企业党建田;\n2:不断巩固", "深耕非公企业党建田; 2:不断巩固"),  # a list item
    ("覆盖面,目标\n3:支持", "覆盖面,目标3:支持"),       # a wrap cuts an item from its number
    ("（５０分）", "(50分)"),                               # full-width digits and brackets
    ("a\u200bb\x07c", "abc"),                              # zero-width and control characters
])
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize("raw,clean", [
    ("1、搭建平台；\n2、围绕主题", "1、搭建平台; 2、围绕主题"),   # a list item starts: a space
    ("计划安排资金\n（万元）", "计划安排资金(万元)"),           # next to CJK text: none
    ("WIFI\ncoverage", "WIFI coverage"),                       # between words: a space
])
def test_a_line_break_joins_the_same_typed_or_wrapped(raw: str, clean: str) -> None:
    """A form reads the same from Word (typed returns) and from its PDF (wraps)."""
    assert clean_text(raw) == clean


@pytest.mark.parametrize("text", ["—", "/", "-", "", "  "])
def test_dash_and_slash_are_blank(text: str) -> None:
    assert is_blank(text)


@pytest.mark.parametrize("text,parsed", [
    ("≤30000元", Parsed("<=", Decimal("30000"), "元")),
    ("98%", Parsed("=", Decimal("98"), "%")),
    ("=1次", Parsed("=", Decimal("1"), "次")),
    ("≥10家", Parsed(">=", Decimal("10"), "家")),
    ("≪8.9万元", None),                       # an OCR lookalike is not an operator here
    ("≤8.9万元", Parsed("<=", Decimal("8.9"), "万元")),
    ("164.96", Parsed("=", Decimal("164.96"), None)),
    ("及时率 100%", None),                    # words before the number
    ("2023年底", None),                        # a date, not a quantity
    ("2023年12月31日", None),
    ("≥九十", None),
    ("有效推进", None),
])
def test_parse_target(text: str, parsed: Parsed | None) -> None:
    assert parse_target(text) == parsed


@pytest.mark.parametrize("text,name,points", [
    ("产出指标 (50分)", "产出指标", Decimal(50)),
    ("产出指标（５０分）", "产出指标", Decimal(50)),
    ("满意度指\n标 (10分)", "满意度指标", Decimal(10)),
    ("产出指标\n(50 分)", "产出指标", Decimal(50)),
    ("履职效能", "履职效能", None),
])
def test_split_points(text: str, name: str, points: Decimal | None) -> None:
    assert split_points(text) == (name, points)


@pytest.mark.parametrize("label,field", [
    ("年度指标值(A)", "target"),
    ("年度指标值", "target"),
    ("指标值", "target"),
    ("* 实际完成值", "actual"),
    ("实际完成值(B)", "actual"),
    ("*分值", "weight"),
    ("* 分\n值", "weight"),
    ("得分/自\n评分", "score"),
    ("未完成原因分\n析", "reason"),
    ("偏差原因\n分析及改\n进措施", "reason"),
    ("未达标原因", "reason"),
    ("改进措施", "measure"),
    ("指标解释", "explanation"),
    ("三级指 标", "name"),
    ("⼆成级本指指标标", "level2"),   # 二级指标 with a cut merged cell's text woven in
])
def test_indicator_headers(label: str, field: str) -> None:
    assert match_label(label, labels().indicator_columns) == field


@pytest.mark.parametrize("label", ["产出指标", "预期目标", "高质量完成", "总分", "预算执行"])
def test_non_headers_match_no_indicator_column(label: str) -> None:
    assert match_label(label, labels().indicator_columns) is None


@pytest.mark.parametrize("label,field", [
    ("执行\n率 (%)", "rate"), ("全年预算数(A)", "budget"), ("全年执行数（B）", "executed"),
    ("年初预算数", "initial_budget"),
])
def test_funds_headers(label: str, field: str) -> None:
    assert match_label(label, labels().funds_columns) == field


@pytest.mark.parametrize("label,field", [
    ("项目编\n码:", "project_code"), ("主管部门及代码", "department"), ("实施单\n位:", "agency"),
    ("一级预算单位:", "department"), ("预算部门名称", "agency"), ("绩效自评年度:", "year_label"),
])
def test_header_fields(label: str, field: str) -> None:
    assert match_label(label, labels().header_fields) == field


def test_a_conclusion_label_with_stray_characters_woven_in() -> None:
    assert matches_any("⾃评结\n绩效论指", labels().row_labels["conclusion"])
    assert not matches_any("高质量完成", labels().row_labels["conclusion"])


def test_a_period_in_one_year_gives_that_year_and_one_over_years_none() -> None:
    reading = single_year("2016年1月起至2016年12 月止")
    assert reading is not None and reading.year == 2016
    assert single_year("2015年1月至2017年12月") is None
    assert single_year("全年") is None


@pytest.mark.parametrize(("text", "points"), [("20%", "20"), ("10", "10"), ("10分", "10"),
                                              ("5 %", "5"), ("", None), ("高", None)])
def test_a_weight_reads_points_or_a_percent_of_100_points(text: str, points: str | None) -> None:
    assert parse_weight(text) == (None if points is None else Decimal(points))


def test_a_cover_line_reads_a_letter_spaced_value_and_a_label_alone_as_blank() -> None:
    assert line_fields("项目名称 优 抚") == [("project", "优抚")]
    assert line_fields("主管部门") == [("department", "")]


def test_a_scanned_cover_line_reads_a_label_run_into_its_value() -> None:
    # a scan's line loses the narrow space after the label (浙江, 湖南 cover pages)
    assert line_fields("项目名称防尘洗护费") == [("project", "防尘洗护费")]
    assert line_fields("項目名稱森林防火專項") == [("project", "森林防火專項")]
    # a title or a sentence that opens with a label's words is no field
    assert line_fields("主管部门整体支出绩效自评表") == []
    assert line_fields("主管部门高度重视，按时完成") == []
    assert line_fields("单位负责人签字") == []  # 单位 is too short to open a fused value



@pytest.mark.parametrize("line", ["单位:万元", "单位：元", "单位 万元", "单位:(万元)"])
def test_a_money_unit_note_names_no_agency(line: str) -> None:
    """``单位`` labels the agency (``单位 | 某局``) but ``单位:万元`` notes the unit."""
    assert line_fields(line) == []


def test_a_unit_note_after_the_agency_leaves_the_agency() -> None:
    assert line_fields("填报单位:某局 单位:万元") == [("agency", "某局")]
