"""Real reports from the fixtures' truth files, for the scoring tests."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

from selfeval.normalize.records import Flag, Indicator, Report, report_from_dict

from tests.data_paths import TRUTH


def truth_report(stem: str, index: int = 0) -> Report:
    """Report ``index`` of truth file ``stem`` (e.g. ``003_yueyang_docx``)."""
    path = TRUTH / f"{stem}.json"
    return report_from_dict(json.loads(path.read_text(encoding="utf-8"))["reports"][index])


def indicator(report: Report, name: str) -> Indicator:
    return next(i for i in report.indicators if i.name == name)


def with_indicator(report: Report, name: str, **changes: object) -> Report:
    """``report`` with the named indicator row changed."""
    rows = tuple(replace(i, **changes) if i.name == name else i for i in report.indicators)
    return replace(report, indicators=rows)


def with_fund(report: Report, kind: str, **changes: object) -> Report:
    """``report`` with the first funds row of ``kind`` changed."""
    first = next(f for f in report.funds if f.kind == kind)
    return replace(report, funds=tuple(replace(f, **changes) if f is first else f
                                       for f in report.funds))


def rules_of(flags: tuple[Flag, ...]) -> list[str]:
    return [f.rule for f in flags]


def dec(text: str) -> Decimal:
    return Decimal(text)
