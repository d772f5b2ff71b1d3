"""An indicator table printed without its header row: a form's last page on its own.

A published page often holds a form's tail only: indicator rows, the 合计 row and the
conclusion, with the header on a page before it that is not in the document. Such a
table is read by what its columns print, in the order every indicator header of the
corpora has them (一级 | 二级 | 三级 | target | actual | 分值 | 得分 | reason), anchored at
both ends so that nothing is guessed in between:

- the headings: columns whose every cell is a heading (``产出指标``, ``数量指标``), the
  names right of them;
- the 合计 row: its first number stands under 分值; the column after it is 得分 and the
  one after that the reason, where the rows print numbers (or nothing) and text (or
  nothing) there;
- between the names and 分值: the target (split into operator | value | unit where the
  first column prints operators, a unit column after the value) and the actual value.
  Any other count of columns there is a layout this reader does not know: no columns,
  nothing read.
"""

from __future__ import annotations

from collections.abc import Callable

from selfeval.normalize.blocks import (
    IndicatorColumns,
    first_label,
    indicator_columns,
    is_heading,
)
from selfeval.normalize.headers import matches_any
from selfeval.normalize.labels import labels
from selfeval.normalize.numbers import parse_decimal, parse_operator
from selfeval.normalize.sheet import Row
from selfeval.normalize.text import squash

#: An operator column may print a kind of target instead of an operator (定性 | 好坏).
_TARGET_KINDS = ("定性", "定量")
#: Rows above the 合计 row needed to tell what a column prints.
_MIN_ROWS = 2


def _is_operator(text: str) -> bool:
    return parse_operator(text) is not None or squash(text) in _TARGET_KINDS


def _is_number(text: str) -> bool:
    return parse_decimal(text) is not None


def _column_texts(rows: list[Row], col: int) -> list[str]:
    """The texts of the cells that start at ``col`` in ``rows`` (blank ones left out)."""
    return [v.text for r in rows if (v := r.own(col)) is not None and v.text]


def _all(texts: list[str], test: Callable[[str], bool]) -> bool:
    return bool(texts) and all(test(t) for t in texts)


def headless_columns(rows: list[Row]) -> IndicatorColumns | None:
    """The indicator columns of a table with no header row (``rows``: the table's rows,
    the first at its top), or None where it is not such a table (see the module)."""
    total_at = next((i for i, r in enumerate(rows)
                     if matches_any(first_label(r), labels().row_labels["total"])), None)
    if total_at is None or total_at < _MIN_ROWS:
        return None
    body, total = rows[:total_at], rows[total_at]
    if any(indicator_columns(r) is not None for r in body):
        return None  # a header is printed: the usual reading applies
    n_cols = len(total.slots)
    # the columns some row's cell starts in: a PDF rules a slot for every boundary of
    # any row, and a slot under a wide cell everywhere is no column
    cols = [c for c in range(n_cols) if any(r.own(c) is not None for r in body)]
    texts = {c: _column_texts(body, c) for c in cols}
    headings = [c for c in cols if _all(texts[c], is_heading)]
    name = next((c for c in cols if headings and c > headings[0] and texts[c]
                 and not _all(texts[c], is_heading) and not _all(texts[c], _is_number)), None)
    weight = next((v.col for v in total.starting_cells()
                   if name is not None and v.col > name and _is_number(v.text)), None)
    if name is None or weight is None or not _all(texts.get(weight, []), _is_number):
        return None
    fields = {"name": name, "weight": weight}
    levels = [c for c in headings if c < name][-2:]
    fields.update(zip(("level1", "level2") if len(levels) == 2 else ("level1",), levels,
                      strict=True))
    between = _between([c for c in cols if name < c < weight], texts)
    if between is None:
        return None
    fields.update(between)
    after = [c for c in cols if c > weight][:2]
    if after and (not texts[after[0]] or _all(texts[after[0]], _is_number)):
        fields["score"] = after[0]
        if len(after) == 2 and after[1] == cols[-1] and not _all(texts[after[1]], _is_number):
            fields["reason"] = after[1]
    return IndicatorColumns(n_cols, fields)


def _between(cols: list[int], texts: dict[int, list[str]]) -> dict[str, int] | None:
    """The target and actual columns between the names and 分值 (see the module)."""
    if cols and _all(texts[cols[0]], _is_operator):
        split = ("target_op", "target", "target_unit", "actual")
        return dict(zip(split, cols, strict=True)) if len(cols) == len(split) else None
    return dict(zip(("target", "actual"), cols, strict=False)) if len(cols) <= 2 else None
