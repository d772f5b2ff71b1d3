"""Property tests: a consistent form raises nothing; one changed number raises its rule.

The generated form is what an agency's spreadsheet produces: weights that add up, the
budget-execution score and the 注3 scores computed by the rules, every computed cell
rounded to 2 decimals (rates to 4 decimals of the fraction, i.e. ``99.30%``), the
total the rounded sum of the unrounded scores, the grade from the national bands.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from typing import get_args

from hypothesis import given, settings
from hypothesis import strategies as st
from selfeval.normalize.records import Fund, FundKind, Indicator, Parsed, Report
from selfeval.scoring import NATIONAL_PROFILE, NOT_CHECKED, score_report
from selfeval.scoring.interval import printed

CENT = Decimal("0.01")
ONE = Decimal(1)
POINTS = {"产出指标": 50, "效益指标": 30, "满意度指标": 10}


def q(value: Decimal, unit: Decimal = CENT) -> Decimal:
    return value.quantize(unit, rounding=ROUND_HALF_UP)


def weights_for(draw: st.DrawFn, points: int) -> list[int]:
    """A random split of ``points`` into 1–5 positive integer weights."""
    n = draw(st.integers(1, min(5, points)))
    cuts = sorted(draw(st.lists(st.integers(1, points - 1), min_size=n - 1, max_size=n - 1,
                                unique=True))) if n > 1 else []
    bounds = [0, *cuts, points]
    return [b - a for a, b in zip(bounds, bounds[1:], strict=False)]


@st.composite
def forms(draw: st.DrawFn) -> tuple[Report, Decimal]:
    """A consistent report, and the unrounded total of its scores."""
    unit = draw(st.sampled_from(["元", "万元"]))
    budget = (Decimal(draw(st.integers(10_000, 2_000_000))) if unit == "元"
              else q(Decimal(draw(st.integers(1_000, 500_000))) / 100))
    executed = q(budget * Decimal(draw(st.integers(300, 1000))) / 1000,
                 ONE if unit == "元" else CENT)
    other = q(budget * Decimal(draw(st.integers(0, 300))) / 1000, ONE if unit == "元" else CENT)
    other_exec = min(other, executed)
    true_rate = executed / budget
    funds_score = min(true_rate, ONE) * 10
    funds = (
        Fund("年度资金总额", "total", budget, budget, executed, Decimal(10),
             q(true_rate, Decimal("0.0001")), q(funds_score)),
        Fund("财政拨款", "fiscal", budget - other, budget - other, executed - other_exec),
        Fund("其他资金", "other", other, other, other_exec),
    )
    cost_budget = executed  # the 成本指标 actuals share out what was spent
    indicators: list[Indicator] = []
    unrounded = funds_score
    for level1, points in POINTS.items():
        for weight in weights_for(draw, points):
            kind = draw(st.sampled_from(["qualitative", "count", "cost"] if level1 == "产出指标"
                                        else ["qualitative", "count"]))
            w = Decimal(weight)
            target = actual = None
            level2 = "数量指标"
            if kind == "qualitative":
                score = w if draw(st.booleans()) else q(w * draw(st.integers(0, 99)) / 100)
                true_score = score
                level2 = "质量指标"
            elif kind == "count":
                a, b = draw(st.integers(1, 50)), draw(st.integers(0, 60))
                target, actual = Parsed(">=", Decimal(a), "次"), Parsed("=", Decimal(b), "次")
                true_score = min(Decimal(b) / a, ONE) * w
                score = q(true_score)
            else:
                share = q(cost_budget * Decimal(draw(st.integers(0, 500))) / 1000)
                cost_budget -= share
                limit = q(share * Decimal(draw(st.integers(500, 2000))) / 1000)
                target, actual = Parsed("<=", limit, unit), Parsed("=", share, unit)
                true_score = w if share == 0 else min(limit / share, ONE) * w
                score = q(true_score)
                level2 = "成本指标"
            unrounded += true_score
            reason = "" if score == w else "部分完成, 下年改进"
            indicators.append(Indicator(
                level1, level2, f"指标{len(indicators) + 1}",
                None if target is None else f"{target.op}{target.value}{target.unit}",
                None if actual is None else f"{actual.value}{actual.unit}",
                w, score, reason, target_parsed=target, actual_parsed=actual, page=1))
    total_score = q(unrounded)
    grade = next(g.name for g in NATIONAL_PROFILE.grades if g.lo is None or total_score >= g.lo)
    report = Report(
        form="project", title="项目支出绩效自评表", year=2023, agency="某单位",
        department=None, project="某项目", project_code=None, filled_on=None, contact=None,
        phone=None, money_unit=unit, funds=funds, goal_expected=None, goal_actual=None,
        indicators=tuple(indicators), level1_points={k: Decimal(v) for k, v in POINTS.items()},
        total_weight=Decimal(100), total_score=total_score, conclusion=grade, pages=(1,),
        extractor="generated")
    return report, unrounded


@settings(max_examples=300, deadline=None)
@given(forms())
def test_a_consistent_form_raises_no_flag(form: tuple[Report, Decimal]) -> None:
    report, _ = form
    assert score_report(report).flags == ()


def _set_indicator(report: Report, index: int, **changes: object) -> Report:
    rows = list(report.indicators)
    rows[index] = replace(rows[index], **changes)
    return replace(report, indicators=tuple(rows))


def _set_fund(report: Report, index: int, **changes: object) -> Report:
    rows = list(report.funds)
    rows[index] = replace(rows[index], **changes)
    return replace(report, funds=tuple(rows))


def _pick(draw: st.DrawFn, report: Report, wanted: object) -> int | None:
    found = [i for i, row in enumerate(report.indicators) if wanted(row)]  # type: ignore[operator]
    return draw(st.sampled_from(found)) if found else None


@st.composite
def broken_forms(draw: st.DrawFn) -> tuple[Report, str]:
    """A consistent form with one number changed, and the rule that number breaks."""
    report, _ = draw(forms())
    total = report.funds[0]
    assert total.budget is not None and total.executed is not None and total.score is not None
    delta = Decimal(draw(st.integers(1, 5)))
    choices = ["total_score", "total_weight", "level1", "rate", "funds_score", "breakdown",
               "over_weight", "grade"]
    counts = [i for i, r in enumerate(report.indicators) if r.target_parsed is not None
              and r.target_parsed.op == ">="]
    full = [i for i, r in enumerate(report.indicators) if r.score == r.weight]
    costs = [i for i, r in enumerate(report.indicators) if r.level2 == "成本指标"]
    choices += ["formula"] * bool(counts) + ["unmet"] * bool(
        [i for i in counts if report.indicators[i].target_parsed.value >= 2]) + \
        ["reason"] * bool(full) + ["cost"] * bool(costs)
    change = draw(st.sampled_from(choices))
    if change == "total_score":
        assert report.total_score is not None
        return replace(report, total_score=report.total_score + delta), "total_mismatch"
    if change == "total_weight":
        return replace(report, total_weight=Decimal(100) + delta), "weight_total_mismatch"
    if change == "level1":
        key = draw(st.sampled_from(sorted(report.level1_points)))
        points = dict(report.level1_points) | {key: report.level1_points[key] + delta}
        return replace(report, level1_points=points), "level1_points_mismatch"
    if change == "rate":
        assert total.rate is not None
        return _set_fund(report, 0, rate=total.rate + delta / 50), "funds_rate_mismatch"
    if change == "funds_score":
        return _set_fund(report, 0, score=total.score + delta), "funds_score_mismatch"
    if change == "breakdown":
        other = report.funds[2]
        assert other.budget is not None
        bump = max(q(total.budget / 50), CENT)
        return _set_fund(report, 2, budget=other.budget + bump), "funds_breakdown_mismatch"
    if change == "over_weight":
        i = draw(st.integers(0, len(report.indicators) - 1))
        weight = report.indicators[i].weight
        assert weight is not None
        return _set_indicator(report, i, score=weight + delta), "score_exceeds_weight"
    if change == "grade":
        assert report.conclusion is not None
        assert report.total_score is not None
        other_grades = [g.name for g in NATIONAL_PROFILE.grades
                        if not g.admits(printed(report.total_score))]
        return replace(report, conclusion=draw(st.sampled_from(other_grades))), \
            "conclusion_mismatch"
    if change == "formula":
        i = draw(st.sampled_from(counts))
        score = report.indicators[i].score
        assert score is not None
        new = score - delta if score >= delta else score + delta
        return _set_indicator(report, i, score=new), "quantitative_rule_mismatch"
    if change == "unmet":
        i = draw(st.sampled_from([i for i in counts
                                  if report.indicators[i].target_parsed.value >= 2]))
        row = report.indicators[i]
        assert row.target_parsed is not None and row.weight is not None
        # nothing done: 注3's score is 0, which no printed full mark rounds from (a
        # smaller miss may: 3 of ≥4 × 分值 2 = 1.5, printed 2)
        short = Parsed("=", Decimal(0), "次")
        return _set_indicator(report, i, actual_parsed=short, score=row.weight,
                              reason=""), "unmet_target_full_score"
    if change == "reason":
        i = draw(st.sampled_from(full))
        score = report.indicators[i].score
        assert score is not None
        return _set_indicator(report, i, score=score - min(delta, score)), "missing_reason"
    i = draw(st.sampled_from(costs))
    row = report.indicators[i]
    assert row.actual_parsed is not None
    extra = total.executed + total.budget / 10 + 1
    bigger = Parsed("=", row.actual_parsed.value + extra, row.actual_parsed.unit)
    return _set_indicator(report, i, actual_parsed=bigger), "cost_exceeds_executed"


@settings(max_examples=400, deadline=None)
@given(broken_forms())
def test_one_changed_number_raises_the_rule_it_breaks(broken: tuple[Report, str]) -> None:
    report, rule_id = broken
    fired = {f.rule for f in score_report(report).flags}
    assert rule_id in fired, (rule_id, fired)


NUMBERS = st.one_of(st.none(), st.integers(-10**9, 10**9).map(Decimal),
                    st.decimals(min_value=-10**9, max_value=10**9, places=4),
                    st.sampled_from([Decimal("1E-24"), Decimal("1E+12"), Decimal("0.00")]))
UNITS = st.sampled_from([None, "元", "万元", "万", "%", "次", "元/人", "个月", ""])
PARSED = st.one_of(st.none(), st.builds(Parsed, st.sampled_from(["=", "<=", ">=", "<", ">"]),
                                        NUMBERS.filter(lambda v: v is not None), UNITS))


@st.composite
def any_reports(draw: st.DrawFn) -> Report:
    """Any record the types allow: negative, zero, huge, blank numbers, odd units."""
    funds = tuple(Fund(draw(st.text(max_size=5)), draw(st.sampled_from(get_args(FundKind))),
        *(draw(NUMBERS) for _ in range(6))) for _ in range(draw(st.integers(0, 4))))
    indicators = tuple(Indicator(
        draw(st.sampled_from(list(POINTS) + ["成本指标"])),
        draw(st.sampled_from([None, "成本指标", "时效指标", "数量指标"])),
        draw(st.text(max_size=5)), None, None, draw(NUMBERS), draw(NUMBERS),
        draw(st.sampled_from([None, "", "无", "原因"])),
        target_parsed=draw(PARSED), actual_parsed=draw(PARSED))
        for _ in range(draw(st.integers(0, 8))))
    return Report(
        form="project", title="", year=None, agency=None, department=None, project=None,
        project_code=None, filled_on=None, contact=None, phone=None,
        money_unit=draw(st.sampled_from([None, "元", "万元"])), funds=funds,
        goal_expected=None, goal_actual=None, indicators=indicators,
        level1_points={k: Decimal(v) for k, v in POINTS.items()},
        total_weight=draw(NUMBERS), total_score=draw(NUMBERS),
        conclusion=draw(st.sampled_from([None, "优", "良好", "差", "合格", ""])), pages=(),
        extractor="generated",
        rules_text=draw(st.sampled_from(["", "优 90分≤得分≤100分；良 得分<90分"])))


@settings(max_examples=200, deadline=None)
@given(any_reports())
def test_any_record_is_scored_without_an_exception(report: Report) -> None:
    for flag in score_report(report).flags:
        assert flag.message
        assert flag.severity in ("error", "warning") or flag.rule == NOT_CHECKED
