"""Funds-block rows → :class:`~selfeval.normalize.records.Fund`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import cast

from selfeval.normalize.blocks import FundsColumns
from selfeval.normalize.headers import column_field
from selfeval.normalize.labels import LabelModel, labels, part_field, simplified
from selfeval.normalize.numbers import parse_decimal, parse_rate
from selfeval.normalize.records import CellRef, Cells, Fund, FundKind
from selfeval.normalize.sheet import CellView, Row, label_above
from selfeval.normalize.text import close_cjk_gaps, squash

#: ``label：amount`` printed in one cell (seed 003: ``其中：一般公共预算：161.74``).
_LABEL_AMOUNT = re.compile(r"^(?P<label>.*?)[:：]\s*(?P<amount>[\d,]*\.?\d*)\s*$")


def fund_kind(label: str) -> FundKind | None:
    """Return the canonical row a funds label names, or None for a heading."""
    kind = part_field(simplified(squash(label)), labels().fund_row_parts)
    return cast(FundKind, kind)


def fund_from_row(row: Row, columns: FundsColumns) -> Fund | None:
    """Return the fund printed on ``row``, or None for a heading or blank row."""
    label_view = row.at(columns.label_col)
    if label_view is None or not label_view.text:
        return None
    label = close_cjk_gaps(label_view.text.rstrip(":： "))
    values: dict[str, Decimal | None] = {}
    cells: Cells = {"label": (label_view.ref,)}
    for name, col in columns.fields.items():
        own = row.own(col)
        mine = own is not None and own is not label_view
        text = own.text if own is not None and mine else None
        values[name] = (parse_rate(text, columns.percent_rate) if name == "rate"
                        else parse_decimal(text))
        if own is not None and mine:
            cells[name] = (own.ref,)
    if all(v is None for v in values.values()):
        m = _LABEL_AMOUNT.match(label_view.text)
        if m:
            label = m["label"].strip()
            values["budget"] = parse_decimal(m["amount"])
            cells["budget"] = (label_view.ref,)
    kind = fund_kind(label)
    if kind is None:
        return None
    return Fund(label=label, kind=kind, page=row.page, cells=cells, **values)


def total_budget_below(rows: list[Row], header: Row, col: int) -> CellView | None:
    """The first cell printing a number under the 总预算 header cell at ``col`` (seed
    004's 年度部门预算情况 block prints the total one or more rows below its label)."""
    for row in rows[rows.index(header) + 1:]:
        if row.grid != header.grid:
            break
        own = row.own(col)
        if own is not None and parse_decimal(own.text) is not None:
            return own
    return None


#: Amount columns a ``label | amount`` pair may fill.
_PAIRED_FIELDS = ("initial_budget", "budget", "executed")


def paired_fund(row: Row, above: Iterable[Row]) -> Fund | None:
    """The funds total printed as ``label | amount`` pairs on one row, with no header
    row (``预算数 | 6.84 | 到位数 | 6.84 | 执行数 | 6.84``); its label is the block's
    (``预算执行情况``, running down beside the rows) or else the first pair's. A number
    after the last pair is read by the label above it in its column (``预算执行进度(%)``
    over ``100.00``, ``自评得分`` over ``20``), or not at all. None unless the pairs give
    both a budget and what was spent. ``above``: the rows above, nearest first."""
    cells = [v for v in row.starting_cells() if v.text]
    block = cells[0] if cells and cells[0].cell.rowspan > 1 else None
    cells = cells[1:] if block is not None else cells
    last = None
    if len(cells) % 2 and parse_decimal(cells[-1].text) is not None:
        last, cells = cells[-1], cells[:-1]
    if len(cells) < 4 or len(cells) % 2:
        return None
    model = labels()
    values: dict[str, Decimal | None] = {}
    label_cell = block or cells[0]
    where: Cells = {"label": (label_cell.ref,)}
    for name, amount in zip(cells[::2], cells[1::2], strict=True):
        number = parse_decimal(amount.text)
        if number is None or parse_decimal(name.text) is not None:
            return None
        field = column_field(name.text, model.funds_columns, model.funds_parts)
        if field in _PAIRED_FIELDS and field not in values:
            values[field] = number
            where[field] = (amount.ref,)
    if not {"budget", "executed"} <= set(values):
        return None
    extra = _read_by_label_above(last, above, model)
    if extra is not None:
        values[extra[0]] = extra[1]
        where[extra[0]] = (extra[2],)
    return Fund(label=label_cell.text.rstrip(":： "), kind="total", page=row.page,
                cells=where, **values)


def _read_by_label_above(view: CellView | None, above: Iterable[Row],
                         model: LabelModel) -> tuple[str, Decimal | None, CellRef] | None:
    """The rate or score a lone number after ``label | amount`` pairs gives, by the label
    over it, as ``(field, value, cell)``; None when that label names neither."""
    label = label_above(above, view.col) if view is not None else None
    field = column_field(label, model.funds_columns, model.funds_parts) if label else None
    if view is None or label is None or field not in ("rate", "score"):
        return None
    if field == "rate":
        return "rate", parse_rate(view.text, "%" in label), view.ref
    return "score", parse_decimal(view.text), view.ref
