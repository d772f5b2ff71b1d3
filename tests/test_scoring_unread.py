"""A cell the reader did not find is never an accusation: rules whose verdict an unread
cell could change say ``not_checked`` (docs/scoring.md), rules it could not change fire."""

from __future__ import annotations

import json
from dataclasses import replace

from selfeval.normalize.records import (
    OCR_LOW_CONFIDENCE_RULE,
    CellRef,
    CitedCell,
    Flag,
    Where,
    report_from_dict,
)
from selfeval.scoring import NOT_CHECKED, RULES, profile_for, score_report
from selfeval.scoring.registry import Finding

from tests.data_paths import TRUTH, WILD
from tests.scoring_cases import dec, rules_of, truth_report, with_fund

#: A form whose 分值 and 得分 columns add up (no totals flag on its truth).
SOUND = "002_qnjinrong_xlsx-export"


def _flags(report, rule_id):
    return [f for f in score_report(report).flags if f.rule == rule_id]


def test_the_sound_form_has_no_totals_flag_and_nothing_unchecked() -> None:
    flags = rules_of(score_report(truth_report(SOUND)).flags)
    assert not {"weight_total_mismatch", "total_mismatch", NOT_CHECKED} & set(flags)


def test_a_funds_weight_not_read_is_not_checked_rather_than_a_wrong_total() -> None:
    report = truth_report(SOUND)
    unread = replace(report, funds=tuple(replace(f, weight=None) for f in report.funds))
    assert not _flags(unread, "weight_total_mismatch")
    (flag,) = [f for f in _flags(unread, NOT_CHECKED) if f.where.field == "total_weight"]
    assert flag.severity == "info" and (flag.expected, flag.reported) == (None, None)
    assert flag.message.startswith("weight_total_mismatch not checked: ")
    assert "分值 of the budget-execution row were not read" in flag.message


def test_a_column_above_its_total_fires_whatever_was_not_read() -> None:
    # 003's 分值 column adds up to 110 against a printed 100, with one 效益指标 row's
    # 分值 blank: a cell not read could only add to the 110.
    report = truth_report("003_yueyang_docx")
    assert any(i.weight is None for i in report.indicators)
    (flag,) = _flags(report, "weight_total_mismatch")
    assert (flag.expected, flag.reported) == (dec("110"), dec("100"))


def test_a_score_not_read_is_not_checked_rather_than_a_wrong_total() -> None:
    report = with_fund(truth_report(SOUND), "total", score=None)
    assert not _flags(report, "total_mismatch")
    (flag,) = [f for f in _flags(report, NOT_CHECKED) if f.where.field == "total_score"]
    assert flag.message.startswith("total_mismatch not checked: ")


def _cut_after_first_row_of(stem: str, level1: str):
    """``stem`` with its table cut after the first row of the block ``level1``."""
    report = truth_report(stem)
    first = next(n for n, i in enumerate(report.indicators) if i.level1 == level1)
    return replace(report, indicators=report.indicators[:first + 1])


def test_the_last_block_of_a_cut_table_is_not_checked() -> None:
    cut = replace(_cut_after_first_row_of(SOUND, "效益指标"), total_weight=None,
                  total_score=None)
    assert not _flags(cut, "level1_points_mismatch")
    (flag,) = [f for f in _flags(cut, NOT_CHECKED) if f.where.field == "level1_points"]
    assert "last block of a table read without its 合计 row" in flag.message


def test_the_last_block_is_checked_when_the_total_row_was_read() -> None:
    cut = _cut_after_first_row_of(SOUND, "效益指标")
    assert cut.total_weight is not None
    (flag,) = _flags(cut, "level1_points_mismatch")
    assert (flag.where.indicator, flag.expected, flag.reported) == ("效益指标", dec("5"), dec("30"))


def _short_block_on_pages(pages: list[int]):
    """``SOUND`` with its 产出指标 block one 分值 short, its rows on ``pages`` in turn."""
    report = truth_report(SOUND)
    first = next(n for n, i in enumerate(report.indicators) if i.level1 == "产出指标")
    inds = [replace(i, page=pages[min(n, len(pages) - 1)]) for n, i in enumerate(report.indicators)]
    short = inds[first]
    assert short.weight is not None
    inds[first] = replace(short, weight=short.weight - 1)
    return replace(report, indicators=tuple(inds))


