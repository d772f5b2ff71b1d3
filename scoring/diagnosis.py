"""Diagnosis: when a printed total does not add up, what does it equal?

Three simple explanations are tried, in this order: the sum without the funds rows
(the budget-execution score or 分值 left out of the total), the sum with one row left
out, the sum with one row counted twice. The first kind that fits is reported, and
only when it fits one way: if rows of different values would each explain the
total, nothing is said (a diagnosis must be right, not merely possible).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from selfeval.scoring.evidence import fmt
from selfeval.scoring.interval import Interval, total


@dataclass(frozen=True)
class Row:
    """One summand of a column: its label, printed value and the interval it allows, and
    the record field it is (a path, for the flag to cite its cell)."""

    label: str
    value: Decimal
    interval: Interval
    is_funds: bool
    path: str


def explain(reported: Interval, rows: list[Row], funds_name: str) -> str | None:
    """Return "equals the sum without …" for the first explanation that fits, or None."""
    whole = total(r.interval for r in rows)
    funds = [r for r in rows if r.is_funds]
    if funds and (whole - total(r.interval for r in funds)).overlaps(reported):
        amount = " + ".join(fmt(r.value) for r in funds)
        return f"equals the sum without the {funds_name} ({amount})"
    for kind, fits in (
        ("left out", [r for r in rows if (whole - r.interval).overlaps(reported)]),
        ("counted twice", [r for r in rows if (whole + r.interval).overlaps(reported)]),
    ):
        if not fits:
            continue
        if len({r.value for r in fits}) > 1:
            return None
        names = "、".join(f"«{r.label}»" for r in fits[:3]) + (" …" if len(fits) > 3 else "")
        which = "one of the rows" if len(fits) > 1 else "the row"
        return f"equals the sum with {which} {names} ({fmt(fits[0].value)}) {kind}"
    return None
