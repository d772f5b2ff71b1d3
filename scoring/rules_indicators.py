"""Rules on the indicator rows: score caps, the 注3 formulas, reasons, 成本指标 money."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from selfeval.normalize.labels import simplified
from selfeval.normalize.records import Indicator, Report, Where
from selfeval.scoring.evidence import (
    Input,
    at_indicator,
    fmt,
    indicator_score,
    of_fund,
    of_indicator,
)
from selfeval.scoring.interval import (
    ONE,
    Interval,
    at_precision,
    half_unit,
    printed,
    ratio,
    rounded,
    total,
)
from selfeval.scoring.profile import Profile
from selfeval.scoring.registry import Finding, NotChecked, Outcome, rule
from selfeval.scoring.units import COUNTS, actual_value, common_scale, money_factor, target_value


@rule("score_exceeds_weight", "error", uses=("score_cap",))
def score_exceeds_weight(report: Report, profile: Profile) -> Iterator[Finding]:
    """An indicator's 得分 is above its 分值 (注1: 各三级指标得分最高不能超过该指标分值上限)."""
    for ind in report.indicators:
        score = indicator_score(ind)
        if score is None or ind.weight is None or not score.above(ind.weight):
            continue
        yield Finding(f"得分 {fmt(ind.score)} > 分值 {fmt(ind.weight)}",
                      ind.weight, ind.score, at_indicator(report, ind, "score"),
                      (of_indicator(report, ind, "score", reported=True),
                       of_indicator(report, ind, "weight")))


@dataclass(frozen=True)
class Quantities:
    """A numeric indicator read for the 注3 formulas: target A, actual B in one unit."""

    op: str
    target: Interval
    actual: Interval
    weight: Decimal
    score: Interval

    @property
    def reverse(self) -> bool:
        """A ``≤A`` (reverse, 反向) indicator: less is better."""
        return self.op in ("<=", "<")

    def rule_score(self) -> Interval:
        """注3: ``≥A`` → min(B/A, 1) × 分值; ``≤A`` → min(A/B, 1) × 分值."""
        quotient = (ratio(self.target, self.actual) if self.reverse
                    else ratio(self.actual, self.target))
        return quotient.cap(ONE).scale(self.weight)

    def rule_point(self) -> Decimal:
        """The score the rule gives from the printed values themselves."""
        num, den = ((self.target.mid, self.actual.mid) if self.reverse
                    else (self.actual.mid, self.target.mid))
        return self.weight if den <= 0 else min(num / den, ONE) * self.weight


def quantities(ind: Indicator) -> Quantities | None:
    """The numbers of a quantitative indicator, or None when it is qualitative, blank,
    or its target and actual are in units that cannot be compared (次 vs %)."""
    target, actual, score = ind.target_parsed, ind.actual_parsed, indicator_score(ind)
    if target is None or actual is None or ind.weight is None or score is None:
        return None
    scale = common_scale(target.unit, actual.unit)
    if scale is None and actual.unit is None and actual.value == 0:
        scale = (ONE, ONE)  # an actual printed as a bare 0 is nothing, in any unit
    if scale is None:
        return None
    actual_interval = actual_value(actual, scale[1])
    if actual_interval is None:
        return None
    return Quantities(target.op, target_value(target, scale[0]), actual_interval,
                      ind.weight, score)


#: A comparison printed in a target: a sign or a word for one.
_COMPARISON = re.compile(r"[<>≤≥≦≧]|不[低少小高超多大]于|[大小高低]于|以上|以内|以下")


def _unread_comparison(ind: Indicator) -> bool:
    """A scored row whose target prints a comparison and a number, not parsed."""
    target = ind.target or ""
    return (ind.target_parsed is None and ind.score is not None and ind.weight is not None
            and bool(_COMPARISON.search(target)) and any(c.isdigit() for c in target))


def _numbers_of(report: Report, ind: Indicator) -> tuple[Input, ...]:
    """The printed numbers of a quantitative row: its 得分 (the value reported), target,
    actual and 分值."""
    return (of_indicator(report, ind, "score", reported=True),
            of_indicator(report, ind, "target",
                         value=None if ind.target_parsed is None else ind.target_parsed.value),
            of_indicator(report, ind, "actual",
                         value=None if ind.actual_parsed is None else ind.actual_parsed.value),
            of_indicator(report, ind, "weight"))


