"""Funds-block rows → :class:`~selfeval.normalize.records.Fund`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import cast

from selfeval.normalize.blocks import FundsColumns
from selfeval.normalize.fields import money_unit_in
from selfeval.normalize.headers import MAX_LABEL_KEY, column_field
from selfeval.normalize.labels import (
    NO_FIELD,
    LabelModel,
    label_key,
    labels,
    part_field,
    simplified,
)
from selfeval.normalize.numbers import is_garbled_amount, parse_decimal, parse_rate, parse_weight
from selfeval.normalize.records import FUND_AMOUNTS, CellRef, Cells, Fund, FundKind
from selfeval.normalize.sheet import CellView, Row, label_above
from selfeval.normalize.text import close_cjk_gaps, squash

#: ``label：amount`` printed in one cell (seed 003: ``其中：一般公共预算：161.74``).
_LABEL_AMOUNT = re.compile(r"^(?P<label>.*?)[:：]\s*(?P<amount>[\d,]*\.?\d*)\s*$")


#: A bracketed note inside a funds label: ``财政拨款(州本级资金)``, ``3县(市、区)财政资金``.
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")


def _named_row(label: str) -> str | None:
    """The field the funds label's words give: a kind, ``NO_FIELD`` for a heading's
    words, or None where it has none of the words. The label's own words come first: a
    bracketed note describes the row (``财政拨款(州本级资金)`` is 财政拨款, seed 002) and
    parts a word it interrupts (``3县(市、区)财政资金`` names no 县财政); only a label
    whose own words name nothing is read with its note (``资金(其他)``)."""
    key = simplified(squash(label))
    rules = labels().fund_row_parts
    own_words = "\n".join(_BRACKETED.split(key))  # no listed word holds a line break
    named = part_field(own_words, rules)
    return named if named is not None else part_field(key, rules)


def _kind_named(named: str | None) -> FundKind | None:
    return None if named in (None, NO_FIELD) else cast(FundKind, named)


_OPENING, _CLOSING = "(（", ")）"


def rest_of_cut_label(row: Row, columns: FundsColumns, last: Fund) -> Fund | None:
    """``last`` with the rest of its label, printed in the next page's first row where a
    page break cut the row (a browser's print: ``其他资金(万元,自有资金、社会资本、以前年度``
    on one page, ``结转结余资金等)`` on the next): a first row that prints its label
    column alone, after a label whose bracket is still open. None for any other row."""
    view = row.at(columns.label_col)
    printed = [v for v in row.starting_cells() if v.text]
    opened = sum(last.label.count(c) for c in _OPENING)
    closed = sum(last.label.count(c) for c in _CLOSING)
    if not row.first or view is None or printed != [view] or opened <= closed:
        return None
    cells = {**last.cells, "label": (*last.cells.get("label", ()), view.ref)}
    return replace(last, label=last.label + close_cjk_gaps(view.text), cells=cells)


def fund_kind(label: str) -> FundKind | None:
    """Return the canonical row a funds label names, or None for a heading or a label
    that names none."""
    return _kind_named(_named_row(label))


def fund_from_row(row: Row, columns: FundsColumns, first: bool = False) -> Fund | None:
    """Return the fund printed on ``row``, or None for a heading or blank row. The
    ``first`` row of a block whose label cell is the block's own, running down from
    the header beside it (``部门预算执行情况 | 年初预算数 …`` over ``| 0 | … | 76%``), is
    the block's total."""
    label_view = row.at(columns.label_col)
    if label_view is None or not label_view.text:
        return None
    label = close_cjk_gaps(label_view.text.rstrip(":： "))
    values: dict[str, Decimal | None] = {}
    cells: Cells = {"label": (label_view.ref,)}
    for name in columns.fields:
        own = columns.value_cell(row, name)
        mine = own is not None and own is not label_view
        text = own.text if own is not None and mine else None
        values[name] = (parse_rate(text, columns.percent_rate) if name == "rate"
                        else parse_weight(text) if name == "weight" else parse_decimal(text))
        if own is not None and mine:
            cells[name] = (own.ref,)
    if all(v is None for v in values.values()):
        m = _LABEL_AMOUNT.match(label_view.text)
        if m:
            label = m["label"].strip()
            values["budget"] = parse_decimal(m["amount"])
            cells["budget"] = (label_view.ref,)
    named = _named_row(label)
    kind = _kind_named(named)
    if kind is None and first and label_view.cell.row < row.index and any(
            v is not None for v in values.values()):
        kind = "total"
    # A row printing an amount under a label naming no known source (彩票公益金用于医疗救助)
    # is kept as ``unknown``, never dropped as a heading: a sum it may belong to is then
    # not checked without it.
    if kind is None and label_view.cell.row == row.index and named is None and any(
            values.get(c) is not None for c in FUND_AMOUNTS):
        kind = "unknown"
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


