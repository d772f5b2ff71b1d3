"""Each rule on the real cases of the seeds, then one change that breaks it."""

from __future__ import annotations

from dataclasses import replace

from selfeval.normalize.records import Flag, Fund, Parsed, Report, Where
from selfeval.scoring import score_report
from selfeval.scoring.registry import RULES

from tests.scoring_cases import dec, indicator, rules_of, truth_report, with_fund, with_indicator


def _only(report, rule_id):
    return [f for f in score_report(report).flags if f.rule == rule_id]


# --- seed 003: the department form whose totals leave out the funds row -------------

def test_seed_003_total_is_the_sum_without_the_budget_execution_score() -> None:
    (flag,) = _only(truth_report("003_yueyang_docx"), "total_mismatch")
    assert (flag.expected, flag.reported) == (dec("100.62"), dec("92"))
    assert "equals the sum without the budget-execution score (8.62)" in flag.message
    assert flag.where == Where(2, "total_score", None)


def test_seed_003_weight_column_adds_up_to_110() -> None:
    (flag,) = _only(truth_report("003_yueyang_docx"), "weight_total_mismatch")
    assert (flag.expected, flag.reported) == (dec("110"), dec("100"))
    assert "without the funds row" in flag.message


def test_seed_003_first_level_points() -> None:
    flags = _only(truth_report("003_yueyang_docx"), "level1_points_mismatch")
    found = {(f.where.indicator, f.expected, f.reported) for f in flags}
    assert found == {("产出指标", dec("40"), dec("50")), ("效益指标", dec("40"), dec("30"))}


def test_seed_003_equal_targets_are_not_scored_by_the_formula() -> None:
    # 民营企业 "95%" met, scored 9 of 10: 注3 has no formula for =A.
    flags = score_report(truth_report("003_yueyang_docx")).flags
    assert "quantitative_rule_mismatch" not in rules_of(flags)
    assert "unmet_target_full_score" not in rules_of(flags)


def test_diagnosis_names_a_row_left_out() -> None:
    report = replace(truth_report("002_qnjinrong_xlsx-export"), total_score=dec("95.95"))
    (flag,) = _only(report, "total_mismatch")
    assert "equals the sum with the row «按计划完成任务» (4) left out" in flag.message


def test_diagnosis_names_a_value_counted_twice() -> None:
    report = replace(truth_report("002_qnjinrong_xlsx-export"), total_score=dec("104.95"))
    (flag,) = _only(report, "total_mismatch")
    assert "one of the rows" in flag.message and "(5) counted twice" in flag.message


def test_no_diagnosis_when_several_explanations_fit() -> None:
    # 003 with integer scores (each ±0.5): 108.62 could be +8, +9 or +8.62 counted twice.
    report = replace(truth_report("003_yueyang_docx"), total_score=dec("108.62"))
    (flag,) = _only(report, "total_mismatch")
    assert "equals" not in flag.message


# --- seed 002: the 办公费 row scored with the formula turned round -------------------

def test_seed_002_office_costs_scored_off_the_reverse_formula() -> None:
    (flag,) = _only(truth_report("002_qnjinrong_xlsx-export"), "quantitative_rule_mismatch")
    assert flag.where.indicator == "办公费" and flag.where.field == "score"
    assert (flag.expected, flag.reported) == (dec("2.00"), dec("1.98"))
    assert "min(A/B, 1)" in flag.message and "turned round" in flag.message


def test_seed_002_office_costs_reason_missing() -> None:
    (flag,) = _only(truth_report("002_qnjinrong_xlsx-export"), "missing_reason")
    assert flag.where.indicator == "办公费" and flag.severity == "warning"


def test_seed_002_rate_within_rounding_is_not_flagged() -> None:
    report = truth_report("002_qnjinrong_xlsx-export")
    assert not _only(report, "funds_rate_mismatch")  # 99.71% vs 25.41/25.48 = 99.73%
    report = with_fund(report, "total", rate=dec("0.9950"))
    (flag,) = _only(report, "funds_rate_mismatch")
    assert flag.expected == dec("0.9973") and flag.where.field == "funds.rate"


def test_seed_002_cost_actuals_equal_to_executed_are_fine() -> None:
    report = truth_report("002_qnjinrong_xlsx-export")
    assert not _only(report, "cost_exceeds_executed")
    # "2万" may be 1.5万–2.5万 rounded: one more 万 is within what the printed rows allow.
    more = with_indicator(report, "办公费", actual="9.83万",
                          actual_parsed=Parsed("=", dec("9.83"), "万"))
    assert not _only(more, "cost_exceeds_executed")
    much_more = with_indicator(report, "办公费", actual="12.83万",
                               actual_parsed=Parsed("=", dec("12.83"), "万"))
    (flag,) = _only(much_more, "cost_exceeds_executed")
    assert (flag.expected, flag.reported) == (dec("25.41"), dec("29.41"))


