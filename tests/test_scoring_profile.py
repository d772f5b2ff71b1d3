"""Rule profiles: national default, a rules file, the form's printed rules on top."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from selfeval.normalize.records import Report
from selfeval.scoring import (
    NATIONAL_PROFILE,
    ProfileError,
    profile_for,
    profile_from_mapping,
    score_report,
)

from tests.data_paths import seed
from tests.scoring_cases import dec, truth_report, with_fund

SEED_002 = seed("002").read_text(encoding="utf-8")
SEED_004 = seed("004").read_text(encoding="utf-8")

STRICT = {
    "name": "strict",
    "grades": [{"name": "优", "min": 95, "max": 100}, {"name": "良", "min": 85, "max": 95},
               {"name": "中", "min": 60, "max": 85}, {"name": "差", "max": 60}],
    "cap_execution_score": False,
}


def test_national_default_bands() -> None:
    assert [g.describe() for g in NATIONAL_PROFILE.grades] == [
        "优 90≤总分≤100", "良 80≤总分<90", "中 60≤总分<80", "差 总分<60"]


def test_seed_004_grade_box_becomes_the_form_profile() -> None:
    box = SEED_004[SEED_004.index("评价等级"):]
    profile = profile_for(replace(truth_report("004_huangpu_docx"), rules_text=box))
    assert [g.describe() for g in profile.grades] == [
        "优 90≤总分≤100", "良 80≤总分<90", "中 60≤总分<80", "差 总分<60"]
    assert profile.source("grades") == "form"


def test_seed_002_notes_give_the_total_and_the_qualitative_tiers() -> None:
    notes = SEED_002[SEED_002.index("注:"):]
    profile = profile_for(replace(truth_report("002_qnjinrong_xlsx-export"), rules_text=notes))
    assert profile.total_points == Decimal(100) and profile.source("total_points") == "form"
    assert profile.qualitative_tiers == ((80, 100), (50, 80), (0, 50))
    assert profile.source("grades") == "national"


def test_rules_file_bands_and_the_flag_names_them() -> None:
    profile = profile_from_mapping(STRICT)
    report = replace(truth_report("002_qnjinrong_xlsx-export"), conclusion="优",
                     total_score=dec("93.00"))
    flags = [f for f in score_report(report, profile).flags if f.rule == "conclusion_mismatch"]
    assert [(f.expected, f.profile) for f in flags] == [("良", "rules:strict")]


def test_the_form_wins_over_the_rules_file() -> None:
    box = "评价等级 优 90分≤得分≤100分；良 80分≤得分<90分；中 60分≤得分<80分；差 得分<60分"
    report = replace(truth_report("002_qnjinrong_xlsx-export"), conclusion="优",
                     total_score=dec("93.00"), rules_text=box)
    profile = profile_for(report, profile_from_mapping(STRICT))
    assert profile.source("grades") == "form" and profile.source("cap_execution_score") == \
        "rules:strict"
    assert not [f for f in score_report(report, profile_from_mapping(STRICT)).flags
                if f.rule == "conclusion_mismatch"]


def test_uncapped_execution_score() -> None:
    over = with_fund(truth_report("001_longgang_docx", 2), "total", executed=dec("30250"),
                     rate=dec("1.1000"), score=dec("11.00"))
    capped = {f.rule for f in score_report(over).flags}
    uncapped = {f.rule for f in score_report(over, profile_from_mapping(STRICT)).flags}
    assert "funds_score_mismatch" in capped and "funds_score_mismatch" not in uncapped


@pytest.mark.parametrize("mapping, message", [
    ({"colour": "red"}, "unknown key 'colour'"),
    ({"total_points": "many"}, "total_points: expected a number"),
    ({"cap_execution_score": "yes"}, "cap_execution_score: expected true or false"),
    ({"grades": [{"min": 90}]}, "grades[0]: expected a table with a name"),
    ({"grades": [{"name": "优", "low": 90}]}, "grades[0]: unknown key 'low'"),
    ({"qualitative_tiers": [80, 100]}, "qualitative_tiers: expected a list"),
])
def test_bad_rules_are_named(mapping: dict, message: str) -> None:
    with pytest.raises(ProfileError, match=message.replace("[", r"\[").replace("]", r"\]")):
        profile_from_mapping(mapping)


def test_a_per_indicator_full_mark_is_not_the_form_total() -> None:
    report = replace(truth_report("001_longgang_docx"), rules_text="该指标满分为5分。")
    assert profile_for(report).total_points == Decimal(100)
    assert profile_for(report).source("total_points") == "national"


#: A department form's funds header that letters 年初预算数 (A) and 全年执行数 (B) and
#: prints no 全年预算数 (wild form wb03): its 执行率 is B/A on 年初预算数.
LETTERED_ON_INITIAL = ("部门(单位)总体资金(万元) 资金来源 年初预算数(A) 全年执行数(B) "
                       "分值(10分) 得分")


def _on_initial_budget(executed: str, score: str) -> Report:
    report = with_fund(truth_report("001_longgang_docx", 2), "total", initial_budget=dec("1000"),
                       budget=None, rate=None, executed=dec(executed), weight=dec("10"),
                       score=dec(score))
    return replace(report, rules_text=LETTERED_ON_INITIAL)


def test_letters_on_the_initial_budget_make_it_the_rate_base() -> None:
    report = _on_initial_budget("900", "10")
    profile = profile_for(report)
    assert profile.execution_rate_base == "initial_budget"
    assert profile.source("execution_rate_base") == "form"
    (flag,) = [f for f in score_report(report).flags if f.rule == "funds_score_mismatch"]
    assert flag.expected == Decimal("9") and "全年执行数 ÷ 年初预算数" in flag.message
    assert not [f for f in score_report(_on_initial_budget("900", "9")).flags
                if f.rule == "funds_score_mismatch"]


@pytest.mark.parametrize("header", [
    "年初预算数 全年预算数(A) 全年执行数(B) 分值 执行率(B/A) 得分",  # the national form
    "年初预算数(A) 全年预算数(C) 全年执行数(B) 执行率(B/C) 得分",  # the rate says another pair
])
def test_other_letterings_keep_the_full_year_budget(header: str) -> None:
    report = replace(truth_report("001_longgang_docx", 2), rules_text=header)
    assert profile_for(report).execution_rate_base == "budget"


def test_a_rules_file_sets_the_rate_base() -> None:
    profile = profile_from_mapping({"execution_rate_base": "initial_budget"})
    assert profile.source("execution_rate_base") == "rules:rules"
    with pytest.raises(ProfileError, match="execution_rate_base: expected one of"):
        profile_from_mapping({"execution_rate_base": "年初"})
