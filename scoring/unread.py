"""Which inputs of a check the record does not hold, or holds only doubtfully.

A blank cell and a cell the reader did not find both reach the record as ``None``, so a
rule that adds a column up cannot tell "printed blank" from "not read". The rules below
accuse a form only when the unread cells cannot change the verdict: 分值 and 得分 are never
negative, so a sum of the cells read that is already *above* the printed total is wrong
whatever the rest holds, while a sum *short* of it may be short by exactly the cells not
read — that is a ``not_checked``, not an error. (The first wild corpus showed why: a funds
row whose ``权重`` label was not matched left the 分值 column 10 short, and the form was
accused of a total it printed right.) A number the recogniser read below its confidence
threshold is no better than one not read: a finding resting on one (a value read from
such a cell, matched by the cell's location) is ``not_checked``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from selfeval.normalize.numbers import parse_decimal, parse_rate, parse_target, split_points
from selfeval.normalize.records import OCR_LOW_CONFIDENCE_RULE, CellRef, Report
from selfeval.scoring.evidence import Input, locate


def unread_weights(report: Report) -> tuple[str, ...]:
    """The places whose 分值 the form's 分值 total counts but the record lacks."""
    missing = [f"分值 of {ind.name or ind.level2 or ind.level1}"
               for ind in report.indicators if ind.weight is None]
    if not any(f.weight is not None for f in report.funds):
        missing.append("分值 of the budget-execution row")
    return tuple(missing)


def unread_scores(report: Report) -> tuple[str, ...]:
    """The places whose 得分 the form's 总分 counts but the record lacks: rows with a
    分值 and no 得分 (every row without a 得分, on a form that prints no 分值: 安徽 桐城's
    20+80 form), and the budget-execution row when none of its 得分 was read."""
    weighted = any(ind.weight is not None for ind in report.indicators)
    missing = [f"得分 of {ind.name or ind.level2 or ind.level1}" for ind in report.indicators
               if ind.score is None and (ind.weight is not None or not weighted)]
    if not any(f.score is not None for f in report.funds):
        missing.append("得分 of the budget-execution row")
    return tuple(missing)


def _numbers(text: str) -> Iterator[Decimal]:
    """The numbers a cell's text gives, read as the normaliser reads cells: an amount, a
    rate, a heading's points, a target."""
    target = parse_target(text)
    for value in (parse_decimal(text), parse_rate(text), split_points(text)[1],
                  None if target is None else target.value):
        if value is not None:
            yield value


def _located(refs: Iterable[CellRef | None]) -> tuple[CellRef, ...]:
    """The locations that place a cell (a box on its page, or a table's row and column)."""
    return tuple(r for r in refs if r is not None and (r.box is not None or r.table is not None))


@dataclass(frozen=True)
class Doubtful:
    """The cells the recogniser read below its confidence threshold (the report's
    ``ocr_low_confidence`` flags), with their text: by where they are printed, and by the
    numbers their text gives for what has no recorded location (a record read back from
    an older version)."""

    #: Each low-confidence cell's location → its text.
    cells: Mapping[CellRef, str]
    #: Number → text, of the low-confidence cells whose location was not recorded.
    unlocated: Mapping[Decimal, str]
    #: Number → text, of every low-confidence cell.
    numbers: Mapping[Decimal, str]

    def under(self, report: Report, given: Input) -> tuple[Decimal, str] | None:
        """The value ``given`` and the text of the low-confidence cell it was read from,
        or None (a blank value rests on no cell). Matched by cell where the record
        locates the value, and by number only where it does not (or the cell flagged has
        no location): a number printed in a doubtful cell elsewhere does not make a sure
        one doubtful."""
        if given.value is None:
            return None
        refs = _located(locate(report, given.path))
        if not refs:
            text = self.numbers.get(given.value)
        else:
            text = next((self.cells[r] for r in refs if r in self.cells),
                        self.unlocated.get(given.value))
        return None if text is None else (given.value, text)


def doubtful_cells(report: Report) -> Doubtful:
    """The report's low-confidence cells, from its ``ocr_low_confidence`` flags."""
    cells: dict[CellRef, str] = {}
    unlocated: dict[Decimal, str] = {}
    numbers: dict[Decimal, str] = {}
    for flag in report.flags:
        if flag.rule != OCR_LOW_CONFIDENCE_RULE or not isinstance(flag.reported, str):
            continue
        text = flag.reported
        at = _located(c.at for c in flag.cells)
        for ref in at:
            cells.setdefault(ref, text)
        for value in _numbers(text):
            numbers.setdefault(value, text)
            if not at:
                unlocated.setdefault(value, text)
    return Doubtful(cells, unlocated, numbers)


def described(missing: tuple[str, ...], shown: int = 2) -> str:
    """``missing`` in a message: the first few named, the rest counted."""
    more = len(missing) - shown
    return "; ".join(missing[:shown]) + (f" and {more} more" if more > 0 else "")