# --- seed 000: the year artefact, a score printed as an integer ---------------------

def test_seed_000_year_artifact_is_kept_once_and_never_raised_by_the_scorer() -> None:
    repair = Flag("year_artifact", "info", "year printed 2, 023", 2023, "2, 023",
                  Where(1, "year", None))
    report = replace(truth_report("000_qiannan_xlsx-export"), flags=(repair,))
    once = score_report(report)
    twice = score_report(once)
    assert once.flags == (repair,) and twice.flags == (repair,)
    assert "year_artifact" not in RULES


def test_seed_000_rate_90_03_scored_9_of_10_is_fine() -> None:
    report = truth_report("000_qiannan_xlsx-export", 1)
    assert report.funds[0].score == dec("9")
    assert score_report(report).flags == ()
    (flag,) = _only(with_fund(report, "total", score=dec("8")), "funds_score_mismatch")
    assert flag.expected == dec("9.00")


def test_seed_000_funds_sources_add_up() -> None:
    report = truth_report("000_qiannan_xlsx-export")
    report = with_fund(report, "other", budget=dec("5000"))
    (flag,) = _only(report, "funds_breakdown_mismatch")
    assert (flag.expected, flag.reported) == (dec("55000"), dec("50000"))
    assert flag.where.field == "funds.budget"


def _levels_side_by_side(county_budget: str) -> Report:
    """A 湖南 2016 funds block: 中央财政 | 省财政 | 市财政 | 县市区财政 | 其它 printed
    as levels side by side, read as kinds fiscal_transfer, fiscal, fiscal, fiscal_local."""
    report = truth_report("000_qiannan_xlsx-export")
    total = next(f for f in report.funds if f.kind == "total")
    rows = (replace(total, budget=dec("48")),
            Fund("其中:中央财政", "fiscal_transfer", budget=dec("10")),
            Fund("省财政", "fiscal", budget=dec("5")), Fund("市财政", "fiscal"),
            Fund("县市区财政", "fiscal_local", budget=dec(county_budget)), Fund("其它", "other"))
    return replace(report, funds=rows)


def test_fiscal_levels_side_by_side_add_up_as_every_fiscal_row() -> None:
    assert not _only(_levels_side_by_side("33"), "funds_breakdown_mismatch")
    (flag,) = _only(_levels_side_by_side("40"), "funds_breakdown_mismatch")
    assert flag.reported == dec("48")


def _appropriation_over_its_part(total_budget: str) -> Report:
    """A 重庆 funds block (sk02): 其中:财政拨款 and, under it, its part 一般公共预算, both
    of kind fiscal, with the same amounts."""
    report = truth_report("000_qiannan_xlsx-export")
    total = next(f for f in report.funds if f.kind == "total")
    rows = (replace(total, budget=dec(total_budget)),
            Fund("其中:财政拨款", "fiscal", budget=dec("4764453.11")),
            Fund("一般公共预算", "fiscal", budget=dec("4764453.11")))
    return replace(report, funds=rows)


def test_a_fiscal_row_under_the_appropriation_is_its_part_not_another_source() -> None:
    assert not _only(_appropriation_over_its_part("4764453.11"), "funds_breakdown_mismatch")
    assert not _only(_appropriation_over_its_part("9528906.22"), "funds_breakdown_mismatch")
    (flag,) = _only(_appropriation_over_its_part("5000000"), "funds_breakdown_mismatch")
    assert flag.reported == dec("5000000")


# --- the other rules, each broken once on a clean real report -----------------------

def test_score_above_weight() -> None:
    report = with_indicator(truth_report("001_longgang_docx"), "执行补贴标准", score=dec("10.5"))
    (flag,) = _only(report, "score_exceeds_weight")
    assert (flag.expected, flag.reported) == (dec("10"), dec("10.5"))


def test_unmet_target_with_full_score() -> None:
    report = with_indicator(truth_report("002_qnjinrong_xlsx-export"), "召开政金企对接会",
                            actual="2次", actual_parsed=Parsed("=", dec("2"), "次"))
    fired = rules_of(score_report(report).flags)
    assert "unmet_target_full_score" in fired and "quantitative_rule_mismatch" in fired


