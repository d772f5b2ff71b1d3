"""Shared helpers for the rules: where a value is printed, how precise it is, how to
write it in a message."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from selfeval.normalize.records import (
    CellRef,
    CellRole,
    CitedCell,
    Fund,
    Indicator,
    Report,
    Where,
    to_json_number,
)
from selfeval.scoring.interval import Interval, exact, printed, rounded


@dataclass(frozen=True)
class Input:
    """A printed value a finding rests on: the record field that holds it, as a path
    (``total_score``, ``indicators[3].score``, ``funds[0].rate``,
    ``level1_points.产出指标``), its value where it is a number, and whether it is the
    value the finding is about (``reported``) or one it was computed from."""

    path: str
    value: Decimal | None
    reported: bool = False


def of_report(report: Report, field: str, reported: bool = False) -> Input:
    """A report field (``total_score``, ``total_weight``, ``conclusion``)."""
    value = getattr(report, field)
    return Input(field, value if isinstance(value, Decimal) else None, reported)


def of_points(report: Report, level1: str, reported: bool = False) -> Input:
    """The points printed on a first-level heading."""
    return Input(f"level1_points.{level1}", report.level1_points.get(level1), reported)


def _index(rows: Sequence[object], row: object) -> int:
    return next(i for i, r in enumerate(rows) if r is row)


def of_indicator(report: Report, ind: Indicator, field: str, reported: bool = False,
                 value: Decimal | None = None) -> Input:
    """A field of one indicator row; ``value`` for a text field read as a number (a
    target's), else the field's own number."""
    own = getattr(ind, field)
    number = value if value is not None else own if isinstance(own, Decimal) else None
    return Input(f"indicators[{_index(report.indicators, ind)}].{field}", number, reported)


def of_fund(report: Report, fund: Fund, field: str, reported: bool = False) -> Input:
    """A field of one funds row."""
    return Input(f"funds[{_index(report.funds, fund)}].{field}", getattr(fund, field), reported)


_ROW_PATH = re.compile(r"^(indicators|funds)\[(\d+)\]\.(\w+)$")


def locate(report: Report, path: str) -> tuple[CellRef, ...]:
    """Where the field at ``path`` is printed (nothing where it was not recorded)."""
    m = _ROW_PATH.match(path)
    if m is None:
        return report.cells.get(path, ())
    rows: Sequence[Fund | Indicator] = report.indicators if m[1] == "indicators" else report.funds
    index = int(m[2])
    return rows[index].cells.get(m[3], ()) if index < len(rows) else ()


def cite(report: Report, inputs: Sequence[Input]) -> tuple[CitedCell, ...]:
    """The cells a finding rests on: the reported value's and every input's that holds a
    value (a blank input was not used), each where it is printed, or with no location
    where none was recorded."""
    out: list[CitedCell] = []
    for given in inputs:
        if given.value is None and not given.reported:
            continue
        role: CellRole = "reported" if given.reported else "input"
        refs = locate(report, given.path)
        out += [CitedCell(role, given.path, ref) for ref in refs] or [
            CitedCell(role, given.path, None)]
    return tuple(dict.fromkeys(out))

#: The report field each rule cites when no page was recorded for it: the 总分 row and
#: the conclusion close the form, the header fields open it.
_AT_END = {"total_score", "total_weight", "conclusion"}


def field_page(report: Report, field: str) -> int | None:
    """The page ``field`` is printed on: the recorded one, else the form's first page
    (last page for the 总分 row and the conclusion, which close the form)."""
    page = next((r.page for r in report.cells.get(field, ()) if r.page is not None), None)
    if page is not None:
        return page
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