def test_a_score_not_read_on_a_form_without_weights_is_not_checked() -> None:
    # 安徽 桐城's 20+80 form prints 得分 and no 分值: a blank 得分 may be a cell not read
    report = truth_report(SOUND)
    inds = [replace(i, weight=None) for i in report.indicators[:3]]
    stated = sum((i.score for i in inds if i.score is not None), dec("0"))
    funds_score = next(f.score for f in report.funds if f.score is not None)
    inds[0] = replace(inds[0], score=None)
    unread = replace(report, indicators=tuple(inds), total_weight=None,
                     total_score=stated + funds_score)
    assert not _flags(unread, "total_mismatch")
    (flag,) = [f for f in _flags(unread, NOT_CHECKED) if f.where.field == "total_score"]
    assert f"得分 of {inds[0].name}" in flag.message


def test_a_short_block_a_page_break_meets_is_not_checked() -> None:
    # its heading cell may be cut there (项目决 | 策 read as two headings), and a row of
    # its block read under the other half
    report = truth_report(SOUND)
    n = sum(i.level1 == "产出指标" for i in report.indicators)
    start = next(k for k, i in enumerate(report.indicators) if i.level1 == "产出指标")
    pages = [1] * (start + n) + [2]  # the block's last row ends page 1
    assert not _flags(_short_block_on_pages(pages), "level1_points_mismatch")
    (flag,) = [f for f in _flags(_short_block_on_pages(pages), NOT_CHECKED)
               if f.where.field == "level1_points"]
    assert "page break after page 1" in flag.message
    # a block whose rows lie inside one page is checked
    assert _flags(_short_block_on_pages([1]), "level1_points_mismatch")


# --- numbers OCR read below its confidence threshold ------------------------------------

def _with_unsure_cell(report, text: str):
    unsure = Flag(OCR_LOW_CONFIDENCE_RULE, "info", "OCR 识别置信度低", None, text,
                  Where(1, "cell", None), "repair")
    return replace(report, flags=report.flags + (unsure,))


def test_a_finding_on_a_number_ocr_was_unsure_of_is_not_checked() -> None:
    report = _with_unsure_cell(truth_report("003_yueyang_docx"), "10 0")  # the 总分 分值 100
    assert not _flags(report, "weight_total_mismatch")
    (flag,) = [f for f in _flags(report, NOT_CHECKED) if f.where.field == "total_weight"]
    assert "rests on 100, which OCR read below its confidence threshold" in flag.message
    assert "“10 0”" in flag.message


def test_a_finding_on_numbers_ocr_was_sure_of_still_fires() -> None:
    report = _with_unsure_cell(truth_report("003_yueyang_docx"), "产出指标")
    (flag,) = _flags(report, "weight_total_mismatch")
    assert flag.reported == dec("100")


#: Where the 总分 row's 分值 (100) is printed, and another cell of the same page.
TOTAL_WEIGHT_AT = CellRef(page=2, box=(392.6, 708.45, 426.6, 719.25))
ELSEWHERE = CellRef(page=2, box=(392.6, 494.55, 426.6, 520.95))


def _located(report, unsure_text: str, unsure_at: CellRef):
    """``report`` with its 总分 分值 located, and one low-confidence cell at ``unsure_at``."""
    located = replace(report, cells={**report.cells, "total_weight": (TOTAL_WEIGHT_AT,)})
    unsure = Flag(OCR_LOW_CONFIDENCE_RULE, "info", "OCR 识别置信度低", None, unsure_text,
                  Where(2, "cell", None, box=unsure_at.box), "repair",
                  (CitedCell("reported", "cell", unsure_at),))
    return replace(located, flags=located.flags + (unsure,))


def test_a_finding_on_a_cell_ocr_was_unsure_of_is_not_checked_whatever_it_reads() -> None:
    # the cell is matched by where it is printed, not by the number: "1O0" gives none
    report = _located(truth_report("003_yueyang_docx"), "1O0", TOTAL_WEIGHT_AT)
    assert not _flags(report, "weight_total_mismatch")
    (flag,) = [f for f in _flags(report, NOT_CHECKED) if f.where.field == "total_weight"]
    assert "rests on 100, which OCR read below its confidence threshold (cell “1O0”)" in (
        flag.message)


def test_the_same_number_in_another_unsure_cell_does_not_hold_a_finding_back() -> None:
    report = _located(truth_report("003_yueyang_docx"), "100", ELSEWHERE)
    (flag,) = _flags(report, "weight_total_mismatch")
    assert flag.reported == dec("100")


def test_a_value_with_no_location_is_matched_by_number() -> None:
    # the 总分 分值 not located (a record from an older version): the number decides
    report = _located(truth_report("003_yueyang_docx"), "100", ELSEWHERE)
    unlocated = replace(report, cells={})
    assert not _flags(unlocated, "weight_total_mismatch")
    assert [f for f in _flags(unlocated, NOT_CHECKED) if f.where.field == "total_weight"]
    # the unsure cell not located (a flag from an older version): the number decides too
    located = replace(report, flags=report.flags[:-1])
    assert _flags(located, "weight_total_mismatch")
    assert not _flags(_with_unsure_cell(located, "100"), "weight_total_mismatch")