def test_a_miss_whose_score_rounds_to_the_full_marks_is_not_flagged() -> None:
    # ≥4次, 3次 done, 分值 2: 注3 gives 3/4 × 2 = 1.5, which an integer 得分 prints as 2.
    report = with_indicator(truth_report("002_qnjinrong_xlsx-export"), "召开政金企对接会",
                            actual="3次", actual_parsed=Parsed("=", dec("3"), "次"))
    assert "unmet_target_full_score" not in rules_of(score_report(report).flags)


def test_conclusion_against_the_national_bands() -> None:
    report = replace(truth_report("004_huangpu_docx"), conclusion="良")
    (flag,) = _only(report, "conclusion_mismatch")
    assert flag.expected == "优" and flag.reported == "良" and flag.profile == "national"


def test_conclusion_against_the_bands_printed_on_the_form() -> None:
    box = ("评价等级 ☑ 优 95分≤得分≤100分； ☐ 良 85分≤得分<95分； "
           "☐ 中 60分≤得分<85分； ☐ 差 得分<60分")
    report = replace(truth_report("004_huangpu_docx"), rules_text=box, conclusion="优",
                     total_score=dec("93.00"))
    (flag,) = _only(report, "conclusion_mismatch")
    assert flag.profile == "form" and flag.expected == "良" and "95≤总分≤100" in flag.message


def test_a_rounded_total_on_a_band_edge_is_not_a_wrong_grade() -> None:
    report = replace(truth_report("004_huangpu_docx"), conclusion="良", total_score=dec("90"))
    assert not _only(report, "conclusion_mismatch")  # 90 may be 89.6 rounded


def test_qualitative_rows_never_get_quantitative_rules() -> None:
    report = truth_report("004_huangpu_docx")
    row = indicator(report, "部门预算资金支出率")  # 9.91 of 10, not a funds row
    assert row.target_parsed is None
    fired = rules_of(score_report(report).flags)
    assert fired == []


def test_rules_are_documented_in_their_docstrings() -> None:
    for r in RULES.values():
        assert len(r.text) > 40, r.id
        assert r.severity in ("error", "warning")


def test_weight_total_not_the_profile_total() -> None:
    report = truth_report("001_longgang_docx")
    rows = tuple(replace(i, weight=i.weight * 2) if i.level1 == "效益指标" and i.weight else i
                 for i in report.indicators)
    points = dict(report.level1_points) | {"效益指标": dec("60")}
    report = replace(report, indicators=rows, level1_points=points, total_weight=dec("130"))
    (flag,) = _only(report, "weight_total_mismatch")
    assert (flag.expected, flag.reported) == (dec("100"), dec("130"))
    assert not _only(replace(report, total_weight=None), "weight_total_mismatch")


def test_a_form_that_prints_the_notes_is_the_source_of_its_flags() -> None:
    notes = ("注: 1. 各三级指标得分最高不能超过该指标分值上限。 2. 未完成原因分析: 说明原因。 "
             "3. 定量指标若为正向指标(即指标值为≥*),则…;若定量指标为反向指标(即指标值为≤*),则…")
    report = replace(truth_report("002_qnjinrong_xlsx-export"), rules_text=notes)
    flags = {f.rule: f for f in score_report(report).flags}
    assert flags["quantitative_rule_mismatch"].profile == "form"
    assert flags["quantitative_rule_mismatch"].message.endswith("(rule as printed on the form)")
    assert flags["missing_reason"].profile == "form"


def test_equal_targets_have_a_direction_only_where_it_is_sure() -> None:
    base = truth_report("000_qiannan_xlsx-export")
    count = "召开州“万企兴万村”行动相关工作会议。"  # =1次, 1次, 3 of 3
    fewer = with_indicator(base, count, target="=2次", target_parsed=Parsed("=", dec("2"), "次"))
    assert [f.rule for f in score_report(fewer).flags] == ["unmet_target_full_score"]
    control = "项目或定额成本控制率"  # 成本指标 =100%: a lower rate is no miss
    lower = with_indicator(base, control, actual="99.00%",
                           actual_parsed=Parsed("=", dec("99.00"), "%"))
    assert score_report(lower).flags == ()
    early = with_indicator(base, count, level2="时效指标", target="=12月",
                           target_parsed=Parsed("=", dec("12"), "月"), actual="11月",
                           actual_parsed=Parsed("=", dec("11"), "月"))
    assert score_report(early).flags == ()


