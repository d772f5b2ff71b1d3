"""Which inputs of a check the record does not hold, or holds only doubtfully.

A blank cell and a cell the reader did not find both reach the record as ``None``, so a
rule that adds a column up cannot tell "printed blank" from "not read". The rules below
accuse a form only when the unread cells cannot change the verdict: 分值 and 得分 are never
negative, so a sum of the cells read that is already *above* the printed total is wrong
whatever the rest holds, while a sum *short* of it may be short by exactly the cells not
read — that is a ``not_checked``, not an error. (The first wild corpus showed why: a funds
row whose ``权重`` label was not matched left the 分值 column 10 short, and the form was
accused of a total it printed right.) A number the recogniser read below its confidence
threshold is no better than one not read: a finding resting on one is ``not_checked``.
"""

from __future__ import annotations

from decimal import Decimal

from selfeval.normalize.numbers import parse_decimal, parse_rate, parse_target, split_points
from selfeval.normalize.records import OCR_LOW_CONFIDENCE_RULE, Report


def unread_weights(report: Report) -> tuple[str, ...]:
    """The places whose 分值 the form's 分值 total counts but the record lacks."""
    missing = [f"分值 of {ind.name or ind.level2 or ind.level1}"
               for ind in report.indicators if ind.weight is None]
    if not any(f.weight is not None for f in report.funds):
        missing.append("分值 of the budget-execution row")
    return tuple(missing)


def unread_scores(report: Report) -> tuple[str, ...]:
    """The places whose 得分 the form's 总分 counts but the record lacks: rows with a
    分值 and no 得分, and the budget-execution row when none of its 得分 was read."""
    missing = [f"得分 of {ind.name or ind.level2 or ind.level1}"
               for ind in report.indicators if ind.score is None and ind.weight is not None]
    if not any(f.score is not None for f in report.funds):
        missing.append("得分 of the budget-execution row")
    return tuple(missing)


def doubtful_numbers(report: Report) -> dict[Decimal, str]:
    """Every number a cell read below the recogniser's confidence threshold gives as a
    value (the report's ``ocr_low_confidence`` flags), with the cell's text: read as an
    amount, a rate, a target or a heading's points, as the normaliser reads cells. The
    match is by value, wherever the value is printed (a record read back from an older
    version has no cell locations): a value equal to one of these counts as doubtful, so
    a check that might rest on a misread is not made."""
    out: dict[Decimal, str] = {}
    for flag in report.flags:
        if flag.rule != OCR_LOW_CONFIDENCE_RULE or not isinstance(flag.reported, str):
            continue
        text = flag.reported
        target = parse_target(text)
        for value in (parse_decimal(text), parse_rate(text), split_points(text)[1],
                      None if target is None else target.value):
            if value is not None:
                out.setdefault(value, text)
    return out


def described(missing: tuple[str, ...], shown: int = 2) -> str:
    """``missing`` in a message: the first few named, the rest counted."""
    more = len(missing) - shown
    return "; ".join(missing[:shown]) + (f" and {more} more" if more > 0 else "")
