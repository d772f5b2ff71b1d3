"""Reading the families of forms, not five seeds: the label model (normalize/labels.toml
plus a user's files), label keys, and the repairs the first wild corpus called for
(docs/first-contact.md). Each case is a variant printed on a real published form."""

from __future__ import annotations

import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from selfeval.normalize.blocks import conclusion_of, read_conclusion
from selfeval.normalize.fields import money_unit_in, split_contact
from selfeval.normalize.headers import column_field, match_label
from selfeval.normalize.labels import LABELS_ENV, LabelFileError, label_key, labels
from selfeval.normalize.numbers import parse_decimal, parse_operator, parse_target, split_points
from selfeval.normalize.records import Parsed
from selfeval.normalize.text import close_cjk_gaps
from selfeval.normalize.titles import continues_title, form_kind, is_form_title, title_text

# --- label keys -----------------------------------------------------------------------


@pytest.mark.parametrize("printed,key", [
    ("执行率（B/A）", "执行率"), ("* 執行率(B/A)：", "执行率"), ("得分（20分*执行率）", "得分"),
    ("预算数(A)", "预算数"), ("执行率(全年执行数/全年预算数)", "执行率"),
    ("项目资金（万元）", "项目资金"), ("年度预算申请(万元", "年度预算申请"),
    ("指标值(文字描述)", "指标值"), ("单位(盖章)", "单位(盖章)"),
    ("預算執行情況", "预算执行情况"),
])
def test_label_keys_drop_annotations_and_read_traditional_characters(printed: str,
                                                                     key: str) -> None:
    assert label_key(printed) == key


# --- labels the built-in file does not list are read from their words -----------------

#: Variants printed on real forms and kept out of labels.toml on purpose: they are read
#: by the part rules, which is what a template not seen yet needs.
HELD_OUT_INDICATOR = {
    "预期指标值": "target", "全年完成值": "actual", "实际完成指标值": "actual",
    "单项指标实际完成值": "actual", "自评权重": "weight", "参考分值": "weight",
    "单项指标得分": "score", "偏差及原因分析": "reason",
    "未完成原因及拟采取的改进措施": "reason", "未完成原因分析及改进措施": "reason",
    "实施进度": "actual",
}
HELD_OUT_FUNDS = {"预算执行数": "executed", "执行数": "executed", "年度预算数": "budget",
                  "调整预算数": "budget"}


@pytest.mark.parametrize("table,held_out", [("indicator", HELD_OUT_INDICATOR),
                                            ("funds", HELD_OUT_FUNDS)])
def test_held_out_variants_are_not_listed_and_still_read(table: str,
                                                         held_out: dict[str, str]) -> None:
    model = labels()
    listed = getattr(model, f"{table}_columns")
    parts = getattr(model, f"{table}_parts")
    listed_keys = {label_key(v) for variants in listed.values() for v in variants}
    assert not set(held_out) & listed_keys
    read = {label: column_field(label, listed, parts) for label in held_out}
    right = sum(read[label] == field for label, field in held_out.items())
    print(f"held-out {table} labels read right: {right}/{len(held_out)}")
    assert read == held_out


# --- a user's labels file --------------------------------------------------------------

USER_LABELS = '[indicator_columns]\nactual = ["全年成效"]\n[header_fields]\nagency = ["承办处室"]\n'


def test_a_users_labels_file_adds_labels(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    assert match_label("全年成效", labels().indicator_columns) is None
    extra = tmp_path / "labels.toml"
    extra.write_text(USER_LABELS, encoding="utf-8")
    monkeypatch.setenv(LABELS_ENV, str(extra))
    assert match_label("全年成效", labels().indicator_columns) == "actual"
    assert match_label("承办处室", labels().header_fields) == "agency"
    assert match_label("实施单位", labels().header_fields) == "agency"  # built-ins kept


@pytest.mark.parametrize("text,reason", [
    ("[sections]\n", "unknown section [sections]"),
    ("[indicator_columns]\nactual = \"全年成效\"\n", "must map each field to a list"),
    ("actual = [", "not a valid TOML labels file"),
])
def test_a_bad_labels_file_names_the_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             text: str, reason: str) -> None:
    bad = tmp_path / "labels.toml"
    bad.write_text(text, encoding="utf-8")
    monkeypatch.setenv(LABELS_ENV, str(bad))
    with pytest.raises(LabelFileError, match=re.escape(reason)):
        labels()


