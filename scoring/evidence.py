"""Shared helpers for the rules: where a value is printed, how precise it is, how to
write it in a message."""

from __future__ import annotations

from decimal import Decimal

from selfeval.normalize.records import Fund, Indicator, Report, Where, to_json_number
from selfeval.scoring.interval import Interval, exact, printed, rounded

#: The report field each rule cites when no page was recorded for it: the 总分 row and
#: the conclusion close the form, the header fields open it.
_AT_END = {"total_score", "total_weight", "conclusion"}


def field_page(report: Report, field: str) -> int | None:
    """The page ``field`` is printed on: the recorded one, else the form's first page
    (last page for the 总分 row and the conclusion, which close the form)."""
    if field in report.field_pages:
        return report.field_pages[field]
    if not report.pages:
        return None
    return report.pages[-1] if field in _AT_END else report.pages[0]


def at_field(report: Report, field: str, indicator: str | None = None) -> Where:
    return Where(field_page(report, field), field, indicator)


def at_fund(report: Report, fund: Fund, field: str) -> Where:
    """A funds-block cell: the row's page, the field, and the row's label."""
    page = fund.page if fund.page is not None else field_page(report, "funds")
    return Where(page, f"funds.{field}", fund.label)


def at_indicator(report: Report, indicator: Indicator, field: str) -> Where:
    page = indicator.page if indicator.page is not None else field_page(report, "indicators")
    return Where(page, field, indicator.name)


def indicator_score(indicator: Indicator) -> Interval | None:
    """An indicator's 得分 as an interval; full marks printed as an integer are exact
    (see :mod:`selfeval.scoring.interval`)."""
    score, weight = indicator.score, indicator.weight
    if score is None:
        return None
    exponent = score.as_tuple().exponent
    if weight is not None and score == weight and isinstance(exponent, int) and exponent >= 0:
        return exact(score)
    return printed(score)


def fmt(value: Decimal | None) -> str:
    """A number as a reader expects it (``Decimal("10.00")`` → ``10``)."""
    return "-" if value is None else str(to_json_number(value))


def fmt_percent(fraction: Decimal) -> str:
    """A fraction as a percentage with two decimals (``0.99714`` → ``99.71%``)."""
    return f"{rounded(fraction * 100)}%"