@dataclass(frozen=True)
class PairedFunds:
    """A funds block printed as ``label | amount`` pairs: its total, and the column of
    each amount field, where the rows printed under the total (``其中:中央财政 | 0``)
    give their amounts."""

    total: Fund
    amounts: dict[str, int]

    def spent(self, row: Row) -> Fund | None:
        """The total with what was spent, where ``row`` prints it as one ``label |
        amount`` pair under the sources (``实际支出(万元) | 400``) and the total has none."""
        cells = [v for v in row.starting_cells() if v.text]
        if self.total.executed is not None or len(cells) != 2:
            return None
        model = labels()
        amount = parse_decimal(cells[1].text)
        if (amount is None or column_field(cells[0].text, model.funds_columns,
                                           model.funds_parts) != "executed"):
            return None
        return replace(self.total, executed=amount,
                       cells={**self.total.cells, "executed": (cells[1].ref,)})

    def part(self, row: Row) -> Fund | None:
        """A row under the total: its label is the cell left of the first amount
        column; None for a row that is not one more funds row (a label naming no kind,
        a heading running over the amount columns, an amount cell printing words)."""
        first = min(self.amounts.values())
        label_view = row.at(first - 1)
        if (label_view is None or not label_view.text or label_view.cell.row != row.index
                or label_view.end_col > first):
            return None
        label = close_cjk_gaps(label_view.text.rstrip(":： "))
        kind = fund_kind(label)
        if kind is None or kind == "total":
            return None
        values: dict[str, Decimal | None] = {}
        cells: Cells = {"label": (label_view.ref,)}
        for name, col in self.amounts.items():
            own = row.own(col)
            text = own.text if own is not None else None
            values[name] = parse_decimal(text)
            if (text and values[name] is None and money_unit_in(text) is None
                    and not is_garbled_amount(text)):
                return None
            if own is not None:
                cells[name] = (own.ref,)
        return Fund(label=label, kind=kind, page=row.page, cells=cells, **values)


