"""Rules on the funds block (项目资金 / 年度预算): rate, budget-execution score, sources."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from selfeval.normalize.records import FUND_AMOUNTS, Fund, Report
from selfeval.scoring.evidence import at_fund, fmt, fmt_percent, of_fund
from selfeval.scoring.interval import ONE, Interval, at_precision, printed, ratio, total
from selfeval.scoring.profile import RATE_BASES, Profile
from selfeval.scoring.registry import Finding, NotChecked, Outcome, rule


def _executed_ratio(fund: Fund, base: str) -> Interval | None:
    """全年执行数 ÷ the ``base`` column (:data:`RATE_BASES`), None when either is unread."""
    denominator: Decimal | None = getattr(fund, base)
    if denominator is None or fund.executed is None or denominator <= 0:
        return None
    return ratio(printed(fund.executed), printed(denominator))


@rule("funds_rate_mismatch", "error", uses=("execution_rate_base",))
def funds_rate_mismatch(report: Report, profile: Profile) -> Iterator[Finding]:
    """A funds row's 执行率 is not 全年执行数 ÷ 全年预算数 (÷ 年初预算数 on a form that
    letters it as the rate's denominator) within the rounding the printed amounts and
    the printed rate allow."""
    base = profile.execution_rate_base
    for fund in report.funds:
        computed = _executed_ratio(fund, base)
        if fund.rate is None or computed is None or computed.overlaps(printed(fund.rate)):
            continue
        denominator: Decimal = getattr(fund, base)
        assert fund.executed is not None
        expected = fund.executed / denominator
        yield Finding(
            f"{fund.label}: 执行率 {fmt_percent(fund.rate)} ≠ 全年执行数 {fmt(fund.executed)} ÷ "
            f"{RATE_BASES[base]} {fmt(denominator)} = {fmt_percent(expected)}"
            f"{_rate_hint(fund, base)}",
            at_precision(expected, fund.rate), fund.rate, at_fund(report, fund, "rate"),
            (of_fund(report, fund, "rate", reported=True), of_fund(report, fund, "executed"),
             of_fund(report, fund, base)))


def _rate_hint(fund: Fund, base: str) -> str:
    """What a wrong 执行率 does equal, if a usual slip explains it: divided by the other
    budget column, or the quotient turned round."""
    assert fund.rate is not None and fund.executed is not None
    stated = printed(fund.rate)
    other = next(b for b in RATE_BASES if b != base)
    by_other = _executed_ratio(fund, other)
    if by_other is not None and by_other.overlaps(stated):
        return f"; the printed rate is 全年执行数 ÷ {RATE_BASES[other]}"
    denominator: Decimal = getattr(fund, base)
    if fund.executed > 0 and ratio(printed(denominator), printed(fund.executed)).overlaps(stated):
        return (f"; the printed rate is {RATE_BASES[base]} ÷ 全年执行数, the quotient "
                "turned round")
    return ""


def _score_from(rate: Interval, weight: Decimal, capped: bool) -> Interval:
    return (rate.cap(ONE) if capped else rate).scale(weight)


@rule("funds_score_mismatch", "error", uses=("cap_execution_score", "execution_rate_base"))
def funds_score_mismatch(report: Report, profile: Profile) -> Iterator[Outcome]:
    """The budget-execution 得分 is not min(执行率, 100%) × 分值 (or 执行率 × 分值 where the
    profile does not cap it). Either the printed 执行率 or 执行数 ÷ 预算数 may be used.
    A total row with a 得分 but no 分值 read is ``not_checked``."""
    capped = profile.cap_execution_score
    for fund in report.funds:
        inputs = (of_fund(report, fund, "score", reported=True),
                  *(of_fund(report, fund, f) for f in ("weight", "rate", "executed",
                                                       profile.execution_rate_base)))
        if fund.score is not None and fund.weight is None and fund.kind == "total":
            yield NotChecked(f"{fund.label}: 得分 {fmt(fund.score)} is printed but no 分值 "
                             "was read for the row", at_fund(report, fund, "score"), inputs)
        if fund.score is None or fund.weight is None:
            continue
        rates = [r for r in (None if fund.rate is None else printed(fund.rate),
                             _executed_ratio(fund, profile.execution_rate_base))
                 if r is not None]
        if not rates:
            continue
        reported = printed(fund.score)
        if any(_score_from(r, fund.weight, capped).overlaps(reported) for r in rates):
            continue
        rate = fund.rate if fund.rate is not None else rates[0].mid
        expected = (min(rate, ONE) if capped else rate) * fund.weight
        formula = "min(执行率, 100%)" if capped else "执行率"
        uncapped = capped and any(_score_from(r, fund.weight, False).overlaps(reported)
                                  for r in rates)
        hint = "; the printed 得分 is 执行率 × 分值 without the 100% cap" if uncapped else ""
        base = profile.execution_rate_base
        how = "" if fund.rate is not None else f" (全年执行数 ÷ {RATE_BASES[base]})"
        yield Finding(
            f"{fund.label}: 得分 {fmt(fund.score)} ≠ {formula} × 分值 = {fmt_percent(rate)}{how}"
            f" × {fmt(fund.weight)} = {fmt(at_precision(expected, fund.score))}{hint}",
            at_precision(expected, fund.score), fund.score, at_fund(report, fund, "score"),
            inputs)


#: The printed names of the money columns (:data:`FUND_AMOUNTS`), whose total row must
#: equal the sum of its sources.
_COLUMN_NAMES = {"initial_budget": "年初预算数", "budget": "全年预算数", "executed": "全年执行数"}


#: The label word of a row that sums the rows of its kind printed with it (财政资金小计
#: over ①中央及省级财政资金, ②市级财政资金 …): those rows are its parts, not more sources.
_SUBTOTAL = "小计"


def _of_kinds(funds: list[Fund], *kinds: str) -> list[Fund]:
    """The rows of ``kinds``, or only their subtotal rows where some are printed."""
    rows = [f for f in funds if f.kind in kinds]
    return [f for f in rows if _SUBTOTAL in f.label] or rows


#: The label words of the row all of an agency's fiscal money is in (其中:财政拨款), over
#: fiscal rows printed as its parts (一般公共预算, 政府性基金: 忠县 sk02 prints 一般公共预算
#: under 财政拨款 with the same amounts).
_APPROPRIATION = "财政拨款"


def _sources(funds: list[Fund]) -> list[list[Fund]]:
    """The readings of which rows add up to the total, the usual one first: 财政拨款 (or,
    when no 财政拨款 row is printed, its parts 本级安排 + 上级补助), 上年结转资金 and
    其他资金 — a kind's 小计 row in place of its parts. Where rows of both kinds are
    printed without a 财政拨款 parent (中央财政 | 省财政 | 县市区财政: levels side by
    side), every fiscal row is a source: the second reading. Where a 财政拨款 row is
    printed beside other fiscal rows (一般公共预算), it alone may be the fiscal source,
    the others its parts: the third."""
    rest = _of_kinds(funds, "carryover") + _of_kinds(funds, "other")
    parent = _of_kinds(funds, "fiscal")
    parts = _of_kinds(funds, "fiscal_local", "fiscal_transfer")
    readings = [(parent or parts) + rest]
    if parent and parts:
        readings.append(_of_kinds(funds, "fiscal", "fiscal_local", "fiscal_transfer") + rest)
    appropriation = [f for f in parent if _APPROPRIATION in f.label]
    if appropriation and len(appropriation) < len(parent):
        readings.append(appropriation + rest)
    return readings


def _blocks(funds: tuple[Fund, ...]) -> Iterator[tuple[Fund, list[Fund]]]:
    """Each total row with the rows it sums. A form prints one block, whose every other
    row is a source; a checklist that prints one block per fund (重庆's transfer-payment
    form: 年度预算资金总额 | 其中:中央补助 | 市级资金 | 本级资金, three times) gives each
    total the rows under it, up to the next total."""
    totals = [i for i, f in enumerate(funds) if f.kind == "total"]
    if len(totals) == 1:
        yield funds[totals[0]], [f for f in funds if f.kind != "total"]
        return
    ends = [*totals[1:], len(funds)]
    for at, end in zip(totals, ends, strict=False):
        yield funds[at], list(funds[at + 1:end])


@rule("funds_breakdown_mismatch", "warning")
def funds_breakdown_mismatch(report: Report, profile: Profile) -> Iterator[Outcome]:
    """年度资金总额 is not the sum of its sources (财政拨款 + 上年结转资金 + 其他资金;
    本级安排/上级补助 are parts of 财政拨款, not extra; where a kind prints a 小计 row,
    its other rows are parts of it). A blank source cell counts 0; a column where every
    source is blank is not checked; a sum short of the total while a source row that
    prints other amounts has none in this column is ``not_checked``, and so is a sum
    that does not add up beside a row of ``unknown`` kind printing an amount in the
    column (it may be a source); where the fiscal rows can be read two ways (a 财政拨款
    row over its parts, or levels side by side), either sum will do."""
    for fund, block in _blocks(report.funds):
        readings = _sources(block)
        sources = readings[0]
        for column in FUND_AMOUNTS:
            stated = getattr(fund, column)
            used = [s for s in sources if getattr(s, column) is not None]
            values = [getattr(s, column) for s in used]
            if stated is None or not values:
                continue
            inputs = (of_fund(report, fund, column, reported=True),
                      *(of_fund(report, s, column) for s in used))
            if any(total(printed(getattr(s, column)) for s in reading
                         if getattr(s, column) is not None).overlaps(printed(stated))
                   for reading in readings):
                continue
            summed = total(printed(v) for v in values)
            unread = [s.label for s in sources if getattr(s, column) is None
                      and any(getattr(s, c) is not None for c in FUND_AMOUNTS)]
            if unread and summed.hi is not None and summed.hi < stated:
                yield NotChecked(f"{fund.label} {_COLUMN_NAMES[column]} {fmt(stated)}: the "
                                 f"sources read add up to less, and the {_COLUMN_NAMES[column]} "
                                 f"of {'、'.join(unread)} was not read",
                                 at_fund(report, fund, column), inputs)
                continue
            unknown = [f.label for f in block
                       if f.kind == "unknown" and getattr(f, column) is not None]
            if unknown:
                yield NotChecked(f"{fund.label} {_COLUMN_NAMES[column]} {fmt(stated)}: the "
                                 f"sources read add up to {fmt(sum(values, Decimal(0)))}, and "
                                 f"whether {'、'.join(unknown)} is a source is not known",
                                 at_fund(report, fund, column), inputs)
                continue
            parts = " + ".join(fmt(v) for v in values)
            expected = sum(values, Decimal(0))
            yield Finding(
                f"{fund.label} {_COLUMN_NAMES[column]} {fmt(stated)} ≠ sum of its sources "
                f"{parts} = {fmt(expected)}",
                expected, stated, at_fund(report, fund, column), inputs)

