"""Two funds lists side by side: what was allocated beside what was used.

四川's special-fund form prints its funds as two blocks on the same rows, each headed
by a label running down beside it, each a list of ``label:amount`` cells or
``label | amount`` pairs whose first entry is its total (si03)::

    资金情况(万元) | 年度金额(提前下达):208万元 | 资金使用情况(万元) | 合计:109.8万元
                   | 中央财政 | 165万元            |                    | 中央财政 | 84.5万元

Row by row the two lists name the same source; where a row's two labels name different
sources, or a list prints anything but one entry, the block is not read at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from selfeval.normalize.funds import fund_kind
from selfeval.normalize.headers import column_field
from selfeval.normalize.labels import labels
from selfeval.normalize.numbers import parse_decimal
from selfeval.normalize.records import CellRef, Fund, FundKind
from selfeval.normalize.sheet import Row
from selfeval.normalize.text import close_cjk_gaps


@dataclass(frozen=True)
class _Entry:
    """One entry of a list: its label, its amount and where each is printed."""

    label: str
    amount: Decimal
    label_at: CellRef
    amount_at: CellRef


def _entry(row: Row, start: int, stop: int) -> _Entry | None:
    """The one entry a row prints between columns ``start`` and ``stop``: a cell
    ``label:amount`` or two cells ``label | amount``; None for anything else."""
    views = [v for v in row.starting_cells() if start <= v.col < stop and v.text]
    if len(views) == 1:
        label, colon, amount = views[0].text.replace("：", ":").rpartition(":")
        number = parse_decimal(amount) if colon else None
        if number is None or not label.strip():
            return None
        return _Entry(close_cjk_gaps(label.strip()), number, views[0].ref, views[0].ref)
    if len(views) == 2:
        number = parse_decimal(views[1].text)
        if number is None or parse_decimal(views[0].text) is not None:
            return None
        label = close_cjk_gaps(views[0].text.rstrip(":： "))
        return _Entry(label, number, views[0].ref, views[1].ref)
    return None


def _pair_kind(first: bool, planned: _Entry, used: _Entry) -> FundKind | None:
    """The kind of a row of the two lists: the total on their first row (one of its
    labels names a total), else the source both labels name; None where they differ."""
    kinds = fund_kind(planned.label), fund_kind(used.label)
    if first:
        return "total" if "total" in kinds else None
    return kinds[0] if kinds[0] is not None and kinds[0] == kinds[1] else None


def side_by_side_funds(rows: list[Row], at: int) -> tuple[list[Fund], int] | None:
    """The funds of two lists side by side starting at ``rows[at]`` and the number of
    rows they take; None unless the row starts two blocks of the same height, the right
    one naming what was spent (``资金使用情况``), and every row of them pairs up."""
    row = rows[at]
    blocks = [v for v in row.starting_cells() if v.text and v.cell.rowspan > 1]
    if len(blocks) != 2 or blocks[0].cell.rowspan != blocks[1].cell.rowspan:
        return None
    planned_block, used_block = blocks
    model = labels()
    if column_field(used_block.text, model.funds_columns, model.funds_parts) != "executed":
        return None
    height = planned_block.cell.rowspan
    block_rows = rows[at:at + height]
    if len(block_rows) != height or any(r.grid != row.grid for r in block_rows):
        return None
    funds = []
    for offset, block_row in enumerate(block_rows):
        planned = _entry(block_row, planned_block.end_col, used_block.col)
        used = _entry(block_row, used_block.end_col, len(block_row.slots))
        kind = _pair_kind(offset == 0, planned, used) if planned and used else None
        if planned is None or used is None or kind is None:
            return None
        funds.append(Fund(label=planned.label, kind=kind, page=block_row.page,
                          budget=planned.amount, executed=used.amount,
                          cells={"label": (planned.label_at,), "budget": (planned.amount_at,),
                                 "executed": (used.amount_at,)}))
    return funds, height