def paired_fund(row: Row, above: Iterable[Row]) -> PairedFunds | None:
    """The funds total printed as ``label | amount`` pairs on one row, with no header
    row (``预算数 | 6.84 | 到位数 | 6.84 | 执行数 | 6.84``); its label is the block's
    (``预算执行情况``, running down beside the rows) or else the first pair's. A number
    after the last pair is read by the label above it in its column (``预算执行进度(%)``
    over ``100.00``, ``自评得分`` over ``20``), or not at all. None unless the pairs give
    a budget and either what was spent or only amounts of money (what was spent is then
    printed under the sources: :meth:`PairedFunds.spent`). ``above``: the rows above,
    nearest first."""
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
    columns: dict[str, int] = {}
    label_cell = block or cells[0]
    where: Cells = {"label": (label_cell.ref,)}
    money_pairs = 0
    for name, amount in zip(cells[::2], cells[1::2], strict=True):
        number = parse_decimal(amount.text)
        if (number is None and not is_garbled_amount(amount.text)
                or parse_decimal(name.text) is not None):
            return None
        field = column_field(name.text, model.funds_columns, model.funds_parts)
        money_pairs += field in _PAIRED_FIELDS or _names_other_money(name.text)
        if field in _PAIRED_FIELDS and field not in values:
            values[field] = number
            columns[field] = amount.col
            where[field] = (amount.ref,)
    # what was spent may be printed under the sources (山东: 计划安排资金 | 400 | 实际到位
    # 资金 | 400, the sources, then 实际支出 | 400), where every pair names money
    if "budget" not in values or ("executed" not in values and money_pairs < len(cells) // 2):
        return None
    extra = _read_by_label_above(last, above, model)
    if extra is not None:
        values[extra[0]] = extra[1]
        where[extra[0]] = (extra[2],)
    total = Fund(label=label_cell.text.rstrip(":： "), kind="total", page=row.page,
                 cells=where, **values)
    return PairedFunds(total, columns)


def stacked_fund(rows: list[Row], at: int) -> tuple[list[Fund], int] | None:
    """The funds total printed as ``label | amount`` pairs one under another, beside the
    block's label running down them (四川: ``预算执行情况(万元)`` beside ``转移支付预算数(A) |
    5.8万`` over ``转移支付执行数(B) | 5.8万``, ``预算执行率(B/A) | 100%`` beside both), as
    ``([total], rows it takes)``, the shape of :func:`side_by_side_funds`. None unless
    every row the label runs down prints only such pairs and they give both a budget and
    what was spent."""
    cells = [v for v in rows[at].starting_cells() if v.text]
    if not cells or cells[0].cell.rowspan < 2 or at + cells[0].cell.rowspan > len(rows):
        return None
    block, height = cells[0], cells[0].cell.rowspan
    model = labels()
    values: dict[str, Decimal | None] = {}
    where: Cells = {"label": (block.ref,)}
    for row in rows[at:at + height]:
        pairs = [v for v in row.starting_cells() if v.text and v.col > block.col]
        if not pairs or len(pairs) % 2:
            return None
        for name, amount in zip(pairs[::2], pairs[1::2], strict=True):
            field = column_field(name.text, model.funds_columns, model.funds_parts)
            value = (parse_rate(amount.text) if field == "rate"
                     else parse_decimal(amount.text) if field in _PAIRED_FIELDS else None)
            if value is None or field is None or field in values:
                return None
            values[field], where[field] = value, (amount.ref,)
    if not {"budget", "executed"} <= set(values):
        return None
    label = close_cjk_gaps(block.text.rstrip(":： "))
    return [Fund(label=label, kind="total", page=rows[at].page, cells=where, **values)], height


def _names_other_money(label: str) -> bool:
    """A funds label for money the record has no field for (``实际到位资金``: what arrived)."""
    return part_field(label_key(label), labels().funds_parts) == NO_FIELD


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


def funds_across(header: Row, values: Row) -> list[Fund] | None:
    """A funds block printed across one row (湖北 广水: ``项目资金来源 | 中央(万元) |
    本级(万元) | 其他(万元) | 合计(万元) | 执行数(万元) | 执行率`` over one row of
    amounts): a funds row per source column, budget = its amount; the 合计 column is
    the total, with the 执行数 and 执行率 printed beside it. None unless ``header``
    names a 合计 column and at least two sources, and ``values`` prints a number under
    them."""
    model = labels()
    kinds: list[tuple[CellView, str, FundKind]] = []
    extra: dict[str, int] = {}
    for view in header.starting_cells():
        if not view.text or view.cell.rowspan > 1:
            continue  # the block's label, running down beside its amounts
        label = close_cjk_gaps(_UNIT_NOTE.sub("", view.text).strip())
        kind = source_kind(label)
        field = column_field(view.text, model.funds_columns, model.funds_parts)
        if field in ("executed", "rate"):
            extra[field] = view.col
        elif kind is not None:
            kinds.append((view, label, kind))
    totals = [view for view, _, kind in kinds if kind == "total"]
    if len(totals) != 1 or len(kinds) < 3:
        return None
    if all(parse_decimal(values.text(view.col)) is None for view, _, _ in kinds):
        return None
    total_extra: dict[str, Decimal | None] = {
        "executed": parse_decimal(values.text(extra.get("executed"))),
        "rate": parse_rate(values.text(extra.get("rate")))}
    total_cells: Cells = {f: (own.ref,) for f, col in extra.items()
                          if (own := values.own(col)) is not None}
    funds = []
    for view, label, kind in kinds:
        amount = values.own(view.col)
        cells: Cells = {"label": (view.ref,)}
        if amount is not None:
            cells["budget"] = (amount.ref,)
        if kind == "total":
            cells.update(total_cells)
        funds.append(Fund(label=label, kind=kind, page=values.page,
                          budget=parse_decimal(values.text(view.col)), cells=cells,
                          **(total_extra if kind == "total" else {})))
    return funds


#: Words naming a level of government above an agency's own (本级): on a block that
#: also prints the agency's own level, such a fiscal row is a transfer from above
#: (湖南 2016: 中央财政 | 省财政 | 市财政 | 县市区财政). Without one they stay
#: ``fiscal``: a province's own agency prints 省财政 as its own money (海南 se01).
_UPPER_LEVELS = ("中央", "省", "市", "地")


def _names_upper_level(label: str) -> bool:
    return any(w in label for w in _UPPER_LEVELS)


def source_kind(label: str) -> FundKind | None:
    """The kind a label gives a row of a funds list: its words' kind, or ``fiscal`` for
    a level of government (``市级资金``: a transfer beside the agency's own level, see
    :func:`with_levels`)."""
    return fund_kind(label) or ("fiscal" if _names_upper_level(label) else None)


#: What ends a clause: a cell holding one is a sentence (a scoring rule: ``无结余,3分;
#: 有结余,但不超过上年结转,2分``), not a label.
_CLAUSE_END = re.compile(r"[,，;；。]")


def _is_short_label(text: str) -> bool:
    return len(label_key(text)) <= MAX_LABEL_KEY and not _CLAUSE_END.search(text)


@dataclass(frozen=True)
class FundLine:
    """A ``label | amount`` pair printed in an indicator row (its amount may be blank)."""

    label: CellView
    amount: CellView | None

    def fund(self, page: int | None) -> Fund | None:
        """The funds row it prints, None where the amount is blank."""
        if self.amount is None or (budget := parse_decimal(self.amount.text)) is None:
            return None
        label = close_cjk_gaps(self.label.text.rstrip(":： "))
        return Fund(label=label, kind=cast(FundKind, source_kind(label)), page=page,
                    budget=budget, cells={"label": (self.label.ref,),
                                          "budget": (self.amount.ref,)})


def fund_line(row: Row, field_cols: set[int]) -> FundLine | None:
    """A funds list printed inside an indicator row (重庆's transfer-payment checklist:
    预算资金安排 | … | 年度预算资金总额: | 1084.25 under 自评内容 | 完成情况): a label (short,
    no clause in it: a scoring rule is none) naming a source or a total, in a column the
    indicator layout has no field for (``field_cols`` are those it has: a target or a
    name that mentions 中央补助 is no funds label), with a number or nothing in the cell
    right of it."""
    for view in reversed(row.starting_cells()):
        if (not view.text or view.col in field_cols or not _is_short_label(view.text)
                or source_kind(view.text) is None):
            continue
        right = row.own(view.end_col)
        if right is None or not right.text or parse_decimal(right.text) is not None:
            return FundLine(view, right)
    return None


def with_levels(funds: list[Fund]) -> list[Fund]:
    """``funds`` with its upper-level fiscal rows as transfers where the block prints
    the agency's own level (see :data:`_UPPER_LEVELS`)."""
    if not any(f.kind == "fiscal_local" for f in funds):
        return funds
    return [replace(f, kind="fiscal_transfer")
            if f.kind == "fiscal" and _names_upper_level(f.label) else f for f in funds]


#: A money unit printed after a label, ``中央(万元)``.
_UNIT_NOTE = re.compile(r"[(（]\s*万?元\s*[)）]\s*$")