def test_an_equal_target_for_a_rate_of_harm_is_a_ceiling() -> None:
    # 重庆 梁平: 森林火灾受害率 0.9%, none burnt, full marks: met, not missed
    base = truth_report("000_qiannan_xlsx-export")
    count = "召开州“万企兴万村”行动相关工作会议。"

    def rate(actual: str) -> Report:
        changed = with_indicator(base, count, target="0.9%",
                                 target_parsed=Parsed("=", dec("0.9"), "%"),
                                 actual=f"{actual}%", actual_parsed=Parsed("=", dec(actual), "%"))
        return replace(changed, indicators=tuple(
            replace(i, name="森林火灾受害率") if i.name == count else i
            for i in changed.indicators))
    assert score_report(rate("0")).flags == ()
    assert [f.rule for f in score_report(rate("2")).flags] == ["unmet_target_full_score"]
    traditional = replace(rate("0"), indicators=tuple(
        replace(i, name="森林火災發生率") if i.name == "森林火灾受害率" else i
        for i in rate("0").indicators))
    assert score_report(traditional).flags == ()


def test_cost_diagnosis_when_the_funds_unit_is_misprinted() -> None:
    report = replace(truth_report("002_qnjinrong_xlsx-export"), money_unit="元")
    (flag,) = _only(report, "cost_exceeds_executed")  # 25.41 "元" against 25.41万 of costs
    assert "read in 万元 instead of 元" in flag.message
    assert flag.reported == dec("254100.00")


def test_a_source_row_repeating_the_funds_score_is_not_counted_twice() -> None:
    report = truth_report("002_qnjinrong_xlsx-export")  # OCR repeats the total's 10/9.97
    report = with_fund(report, "fiscal", weight=dec("10"), rate=dec("0.9971"), score=dec("9.97"))
    fired = rules_of(score_report(report).flags)
    assert "total_mismatch" not in fired and "weight_total_mismatch" not in fired


def test_a_total_above_every_band_grades_as_the_top_band() -> None:
    report = replace(truth_report("003_yueyang_docx"), conclusion="优", total_score=dec("100.62"))
    assert not _only(report, "conclusion_mismatch")
    (flag,) = _only(replace(report, conclusion="中"), "conclusion_mismatch")
    assert flag.expected == "优"


def test_rate_divided_by_the_initial_budget_is_named() -> None:
    report = with_fund(truth_report("001_longgang_docx", 2), "total", rate=dec("0.9167"))
    (flag,) = _only(report, "funds_rate_mismatch")  # 27500 / 30000 (年初预算数)
    assert flag.message.endswith("the printed rate is 全年执行数 ÷ 年初预算数")


def test_execution_score_without_the_cap_is_named() -> None:
    over = with_fund(truth_report("001_longgang_docx", 2), "total", executed=dec("30250"),
                     rate=dec("1.1000"), score=dec("11.00"))
    (flag,) = _only(over, "funds_score_mismatch")
    assert flag.expected == dec("10.00")
    assert flag.message.endswith("without the 100% cap")


def test_an_actual_printed_as_a_bare_zero_is_compared_with_any_unit() -> None:
    # 重庆: 结转结余率 年初指标值 2%, 全年完成值 0, 指标得分 2 of 2.
    report = with_indicator(truth_report("002_qnjinrong_xlsx-export"), "召开政金企对接会",
                            actual="0", actual_parsed=Parsed("=", dec("0"), None))
    assert "unmet_target_full_score" in rules_of(score_report(report).flags)


def _blocks_per_fund(third_total: str) -> Report:
    """A 重庆 transfer-payment checklist (so03): one funds block per fund, each a
    年度预算资金总额 over 中央补助 | 市级资金 | 本级资金."""
    report = truth_report("000_qiannan_xlsx-export")
    rows: list[Fund] = []
    for total, parts in (("1084.25", ("668.00", "343.00", "73.25")),
                         ("763.00", ("502.00", "208.00", "53.00")),
                         (third_total, ("166.00", "136.00", "20.25"))):
        rows.append(Fund("年度预算资金总额", "total", budget=dec(total)))
        rows += [Fund(label, kind, budget=dec(amount)) for (label, kind), amount in zip(
            (("中央补助", "fiscal_transfer"), ("市级资金", "fiscal_transfer"),
             ("本级资金", "fiscal_local")), parts, strict=True)]
    return replace(report, funds=tuple(rows))


def test_each_funds_block_adds_up_on_its_own() -> None:
    assert not _only(_blocks_per_fund("322.25"), "funds_breakdown_mismatch")
    (flag,) = _only(_blocks_per_fund("321.25"), "funds_breakdown_mismatch")
    assert (flag.expected, flag.reported) == (dec("322.25"), dec("321.25"))
