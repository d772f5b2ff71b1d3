"""Two funds lists side by side: what was allocated beside what was used.

Some forms print their funds as two lists on the same rows, each a list of
``label:amount`` cells or ``label | amount`` pairs whose first entry is its total. Each
list is named by a label running down beside it (四川 si03)::

    资金情况(万元) | 年度金额(提前下达):208万元 | 资金使用情况(万元) | 合计:109.8万元
                   | 中央财政 | 165万元            |                    | 中央财政 | 84.5万元

or by a header over it, with the rate beside them (河北 sm02)::

    预算安排情况(调整后) | 资金执行情况     | 预算执行率
    预算数: | 95         | 执行数: | 82.65 | 87%
    其中:财政资金 | 95   | 其中:财政资金 | 82.65

Row by row the two lists name the same source; where a row's two labels name different
sources, or a list prints anything but one entry, the block is not read at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from selfeval.normalize.funds import fund_kind
from selfeval.normalize.headers import column_field
from selfeval.normalize.labels import labels
from selfeval.normalize.numbers import parse_decimal, parse_rate
from selfeval.normalize.records import CellRef, Cells, Fund, FundKind
from selfeval.normalize.sheet import CellView, Row
from selfeval.normalize.text import close_cjk_gaps, is_blank


@dataclass(frozen=True)
class _Entry:
    """One entry of a list: its label, its amount (None where the cell is blank) and
    where each is printed."""

    label: str
    amount: Decimal | None
    label_at: CellRef
    amount_at: CellRef | None


def _entry(row: Row, start: int, stop: int) -> _Entry | None:
    """The one entry a row prints between columns ``start`` and ``stop``: a cell
    ``label:amount`` or two cells ``label | amount`` (the amount may be blank); None
    for anything else."""
    views = [v for v in row.starting_cells() if start <= v.col < stop]
    texts = [v for v in views if v.text]
    if len(texts) == 1 and len(views) == 1:
        label, colon, amount = texts[0].text.replace("：", ":").rpartition(":")
        number = parse_decimal(amount) if colon else None
        if not label.strip() or (number is None and not is_blank(amount)):
            return None
        return _Entry(close_cjk_gaps(label.strip()), number, texts[0].ref,
                      texts[0].ref if number is not None else None)
    if len(views) == 2 and views[0].text and parse_decimal(views[0].text) is None:
        number = parse_decimal(views[1].text)
        if number is None and not is_blank(views[1].text):
            return None
        label = close_cjk_gaps(views[0].text.rstrip(":： "))
        return _Entry(label, number, views[0].ref, views[1].ref if number is not None else None)
    return None


def _names_an_amount(label: str) -> bool:
    """A list's first label naming its column's amount (预算数, 执行数): its total."""
    model = labels()
    return column_field(label, model.funds_columns, model.funds_parts) in ("budget", "executed")


def _pair_kind(first: bool, planned: _Entry, used: _Entry) -> FundKind | None:
    """The kind of a row of the two lists: the total on their first row (one of its
    labels names a total, or both name their amounts), else the source both labels
    name; None where they differ."""
    kinds = fund_kind(planned.label), fund_kind(used.label)
    if first:
        by_amount = _names_an_amount(planned.label) and _names_an_amount(used.label)
        return "total" if "total" in kinds or by_amount else None
    return kinds[0] if kinds[0] is not None and kinds[0] == kinds[1] else None


@dataclass(frozen=True)
class _Lists:
    """Where two lists sit: their rows, how many rows the block takes from its first,
    and each list's columns."""

    rows: list[Row]
    height: int
    planned: tuple[int, int]
    used: tuple[int, int]
    rate: CellView | None = None


def _is_executed(view: CellView) -> bool:
    model = labels()
    return column_field(view.text, model.funds_columns, model.funds_parts) == "executed"


def _beside(rows: list[Row], at: int) -> _Lists | None:
    """Two lists named by labels running down beside them, starting at ``rows[at]``."""
    row = rows[at]
    blocks = [v for v in row.starting_cells() if v.text and v.cell.rowspan > 1]
    if len(blocks) != 2 or blocks[0].cell.rowspan != blocks[1].cell.rowspan:
        return None
    planned, used = blocks
    if not _is_executed(used):
        return None
    height = planned.cell.rowspan
    return _Lists(rows[at:at + height], height, (planned.end_col, used.col),
                  (used.end_col, len(row.slots)))


def _under(rows: list[Row], at: int) -> _Lists | None:
    """Two lists headed from above by ``rows[at]`` (``预算安排情况 | 资金执行情况``, a
    rate header after them), running down as far as the block label beside them."""
    row = rows[at]
    heads = [v for v in row.starting_cells() if v.text and v.cell.colspan > 1]
    block = row.starting_cells()[0] if row.starting_cells() else None
    if len(heads) < 2 or block is None or block.cell.rowspan < 3 or block in heads:
        return None
    planned, used = heads[0], heads[1]
    model = labels()
    if (column_field(planned.text, model.funds_columns, model.funds_parts) != "budget"
            or not _is_executed(used)):
        return None
    rate_head = heads[2] if len(heads) > 2 else None
    rate = None
    if rate_head is not None and column_field(
            rate_head.text, model.funds_columns, model.funds_parts) == "rate":
        below = rows[at + 1] if at + 1 < len(rows) else None
        rate = below.own(rate_head.col) if below is not None else None
    height = block.cell.rowspan
    return _Lists(rows[at + 1:at + height], height, (planned.col, planned.end_col),
                  (used.col, used.end_col), rate)


def side_by_side_funds(rows: list[Row], at: int) -> tuple[list[Fund], int] | None:
    """The funds of two lists side by side starting at ``rows[at]`` and the number of
    rows they take; None unless the right list names what was spent
    (``资金使用情况``, ``资金执行情况``) and every row of them pairs up."""
    lists = _beside(rows, at) or _under(rows, at)
    if lists is None or not lists.rows or any(r.grid != rows[at].grid for r in lists.rows):
        return None
    funds = []
    for offset, block_row in enumerate(lists.rows):
        planned = _entry(block_row, *lists.planned)
        used = _entry(block_row, *lists.used)
        kind = _pair_kind(offset == 0, planned, used) if planned and used else None
        if planned is None or used is None or kind is None:
            return None
        cells: Cells = {"label": (planned.label_at,)}
        cells |= {"budget": (planned.amount_at,)} if planned.amount_at else {}
        cells |= {"executed": (used.amount_at,)} if used.amount_at else {}
        rate = parse_rate(lists.rate.text) if offset == 0 and lists.rate else None
        if rate is not None and lists.rate is not None:
            cells["rate"] = (lists.rate.ref,)
        funds.append(Fund(label=planned.label, kind=kind, page=block_row.page,
                          budget=planned.amount, executed=used.amount, rate=rate,
                          cells=cells))
    return funds, lists.height