def _target_text(ind: Indicator) -> str:
    return f"target {ind.target}, actual {ind.actual}"


@rule("quantitative_rule_mismatch", "warning", uses=("quantitative_formula",))
def quantitative_rule_mismatch(report: Report, profile: Profile) -> Iterator[Outcome]:
    """A numeric indicator is scored off the printed rule (注3): for ``≥A``, score =
    min(B/A, 1) × 分值; for ``≤A``, score = min(A/B, 1) × 分值. ``=A`` targets are not
    checked: 注3 gives no formula for them (seed 003 scores ``95%`` met as 9 of 10). A
    scored row whose target prints an operator and a number that could not be read
    together is ``not_checked``."""
    for ind in report.indicators:
        if _unread_comparison(ind):
            yield NotChecked(f"target “{ind.target}” prints a comparison that was not read "
                             "as an operator and a number", at_indicator(report, ind, "target"),
                             (of_indicator(report, ind, "target", reported=True),))
            continue
        q = quantities(ind)
        if q is None or q.op not in ("<=", "<", ">=", ">") or q.rule_score().overlaps(q.score):
            continue
        assert ind.score is not None
        expected = at_precision(q.rule_point(), ind.score)
        formula = "min(A/B, 1) × 分值" if q.reverse else "min(B/A, 1) × 分值"
        swapped = Quantities(">=" if q.reverse else "<=", q.target, q.actual, q.weight, q.score)
        hint = ""
        if swapped.rule_score().overlaps(q.score):
            other = "B/A" if q.reverse else "A/B"
            hint = f"; the printed {fmt(ind.score)} is {other} × 分值, the formula turned round"
        yield Finding(
            f"{_target_text(ind)}: 注3 gives {formula} = {fmt(expected)}, printed "
            f"{fmt(ind.score)}{hint}",
            expected, ind.score, at_indicator(report, ind, "score"), _numbers_of(report, ind))


def _is_cost(ind: Indicator) -> bool:
    return "成本" in (ind.level2 or "") or ind.level1.startswith("成本")


#: A rate named for a harm is better the lower it is (重庆 梁平: 森林火灾受害率 =0.9%,
#: 0 achieved; 有害生物成灾率): its ``=A`` target is a ceiling, not a floor. Matched on
#: the name in simplified characters (發生率 is 发生率).
_HARM_RATE = re.compile(r"(受害|成灾|发生|发病|死亡|事故|投诉|差错|误差|损失|违规|违法|超标"
                        r"|空置|流失|辍学|复发|感染|返工|退货|不合格|延误|失误)率")


def _reads_as_ceiling(ind: Indicator, q: Quantities) -> bool | None:
    """Whether the target is a ceiling (``≤A``) or a floor (``≥A``); None when an ``=A``
    target has no sure direction. ``=A`` is a ceiling for money and 成本指标 rows
    (spending more than planned) and for a rate of harm (:data:`_HARM_RATE`), a floor
    for other counts and percentages (fewer, or a lower rate, than planned), and
    undecided for anything else, such as a date or a duration under 时效指标 (finishing
    earlier is no miss)."""
    if q.op != "=":
        return q.reverse
    unit = (ind.target_parsed.unit or "").strip() if ind.target_parsed else ""
    if (_is_cost(ind) or money_factor(unit) is not None
            or _HARM_RATE.search(simplified(ind.name))):
        return True
    if "时效" in (ind.level2 or ""):
        return None
    return False if unit in COUNTS or unit == "%" else None