@pytest.mark.slow
def test_the_cli_refuses_a_bad_labels_file_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "labels.toml"
    bad.write_text("[sections]\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "selfeval", "--labels", str(bad), "extract",
                          str(tmp_path / "any.pdf")], capture_output=True, text=True, check=False)
    assert run.returncode == 2
    assert run.stderr == f"selfeval: {bad.resolve()}: unknown section [sections]\n"


# --- targets, amounts, units -----------------------------------------------------------

@pytest.mark.parametrize("text,op", [
    ("≧95%", ">="), (">=95%", ">="), ("=>95%", ">="), ("不低于95%", ">="), ("95%以上", ">="),
    ("≦3万元", "<="), ("<=3万元", "<="), ("不超过3万元", "<="), ("3万元以内", "<="),
    ("═100%", "="), ("大于95%", ">"), ("低于5%", "<"),
])
def test_target_operators_as_forms_print_them(text: str, op: str) -> None:
    parsed = parse_target(text)
    assert parsed is not None and parsed.op == op


@pytest.mark.parametrize("text,unit", [
    ("项目资金（万元）", "万元"), ("单位：万元", "万元"), ("金额单位:万元", "万元"),
    ("4753.66万元", "万元"), ("預算執行情況(萬元)", "万元"), ("高质量完成", None),
])
def test_money_unit_where_forms_print_it(text: str, unit: str | None) -> None:
    assert money_unit_in(text) == unit


def test_an_amount_with_a_traditional_unit() -> None:
    assert parse_decimal("10萬") == Decimal("10")
    assert parse_target("≥95%") == Parsed(">=", Decimal("95"), "%")


def test_a_percent_with_a_word_after_it_is_a_phrase() -> None:
    assert parse_target("100%覆盖") is None
    assert parse_target("100%(百分比)") == Parsed("=", Decimal("100"), "%(百分比)")


# --- headings, titles, grades ------------------------------------------------------------

@pytest.mark.parametrize("printed,heading", [
    ("产 出 指 标", "产出指标"), ("经济 效益 指标", "经济效益指标"), ("投 入", "投入"),
    ("Output 指标", "Output 指标"),
])
def test_headings_wrapped_or_letter_spaced_in_their_cell(printed: str, heading: str) -> None:
    assert close_cjk_gaps(printed) == heading


def test_a_title_names_the_project_and_is_still_a_project_form() -> None:
    # 服务贸易项目绩效自评表 names its project in the title and has no 项目名称 cell.
    assert form_kind("服务贸易项目绩效自评表", {"agency": "省商务厅"}) == "project"
    assert form_kind("部门整体支出绩效自评表", {"project": "x"}) == "department"
    assert form_kind("绩效自评表", {"agency": "某局"}) == "department"
    # a transfer payment's form evaluates one fund (四川 遂宁), whatever its head rows
    title = "2021年中央对地方专项转移支付区域绩效目标自评表"
    assert form_kind(title, {"agency": "某局"}) == "project"


def test_traditional_titles_and_attachment_numbers() -> None:
    assert is_form_title("黃岡市檔案館2020年度項目績效自評表")
    title = "黄冈市档案馆2020年度项目绩效自评表"
    assert title_text(f"附件2:{title}") == title
    assert title_text("附件2") == "附件2"


LEGEND = "优90分≤得分≤100分;良80分≤得分<90分;中60分≤得分<80分;差得分<60分"


def test_a_grade_legend_is_not_the_grade_chosen() -> None:
    assert read_conclusion(LEGEND) is None
    assert conclusion_of([LEGEND, "良"]) == "良"
    assert read_conclusion("☑优 90分≤得分≤100分 □良") == "优"
    assert read_conclusion("优。") == "优"
    # a sentence in the conclusion cell is kept as printed, its full stop too
    assert read_conclusion("及时、足额缴纳。") == "及时、足额缴纳。"


def test_titles_are_words_ending_in_biao_or_a_self_evaluation_report() -> None:
    assert not is_form_title("2016年度区人大代表之家项目支出绩效")  # 代表: 表 inside a word
    assert is_form_title("岳阳楼区财政支出项目绩效评价自评报告")
    assert is_form_title("项目支出绩效自评表(2023年度)")
    assert not is_form_title("附件9:2018年度部门整体支出绩效自评表(原方志委).xls")
    assert is_form_title("港南区2018年耕地地力保护补贴项目专项支出绩效评分细则")
    # a title printed without its 表 (四川 阆中), but not a cover line naming the method
    assert is_form_title("车辆购置税收入补助地方资金(普通省道公路建设)绩效目标自评")
    assert not is_form_title("評價方式:部門(單位)績效自評")


