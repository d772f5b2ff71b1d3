"""Units of targets and actuals: which ones can be compared, and money conversion."""

from __future__ import annotations

import re
from decimal import Decimal

from selfeval.normalize.records import Parsed
from selfeval.scoring.interval import Interval, exact, printed

#: Money units the forms print, in 元. ``万`` and ``万元`` are the same unit.
MONEY = {"元": Decimal(1), "千元": Decimal(1000), "万": Decimal(10000), "万元": Decimal(10000),
         "亿": Decimal(100000000), "亿元": Decimal(100000000)}


#: Units of things counted one by one: an integer actual in one of them is exact
#: (``4次`` cannot be 3.6次 rounded). Taken from the seeds' targets (次, 家, 人, 件) and the
#: usual counters of the same forms.
COUNTS = frozenset("次家人件个项场期篇户名所座批台套张份本部条起")


def money_factor(unit: str | None) -> Decimal | None:
    """元 per ``unit`` for a money unit, else None (``元/人`` is a rate, not money)."""
    return None if unit is None else MONEY.get(unit.strip())


def common_scale(a: str | None, b: str | None) -> tuple[Decimal, Decimal] | None:
    """Factors that bring units ``a`` and ``b`` to one unit, or None if they differ
    (``万`` vs ``万元`` → (1, 1); ``元`` vs ``万元`` → (1, 10000); ``%(百分比)`` vs ``%`` →
    (1, 1); ``次`` vs ``%`` → None)."""
    a, b = _unglossed(a), _unglossed(b)
    fa, fb = money_factor(a), money_factor(b)
    if fa is not None and fb is not None:
        return fa, fb
    if a is not None and b is not None and a == b:
        return Decimal(1), Decimal(1)
    return None


#: A gloss printed in brackets after a unit: ``%(百分比)`` is ``%``.
_GLOSS = re.compile(r"\([^()]*\)$")


def _unglossed(unit: str | None) -> str | None:
    return None if unit is None else _GLOSS.sub("", unit).strip() or None


def target_value(target: Parsed, factor: Decimal) -> Interval:
    """A target is assigned, hence exact."""
    return exact(target.value * factor)


def actual_value(actual: Parsed, factor: Decimal) -> Interval | None:
    """An actual value as the interval it allows: ``8.83万`` → ±0.005万; ``≤3万`` → [0, 3万];
    ``≥95%`` → [95%, ∞). None for an operator the record cannot bound."""
    counted = actual.unit is not None and actual.unit.strip() in COUNTS
    is_integer = actual.value == actual.value.to_integral_value()
    as_printed = exact(actual.value) if counted and is_integer else printed(actual.value)
    around = as_printed.scale(factor)
    if actual.op == "=":
        return around
    if actual.op in ("<=", "<"):
        return Interval(Decimal(0), around.hi)
    if actual.op in (">=", ">"):
        return Interval(around.lo, None)
    return None
