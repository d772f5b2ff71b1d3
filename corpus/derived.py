"""Values the database stores beside a record's own: amounts in 元, a fund label spelled
one way, a report's name. Pure functions of the record's JSON object."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

#: 元 per unit of each money unit a form prints.
YUAN_PER_UNIT = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000),
                 "亿元": Decimal(100_000_000)}


def in_yuan(amount: Any, money_unit: str | None) -> float | None:
    """``amount`` printed in ``money_unit`` as 元 (None when either is unknown)."""
    factor = YUAN_PER_UNIT.get(money_unit or "")
    if factor is None or amount is None or isinstance(amount, bool):
        return None
    try:
        value = Decimal(str(amount)) * factor
    except InvalidOperation:
        return None
    return float(value)


def canonical_label(label: str | None) -> str | None:
    """A fund label spelled one way: compatibility forms folded (：→ :, full-width
    letters), every space dropped: ``其中: 当年财政拨款`` and ``其中：当年财政拨款`` are
    both ``其中:当年财政拨款``."""
    if label is None:
        return None
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", label))


def report_label(report: dict[str, Any]) -> str:
    """A report's name for links and lists: agency · year · project (or title)."""
    parts = (report.get("agency"), report.get("year"),
             report.get("project") or report.get("title"))
    return " · ".join(str(p) for p in parts if p not in (None, "")) or "(unnamed report)"