def test_an_area_and_a_number_and_more() -> None:
    # ㎡ is m2 once NFKC has unfolded it; 余/多 after the number is "more than" (安徽 宣城)
    assert parse_target("300㎡") == Parsed("=", Decimal("300"), "m2")
    assert parse_target("200余人") == Parsed(">", Decimal("200"), "人")
    assert parse_target("30多次") == Parsed(">", Decimal("30"), "次")
    assert parse_target("≥200余人") is None  # two comparisons in one cell: not read
    # a rate per something (四川 遂宁: 培训成本 400元/人、天)
    assert parse_target("400元/人、天") == Parsed("=", Decimal("400"), "元/人、天")
    assert parse_target("≤3元/次") == Parsed("<=", Decimal("3"), "元/次")
    assert parse_target("3/4") is None


def test_a_code_before_a_split_targets_operator() -> None:
    assert parse_target("004 >=20次") == Parsed(">=", Decimal("20"), "次")
    assert parse_target("2023 年") is None


def test_a_phone_printed_after_the_contacts_name() -> None:
    assert split_contact("李宁0557-5788003") == ("李宁", "0557-5788003")
    assert split_contact("张三, 13812345678") == ("张三", "13812345678")
    assert split_contact("旷建成、向建军") == ("旷建成、向建军", None)
    assert split_contact("0557-5788003") == ("0557-5788003", None)
    # a name set letter-spaced to a three-character width is one name; two names are two
    assert split_contact("胡 军") == ("胡军", None)
    assert split_contact("胡 军 0730-8881234") == ("胡军", "0730-8881234")
    assert split_contact("张三 李四") == ("张三 李四", None)


def test_a_pages_catalogue_line_is_not_a_title() -> None:
    assert not is_form_title("索引号 1153/20240419-00001 发布机构 保山市能源局 公开目录 自评报告 "
                             "发布日期 2024-04-19")


def test_a_sentence_that_names_a_form_is_not_its_title() -> None:
    assert not is_form_title("经过自评,本项目较好的完成了各项绩效目标。具体完成情况如下表:")
    assert not is_form_title("现将项目支出绩效自评表公示如下:")
    assert not is_form_title("按要求填报绩效自评表,并于月底前报送")
    assert is_form_title("附件2:黄冈市档案馆2020年度项目绩效自评表")  # a colon inside


def test_a_form_with_no_title_is_a_departments_when_its_headings_say_so() -> None:
    assert form_kind("", {}, ["部门预算管理"]) == "department"
    assert form_kind("", {}, ["产出指标"]) == "project"
    assert form_kind("", {"project": "x"}, ["部门预算管理"]) == "project"
    # the department framework's second-level headings (投入: 预算配置)
    assert form_kind("", {}, ["投入", "预算配置"]) == "department"
    assert form_kind("", {}, ["投入", "项目立项"]) == "project"


def test_points_printed_before_a_heading() -> None:
    assert split_points("(20分) 项目决策") == ("项目决策", Decimal("20"))
    assert split_points("(10)绩效目标") == ("绩效目标", Decimal("10"))
    assert split_points("产出指标 (50分)") == ("产出指标", Decimal("50"))


def test_a_level_headings_points_may_be_printed_without_fen() -> None:
    assert split_points("决策(10)", bare=True) == ("决策", Decimal("10"))
    assert split_points("决策(10)") == ("决策(10)", None)  # a name may number itself (2)


@pytest.mark.parametrize("cell,op", [("大于等于", ">="), ("小于等于", "<="), ("等于", "="),
                                     ("004 >=", ">="), ("≧", ">="), ("正向", None), ("20", None)])
def test_the_operator_cell_of_a_split_target(cell: str, op: str | None) -> None:
    assert parse_operator(cell) == op


def test_a_title_printed_on_two_lines() -> None:
    assert continues_title("岳阳市2018年度部门整体支出", "绩效评价自评报告")
    assert not continues_title("附件2", "项目支出绩效自评表")
    assert not continues_title("来源:财务科 2019-07-09 16:55", "绩效评价自评报告")
    assert not continues_title("岳阳市2018年度部门整体支出", "岳阳楼区财政支出项目绩效评价自评报告")
