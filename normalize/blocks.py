"""Recognise the blocks of a form's rows: which row is a header, a funds row, a total.

Each function looks at one :class:`~selfeval.normalize.sheet.Row` and answers one question;
:mod:`selfeval.normalize.form` walks the rows and decides with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from selfeval.normalize.headers import (
    CONCLUSION_LABELS,
    FUNDS_COLUMNS,
    GOAL_LABELS,
    INDICATOR_COLUMNS,
    TOTAL_LABELS,
    label_key,
    match_label,
    matches_any,
)
from selfeval.normalize.numbers import parse_decimal
from selfeval.normalize.sheet import Row

#: A header row names at least this many distinct indicator columns. Real indicator
#: headers name 7–9; a funds header matches at most 2 of them (分值, 得分).
MIN_INDICATOR_COLUMNS = 4

#: A funds header names at least this many distinct funds columns (real ones name 5–6;
#: an indicator header matches 2: 分值, 得分).
MIN_FUNDS_COLUMNS = 3


@dataclass(frozen=True)
class IndicatorColumns:
    """Where each indicator field sits in a grid (column index of its header cell)."""

    n_cols: int
    fields: dict[str, int]
    level1_points: int | None = None

    def col(self, field: str) -> int | None:
        return self.fields.get(field)


def indicator_columns(row: Row) -> IndicatorColumns | None:
    """If ``row`` is an indicator-table header, return its column layout."""
    found: list[tuple[int, str]] = []
    for view in row.starting_cells():
        field = match_label(view.text, INDICATOR_COLUMNS)
        if field:
            found.append((view.col, field))
    names = {f for _, f in found}
    if len(names) < MIN_INDICATOR_COLUMNS or not ({"name", "level1"} & names):
        return None
    fields: dict[str, int] = {}
    level1_points = None
    for i, (col, field) in enumerate(found):
        previous = found[i - 1][1] if i else None
        if field == "weight" and previous == "level1":
            level1_points = col
        elif field == "weight" and previous == "level2":
            continue  # second-level points: the schema has no key for them
        else:
            fields.setdefault(field, col)
    return IndicatorColumns(len(row.slots), fields, level1_points)


@dataclass(frozen=True)
class FundsColumns:
    """Where each funds field sits, and whether the rate column is printed in percent."""

    fields: dict[str, int]
    percent_rate: bool

    @property
    def label_col(self) -> int:
        return min(self.fields.values()) - 1


def funds_columns(row: Row) -> FundsColumns | None:
    """If ``row`` is the header of a funds block, return its columns."""
    fields: dict[str, int] = {}
    percent = False
    for view in row.starting_cells():
        field = match_label(view.text, FUNDS_COLUMNS)
        if field and field not in fields:
            fields[field] = view.col
            percent = percent or (field == "rate" and "%" in view.text)
    if len(fields) < MIN_FUNDS_COLUMNS or not ({"budget", "executed"} & set(fields)):
        return None
    return FundsColumns(fields, percent)


def goal_columns(row: Row) -> dict[str, int] | None:
    """If ``row`` is the 预期目标 / 实际完成情况 header, return the column of each."""
    out: dict[str, int] = {}
    for view in row.starting_cells():
        for field, labels in GOAL_LABELS.items():
            if field not in out and matches_any(view.text, labels):
                out[field] = view.col
    return out if len(out) == 2 else None


def first_label(row: Row) -> str:
    """The text of the row's first non-empty cell."""
    return next((v.text for v in row.cells() if v.text), "")


def is_total_row(row: Row, columns: IndicatorColumns) -> bool:
    """A 总分 row: labelled so, or an unlabelled merged cell across the name column with
    a number under 分值 or 得分 (seed 003 prints its total without a label)."""
    if matches_any(first_label(row), TOTAL_LABELS):
        return True
    name = row.at(columns.col("name"))
    spans_name = name is not None and name.col < (columns.col("name") or 0) and not name.text
    numbers = [parse_decimal(row.text(columns.col(f))) for f in ("weight", "score")]
    return spans_name and any(n is not None for n in numbers)


def is_conclusion_row(row: Row) -> bool:
    """A 自评结论 / 绩效结论 / 评价等级 row."""
    cells = row.cells()
    return bool(cells) and matches_any(cells[0].text, CONCLUSION_LABELS)


def row_value_after(row: Row, label_col: int) -> str:
    """The text of the first cell to the right of the cell at ``label_col``."""
    label = row.at(label_col)
    for view in row.cells():
        if label is not None and view.col >= label.end_col:
            return view.text
    return ""


#: Marks that tick a box in a printed grade line: ☑ ☒ ■ √ ✓ ✔.
_TICKED = re.compile(r"[☑☒■√✓✔]\s*([优良中差])")
_GRADE_TEXT = re.compile(r"^([优良中差]|优秀|良好|合格|不合格|中等)[。.]?$")


def read_conclusion(text: str) -> str | None:
    """Return the grade a conclusion cell states: ``优。`` → ``优``; ``☑优 90分≤…`` → ``优``."""
    if not text:
        return None
    ticked = _TICKED.search(text)
    if ticked:
        return ticked[1]
    plain = _GRADE_TEXT.match(label_key(text))
    if plain:
        return plain[1]
    return text.rstrip("。.")


def numbers_in(row: Row, skip_cols: set[int]) -> list[tuple[int, Decimal]]:
    """The numeric cells starting in ``row``, left to right, except those at ``skip_cols``."""
    out = []
    for view in row.starting_cells():
        if view.col in skip_cols:
            continue
        value = parse_decimal(view.text)
        if value is not None:
            out.append((view.col, value))
    return out