@rule("unmet_target_full_score", "warning")
def unmet_target_full_score(report: Report, profile: Profile) -> Iterator[Finding]:
    """A numeric target is missed (``≥A`` with B < A, ``≤A`` with B > A) yet the full
    分值 is given. ``=A`` counts as ``≤A`` for money, 成本指标 rows and rates of harm, as
    ``≥A`` for other counts and percentages, and is not checked otherwise (a date, a
    duration). A miss so small that 注3's score (for ``=A``, that of the ``≥A``/``≤A`` it
    counts as) rounds to the full 分值 is not flagged."""
    for ind in report.indicators:
        q = quantities(ind)
        if q is None or ind.score != ind.weight or not ind.weight:
            continue
        ceiling = _reads_as_ceiling(ind, q)
        if ceiling is None:
            continue
        missed = q.actual.above(q.target.lo) if ceiling else q.actual.below(q.target.lo)
        counted = q if q.op != "=" else replace(q, op="<=" if ceiling else ">=")
        assert ind.score is not None
        # the full marks as printed may be 注3's score rounded (1.84 printed as 2): the
        # printed precision, not the exact-full-marks reading the totals use
        if not missed or counted.rule_score().overlaps(printed(ind.score)):
            continue
        expected = at_precision(counted.rule_point(), ind.score)
        as_if = "" if q.op == counted.op else f" (=A read as {'≤' if ceiling else '≥'}A)"
        yield Finding(f"{_target_text(ind)}: target missed, yet full 分值 "
                      f"{fmt(ind.weight)} given; 注3 gives {fmt(expected)}{as_if}",
                      expected, ind.score, at_indicator(report, ind, "score"),
                      _numbers_of(report, ind))


#: Reason cells that say nothing: blank, a dash or slash, 无 ("none").
_BLANK_REASONS = {"", "/", "\\", "-", "—", "——", "－", "无", "无。", "暂无"}


@rule("missing_reason", "warning", uses=("reason_required",))
def missing_reason(report: Report, profile: Profile) -> Iterator[Finding]:
    """得分 < 分值 and the reason column (未完成原因分析 / 偏差原因分析及改进措施 /
    未达标原因) is blank (注2). A form without a reason column is not checked."""
    for ind in report.indicators:
        score = indicator_score(ind)
        if score is None or ind.weight is None or ind.reason is None:
            continue
        if score.below(ind.weight) and ind.reason.strip() in _BLANK_REASONS:
            yield Finding(f"得分 {fmt(ind.score)} < 分值 {fmt(ind.weight)} and the reason "
                          "cell is blank", None, ind.reason, at_indicator(report, ind, "reason"),
                          (of_indicator(report, ind, "reason", reported=True),
                           of_indicator(report, ind, "score"), of_indicator(report, ind, "weight")))


#: 元 per 万元: a funds block printed in 元 whose amounts are really 万元 is off by this.
_WAN = Decimal(10000)


def _cost_rows(report: Report) -> list[Indicator]:
    return [i for i in report.indicators if _is_cost(i)]


@rule("cost_exceeds_executed", "warning")
def cost_exceeds_executed(report: Report, profile: Profile) -> Iterator[Finding]:
    """The money actually reported under 成本指标 adds up to more than 全年执行数 (same
    unit after 元/万元 conversion). Only actuals printed as an amount of money count
    (``8.83万``; not ``550元/人``, not ``≤3万``)."""
    report_factor = money_factor(report.money_unit)
    spent_row = next((f for f in report.funds if f.kind == "total" and f.executed is not None),
                     None)
    executed = None if spent_row is None else spent_row.executed
    if report_factor is None or spent_row is None or executed is None:
        return
    rows: list[Indicator] = []
    amounts: list[Interval] = []
    for ind in _cost_rows(report):
        actual = ind.actual_parsed
        factor = None if actual is None else money_factor(actual.unit)
        if actual is not None and factor is not None and actual.op == "=":
            rows.append(ind)
            amounts.append(printed(actual.value).scale(factor / report_factor))
    spent = total(amounts)
    if not rows or not spent.above(executed + half_unit(executed)):
        return
    point = rounded(spent.mid)
    unit = report.money_unit
    message = (f"成本指标 actuals add up to {fmt(point)}{unit}, more than 全年执行数 "
               f"{fmt(executed)}{unit}")
    if unit == "元" and spent.overlaps(printed(executed).scale(_WAN)):
        message += ("; they equal 全年执行数 read in 万元 instead of 元: the funds block's "
                    "unit may be misprinted")
    used = (of_fund(report, spent_row, "executed"),
            *(of_indicator(report, i, "actual", reported=True, value=i.actual_parsed.value)
              for i in rows if i.actual_parsed is not None))
    yield Finding(message, executed, point, Where(at_indicator(report, rows[0], "actual").page,
                                                  "actual", None), used)