def test_every_finding_names_the_numbers_it_rests_on() -> None:
    """Without its inputs a finding could not be held back when one was misread."""
    fired = set()
    truths = sorted(TRUTH.glob("*.json")) + sorted(WILD.glob("*/truth.json"))
    for path in truths:
        for raw in json.loads(path.read_text(encoding="utf-8"))["reports"]:
            report = report_from_dict(raw)
            for rule in RULES.values():
                for found in rule.check(report, profile_for(report)):
                    if isinstance(found, Finding):
                        assert any(i.value is not None for i in found.inputs), (path, rule.id)
                        fired.add(rule.id)
    assert len(fired) >= 7, fired  # the fixtures and the wild forms make most rules fire


def test_a_funds_score_without_its_weight_is_not_checked() -> None:
    report = with_fund(truth_report(SOUND), "total", weight=None)
    assert not _flags(report, "funds_score_mismatch")
    (flag,) = [f for f in _flags(report, NOT_CHECKED) if f.where.field == "funds.score"]
    assert flag.message.startswith("funds_score_mismatch not checked: 年度资金总额: 得分")


def test_a_subtotal_row_stands_for_its_parts_in_the_breakdown() -> None:
    # 福建: 财政资金小计 2537695 over ②市级财政资金 2537695; 合计 2537695.
    report = truth_report(SOUND)
    total = replace(report.funds[0], label="合计", initial_budget=dec("2537695"))
    subtotal = replace(report.funds[1], label="财政资金小计", kind="fiscal",
                       initial_budget=dec("2537695"))
    part = replace(report.funds[1], label="②市级财政资金", kind="fiscal",
                   initial_budget=dec("2537695"))
    fixed = replace(report, funds=(total, subtotal, part))
    assert not [f for f in _flags(fixed, "funds_breakdown_mismatch")
                if f.where.field == "funds.initial_budget"]


def test_a_comparison_target_that_was_not_read_is_not_checked() -> None:
    report = truth_report(SOUND)
    first = replace(report.indicators[0], target="不低于上年的95%", target_parsed=None)
    unread = replace(report, indicators=(first,) + report.indicators[1:])
    (flag,) = [f for f in _flags(unread, NOT_CHECKED) if f.where.field == "target"]
    assert flag.message.startswith("quantitative_rule_mismatch not checked: target “不低于")


def test_a_source_amount_not_read_holds_back_the_breakdown() -> None:
    report = truth_report(SOUND)
    total = replace(report.funds[0], budget=dec("2.38"))
    fiscal = replace(report.funds[1], budget=None, executed=dec("0.58"))
    other = replace(report.funds[2], budget=dec("1.8"), executed=dec("1.8"))
    unread = replace(report, funds=(total, fiscal, other))
    assert not [f for f in _flags(unread, "funds_breakdown_mismatch")
                if f.where.field == "funds.budget"]
    (flag,) = [f for f in _flags(unread, NOT_CHECKED) if f.where.field == "funds.budget"]
    assert "of 财政拨款" in flag.message and "was not read" in flag.message


def test_a_row_of_unknown_kind_holds_back_a_breakdown_that_does_not_add_up() -> None:
    # 安徽 霍山: 年度资金总额 3359.62 = 中央财政资金 829.3 + 地方资金 2530.32, with
    # 彩票公益金用于医疗救助 beside them, a label naming no known source.
    report = truth_report(SOUND)
    total = replace(report.funds[0], budget=dec("3359.62"), executed=None)
    central = replace(report.funds[1], label="中央财政资金", kind="fiscal_transfer",
                      budget=dec("829.3"), executed=None)
    lottery = replace(report.funds[2], label="彩票公益金用于医疗救助", kind="unknown",
                      budget=dec("2530.32"), executed=None)
    unsure = replace(report, funds=(total, central, lottery))
    assert not _flags(unsure, "funds_breakdown_mismatch")
    (flag,) = [f for f in _flags(unsure, NOT_CHECKED) if f.where.field == "funds.budget"]
    assert "whether 彩票公益金用于医疗救助 is a source is not known" in flag.message
    # the same sum without the row of unknown kind is an error again
    known = replace(unsure, funds=(total, central))
    assert [f for f in _flags(known, "funds_breakdown_mismatch")
            if f.where.field == "funds.budget"]
