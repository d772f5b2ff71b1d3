"""Recognise the blocks of a form's rows: which row is a header, a funds row, a total.

Each function looks at one :class:`~selfeval.normalize.sheet.Row` and answers one question;
:mod:`selfeval.normalize.form` walks the rows and decides with them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from selfeval.normalize.headers import (
    MAX_LABEL_KEY,
    column_field,
    label_key,
    listed_field,
    match_label,
    matches_any,
)
from selfeval.normalize.labels import NO_FIELD, PartRule, Table, labels, part_field, simplified
from selfeval.normalize.numbers import (
    parse_decimal,
    parse_operator,
    parse_rate,
    parse_weight,
    split_points,
)
from selfeval.normalize.sheet import CellView, ColumnSpans, Row, label_above
from selfeval.normalize.text import squash

#: A header row names at least this many distinct indicator columns. Real indicator
#: headers name 7–9; a funds header matches at most 2 of them (分值, 得分).
MIN_INDICATOR_COLUMNS = 4

#: A funds header names at least this many distinct funds columns (real ones name 5–6;
#: an indicator header matches 2: 分值, 得分) — or two amounts, labelled with a word of
#: money, which no indicator or goal header is (湖南 南岳: 年初预算资金总额 | 实际投入资金额
#: only; not 重庆's 年初绩效目标 | 全年目标实际完成情况, whose words say 年初 and 实际).
MIN_FUNDS_COLUMNS = 3
_AMOUNT_COLUMNS = ("initial_budget", "budget", "executed")
_MONEY_WORDS = ("资金", "预算", "金额", "经费")


@dataclass(frozen=True)
class IndicatorColumns:
    """Where each indicator field sits in a grid (column index of its header cell)."""

    n_cols: int
    fields: dict[str, int]
    level1_points: int | None = None
    #: Later columns whose labels name a number field already placed (``指标分值`` and
    #: then ``权重占比``): the candidates when the first holds no numbers.
    spares: tuple[tuple[str, int], ...] = ()

    def col(self, field: str) -> int | None:
        return self.fields.get(field)

    def checked_against(self, rows: list[Row]) -> IndicatorColumns:
        """These columns with each field whose cells have a form (分值 and 得分 numbers,
        a split target's operator) moved to a spare column of the same label when
        ``rows`` (the rows under the header) print something else in its first one
        (``正向`` under 指标性质, the operator under 指标方向). A number field with no
        column of numbers is dropped rather than read from words, and its column of words
        beside the names is their explanation (if none is placed). Level columns no
        label names are found by what they print (:func:`_levels_by_content`)."""
        fields = _levels_by_content(dict(self.fields), rows)
        for name, reads in _CELL_FORMS.items():
            col = fields.get(name)
            if col is None or _holds(rows, col, reads) is not False:
                continue
            spare = next((c for n, c in self.spares if n == name and _holds(rows, c, reads)),
                         None)
            del fields[name]
            if spare is not None:
                fields[name] = spare
            if name in ("weight", "score"):
                fields.setdefault("explanation", col)
        return replace(self, fields=fields)

    def lined_up(self, ours: ColumnSpans, theirs: ColumnSpans) -> IndicatorColumns | None:
        """These columns on a continuation grid ruled with another number of columns
        (a PDF page whose table splits or merges a column): each column is the one
        under the middle of ours. None where a column cannot be placed."""
        fields = {name: placed_column(col, ours, theirs) for name, col in self.fields.items()}
        points = (None if self.level1_points is None
                  else placed_column(self.level1_points, ours, theirs))
        if any(col is None for col in fields.values()) or (
                self.level1_points is not None and points is None):
            return None
        return IndicatorColumns(len(theirs), {k: v for k, v in fields.items() if v is not None},
                                points)


def placed_column(col: int, ours: ColumnSpans, theirs: ColumnSpans) -> int | None:
    """Column ``col`` of a grid ruled ``ours`` on a continuation grid ruled ``theirs``:
    the one under its middle; None where it cannot be placed."""
    span = ours[col] if col < len(ours) else None
    if span is None:
        return None
    middle = (span[0] + span[1]) / 2
    return next((j for j, s in enumerate(theirs)
                 if s is not None and s[0] <= middle <= s[1]), None)


#: The longest level heading: the headings of the corpora's truths run 4–9 characters
#: (产出指标 … 服务对象满意度指标); an indicator's name is longer or ends otherwise.
HEADING_MAX_CHARS = 12
_HEADING_ENDS = ("指标", "目标")


def ends_as_heading(text: str) -> bool:
    """Whether ``text`` ends as a level heading does: in 指标 or 目标 (产出指标, 數量目標)."""
    return simplified(squash(text)).endswith(_HEADING_ENDS)


def is_heading(text: str) -> bool:
    """A level heading by its form: short, and ending as one (:func:`ends_as_heading`)."""
    return ends_as_heading(text) and len(squash(text)) <= HEADING_MAX_CHARS


def _levels_by_content(fields: dict[str, int], rows: list[Row]) -> dict[str, int]:
    """``fields`` with the level columns of a header that names none (福建 宁德: 评价内容
    over 产出目标 | 数量目标): the columns left of the names whose every cell below the
    header is a heading, in order level1 then level2, in place of whatever their label
    made them (an explanation)."""
    name = fields.get("name")
    if name is None or "level1" in fields or "level2" in fields:
        return fields
    levels = [col for col in range(name) if _all_headings(rows, col)][:2]
    if not levels:
        return fields
    kept = {f: c for f, c in fields.items() if c not in levels}
    return {**kept, **dict(zip(("level1", "level2"), levels, strict=False))}


def _all_headings(rows: list[Row], col: int) -> bool:
    texts = [v.text for r in rows[:CONTENT_ROWS] if (v := r.own(col)) is not None and v.text]
    return len(texts) >= 1 and all(is_heading(t) for t in texts)


#: Indicator fields whose cells have a form, and the reader of that form.
_CELL_FORMS: dict[str, Callable[[str], object]] = {
    "weight": parse_weight, "score": parse_decimal, "target_op": parse_operator}
#: Rows under a header looked at to tell what a column prints.
CONTENT_ROWS = 6


def _holds(rows: list[Row], col: int, reads: Callable[[str], object]) -> bool | None:
    """Whether the cells at ``col`` in ``rows`` print what ``reads`` reads: True if one
    does, False if two or more rows print something and none that (a cell merged down
    over several rows, 定量指标 under 指标性质, counts for each), None when too few
    print anything to tell (an unfilled form)."""
    texts = [v.text for r in rows[:CONTENT_ROWS]
             if (v := r.at(col)) is not None and v.col == col and v.text]
    if any(reads(t) is not None for t in texts):
        return True
    return False if len(texts) >= 2 else None


def _is_block_label(view: CellView, row: Row) -> bool:
    """A cell that starts in ``row`` and runs down beside the rows below it: the label of
    a whole block (``年度绩效目标（80分）``, ``项目资金（万元）``), not a column header."""
    return view.cell.row == row.index and view.cell.rowspan > 1 and view.col == row.cells()[0].col


def _unlisted_column(view: CellView, row: Row, taken: set[str],
                     heading_side: bool) -> str | None:
    """The field of a header cell no listed label names, from its words; a cell left of
    the 二级/三级指标 columns whose words name a field already taken (``分解目标`` beside a
    listed 年度指标值) is the first-level heading column."""
    if _is_block_label(view, row):
        return None
    field = _part_of(view.text)
    if field == NO_FIELD:
        return None
    if field is not None and (field not in taken or field in _CELL_FORMS):
        return field  # a checked field's later column is a spare (checked_against)
    return "level1" if heading_side and "level1" not in taken else None


def _part_of(text: str) -> str | None:
    """The indicator field a header label names by its words (labels.toml ``parts``)."""
    key = label_key(text)
    return part_field(key, labels().indicator_parts) if len(key) <= MAX_LABEL_KEY else None


def _names_a_column(text: str, table: Table, parts: tuple[PartRule, ...]) -> bool:
    """Whether ``text`` is a column label of ``table`` (listed, or by its words, a
    column with no place in the record included)."""
    key = label_key(text)
    return listed_field(text, table, parts) is not None or (
        len(key) <= MAX_LABEL_KEY and part_field(key, parts) is not None)


def two_row_header(upper: Row, lower: Row, table: Literal["indicator", "funds"]) -> Row | None:
    """``upper`` and ``lower`` read as one header row when ``upper`` has a cell running
    down into ``lower`` and ``lower`` has labels of its own and no number (``绩效指标``
    over ``一级指标 | 二级指标 | 三级指标``, ``预期指标值`` over ``符号 | | 单位``), or when
    ``upper`` has a cell running across two or more of ``lower``'s labels and ``lower``
    prints numbers only under ``upper``'s other labels (山东: ``评价指标 | 指标分值 |
    评价得分`` over ``一级 | 二级 | 三级 | 100 | 85``, the totals; in an indicator table
    only: numbers under a funds header are a funds row): each column is labelled by
    ``lower``'s own label, else by the cell above it (a blank sub-label takes the label
    above it, in its own column). None when the rows are not such a pair.
    ``table`` (``indicator`` or ``funds``) is the table whose labels every sub-label
    must be (an unfilled ``指标2`` row under a cut row is no header)."""
    model = labels()
    columns, parts = getattr(model, f"{table}_columns"), getattr(model, f"{table}_parts")
    printed = [v for v in lower.starting_cells() if v.text]
    own = [v for v in printed if parse_decimal(v.text) is None]
    numbers = [v for v in printed if v not in own]
    spans_down = not numbers and any(v.cell.rowspan > 1 for v in upper.starting_cells())
    if not own or not all(_names_a_column(v.text, columns, parts) for v in own):
        return None
    totals_below = table == "indicator" and _spans_across(upper, own, numbers, columns, parts)
    if not (spans_down or totals_below):
        return None
    views: dict[tuple[int, int], CellView] = {}
    slots: list[CellView | None] = []
    for below, above in zip(lower.slots, upper.slots, strict=True):
        if below is not None and below in own:
            key, source, at = (id(below), 0), below, below.cell
        elif below is not None and below.cell.row == lower.index and above is not None:
            if _named_beside(above, own, columns, parts):
                slots.append(None)  # which of the group's columns it is, is not known
                continue
            key, source, at = (id(above), id(below)), above, below.cell  # a blank sub-label
        elif above is not None:
            key, source, at = (id(above), 0), above, above.cell
        else:
            slots.append(None)
            continue
        if key not in views:
            rows_left = source.cell.row + source.cell.rowspan - lower.index
            cell = replace(source.cell, row=lower.index, col=at.col, colspan=at.colspan,
                           rowspan=max(1, rows_left))
            views[key] = CellView(cell, source.text, source.ref)
        slots.append(views[key])
    return replace(lower, slots=tuple(slots))


def _named_beside(above: CellView, own: list[CellView], columns: Table,
                  parts: tuple[PartRule, ...]) -> bool:
    """Whether a sub-label of ``own`` under ``above`` names the field ``above`` names: a
    blank sub-label then cannot take ``above``'s label (福建 宁德: ``预算安排`` over
    ``年初部门预算安排金额 | 历年结余结转 | 年中调整金额 | 小计``, 小计 its 全年预算数; the
    first blank would read as the budget). Where none does, the blank is the column the
    label above names (``预期指标值`` over ``符号 | | 单位``)."""
    field = column_field(above.text, columns, parts)
    return field is not None and any(
        above.col <= o.col < above.end_col and column_field(o.text, columns, parts) == field
        for o in own)


def _spans_across(upper: Row, own: list[CellView], numbers: list[CellView], columns: Table,
                  parts: tuple[PartRule, ...]) -> bool:
    """``upper`` labels the columns of ``lower``'s ``numbers`` (its totals) and has a cell
    running across two or more of ``lower``'s labels ``own``."""
    across = any(v.cell.colspan > 1 and sum(v.col <= o.col < v.end_col for o in own) >= 2
                 for v in upper.starting_cells())
    return across and bool(numbers) and all(
        (label := upper.at(n.col)) is not None and _names_a_column(label.text, columns, parts)
        for n in numbers)


def labelled_from_above(row: Row, above: Iterable[Row]) -> Row | None:
    """``row`` with each cell that prints a bare number where a label belongs (a block's
    points in the header row: 四川's transfer-payment form heads its 自评得分 column only
    at the top of the table) labelled by the nearest label above it in its column;
    None when no cell of ``row`` is such a number. ``above``: the rows above, nearest
    first."""
    views: dict[int, CellView] = {}
    for view in row.starting_cells():
        label = label_above(above, view.col) if parse_rate(view.text) is not None else None
        if label is not None:
            views[id(view)] = CellView(view.cell, label, view.ref)
    if not views:
        return None
    slots = tuple(None if v is None else views.get(id(v), v) for v in row.slots)
    return replace(row, slots=slots)


def header_cut_by_page(row: Row, rest: Row) -> Row | None:
    """``row``, the last row of its page, with the rest of its labels that a page break
    carried to ``rest``, the next page's first row (湖北 广水's browser print: ``年初指`` |
    ``年终完`` at the foot of a page, ``标值`` | ``成值`` at the head of the next); None
    unless ``rest`` prints only words, each under a label of ``row`` in the same column
    (a cell running further down belongs to the rows below: a block's points)."""
    if not rest.first or rest.grid != row.grid + 1 or len(rest.slots) != len(row.slots):
        return None
    printed = [v for v in rest.starting_cells() if v.text and v.cell.rowspan == 1]
    if not printed or any(parse_decimal(v.text) is not None for v in printed):
        return None
    joined: dict[int, CellView] = {}
    for view in printed:
        above = row.own(view.col)
        if above is None or not above.text:
            return None
        joined[id(above)] = CellView(above.cell, above.text + view.text, above.ref)
    return replace(row, slots=tuple(None if v is None else joined.get(id(v), v)
                                    for v in row.slots))


#: Funds columns no indicator table has.
_FUNDS_ONLY = ("initial_budget", "budget", "executed", "rate")


def _named_by_position(cells: list[CellView], listed: list[str | None]) -> list[str | None]:
    """A scoring sheet that names neither its 一级指标 nor its 三级指标 column, only its
    分值 and 得分 (湖北 广水: ``项目权重 | 评价内容 | 分值 | 自评分 | 复核分``): the two
    cells before 分值, listed as nothing, are the heading and the name columns, as on
    every listed form. ``listed`` unchanged where the row is not such a header (or is a
    funds header: an amount or rate label among its cells)."""
    model = labels()
    if not {"weight", "score"} <= set(listed) or any(
            listed_field(v.text, model.funds_columns, model.funds_parts) in _FUNDS_ONLY
            for v in cells):
        return listed
    at = listed.index("weight")
    if at != 2 or listed[0] is not None or listed[1] is not None:
        return listed
    return ["level1", "name", *listed[2:]]


def _content_placed(found: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """``found`` with a ``content`` column (指标内容, see labels.toml) as the names where
    no column names them, else as their explanation (dropped if one is placed)."""
    fields = {f for _, f in found}
    role = "name" if "name" not in fields else "explanation"
    return [(col, role if field == "content" else field) for col, field in found
            if field != "content" or role not in fields]


def _unlabelled_score(cells: list[CellView], listed: list[str | None]) -> list[str | None]:
    """A scoring sheet that names its 分值 and its names (``目标名称``, by its words) but
    prints no label over the score beside 分值 (广西: ``目标名称 | | 分值 | ``): the blank
    header cell right after 分值 is 得分. ``listed`` unchanged where the row is not such a
    header (a head row prints its values where these cells are blank)."""
    model = labels()
    if "weight" not in listed or "score" in listed or any(
            listed_field(v.text, model.funds_columns, model.funds_parts) in _FUNDS_ONLY
            for v in cells):
        return listed
    at = listed.index("weight")
    names = [i for i, v in enumerate(cells[:at]) if v.text and not listed[i]
             and part_field(label_key(v.text), model.indicator_parts) == "name"
             and match_label(v.text, model.header_fields) is None]
    if at + 1 >= len(cells) or cells[at + 1].text or len(names) != 1:
        return listed
    out = list(listed)
    out[names[0]], out[at + 1] = "name", "score"
    return out


#: A scoring sheet read by :func:`_unlabelled_score` has only its names, 分值 and 得分.
_SCORING_SHEET_COLUMNS = 3


def indicator_columns(row: Row) -> IndicatorColumns | None:
    """If ``row`` is an indicator-table header, return its column layout.

    A header names its 一级指标 or 三级指标 column with a listed label (those words stand
    in no other row); its other columns may be read from their parts. A 分值 column
    right after the 一级指标 column holds the heading's points.
    """
    model = labels()
    cells = row.starting_cells()
    listed = [listed_field(v.text, model.indicator_columns, model.indicator_parts)
              for v in cells]
    if not {"name", "level1"} & set(listed):
        listed = _named_by_position(cells, listed)
    minimum = MIN_INDICATOR_COLUMNS
    if not {"name", "level1"} & set(listed):
        listed, minimum = _unlabelled_score(cells, listed), _SCORING_SHEET_COLUMNS
    if not {"name", "level1"} & set(listed) and {"target", "actual"} <= set(listed):
        # a table of targets and actuals that names its indicators 绩效内容 (福建 宁德)
        listed = ["name" if f is None and _part_of(v.text) == "content" else f
                  for v, f in zip(cells, listed, strict=True)]
    if not {"name", "level1"} & set(listed):
        return None
    taken = {f for f in listed if f}
    named = [v.col for v, f in zip(cells, listed, strict=True) if f in ("level2", "name")]
    found: list[tuple[int, str]] = []
    for view, field in zip(cells, listed, strict=True):
        if field is None:
            heading_side = bool(named) and view.col < min(named)
            field = _unlisted_column(view, row, taken, heading_side)
        if field:
            taken.add(field)
            found.append((view.col, field))
    found = _content_placed(found)
    if len({f for _, f in found}) < minimum:
        return None
    fields: dict[str, int] = {}
    spares: list[tuple[str, int]] = []
    level1_points = None
    for i, (col, field) in enumerate(found):
        previous = found[i - 1][1] if i else None
        if field == "weight" and previous == "level1":
            level1_points = col
        elif field == "weight" and previous == "level2":
            continue  # second-level points: the schema has no key for them
        elif field in fields:
            spares.append((field, col))
        else:
            fields[field] = col
    return IndicatorColumns(len(row.slots), fields, level1_points, tuple(spares))


@dataclass(frozen=True)
class FundsColumns:
    """Where each funds field sits, whether the rate column is printed in percent, and
    the points printed on the block's own label (``预算执行情况（20分）``), which are the
    weight of its total row when the block has no 分值 column."""

    fields: dict[str, int]
    percent_rate: bool
    block_points: Decimal | None = None
    #: How many columns each field's header cell spans, where more than one.
    spans: tuple[tuple[str, int], ...] = ()
    #: The column of the rows' labels, where the row under the header shows it.
    labels_at: int | None = None

    @property
    def label_col(self) -> int:
        """The rows' labels: as the row under the header prints them, else the column
        before the first field."""
        return min(self.fields.values()) - 1 if self.labels_at is None else self.labels_at

    def value_cell(self, row: Row, field: str) -> CellView | None:
        """The cell of ``row`` printing ``field``'s value: the one starting under the
        field's header. None where the header spans columns that print two values
        below it: a ruling between them not drawn, or lost to a scan (sc03's
        ``执行数(B)执行率`` over ``1.56 | 1``), leaves which one is its a guess."""
        col = self.fields[field]
        span = dict(self.spans).get(field, 1)
        printed = [v for v in row.starting_cells() if col <= v.col < col + span and v.text]
        return None if len(printed) > 1 else row.own(col)


def _label_column_end(below: Row | None) -> int:
    """Where the funds rows' label cells end: the end of the first cell of ``below``
    that holds words, not an amount (0 when unknown). A header cell over the labels
    (``预算执行情况（20分）``, ``年度预算数（万元）`` over ``总额``) names no column."""
    if below is None:
        return 0
    for view in below.starting_cells():
        if view.text:
            return 0 if parse_decimal(view.text) is not None else view.end_col
    return 0


def funds_columns(row: Row, below: Row | None = None) -> FundsColumns | None:
    """If ``row`` is the header of a funds block, return its columns; ``below`` is the
    row under it, whose label cell shows which header cells are over the labels."""
    model = labels()
    labels_end = _label_column_end(below)
    cells = [v for v in row.starting_cells() if v.text and v.col >= labels_end]
    listed = [listed_field(v.text, model.funds_columns, model.funds_parts) for v in cells]
    fields: dict[str, int] = {}
    spans: dict[str, int] = {}
    for view, field in zip(cells, listed, strict=True):
        if field and field not in fields:
            fields[field], spans[field] = view.col, view.cell.colspan
    for view, field in zip(cells, listed, strict=True):
        if field is None and not _is_block_label(view, row):
            field = _as_quotient(view.text, column_field(view.text, model.funds_columns,
                                                         model.funds_parts))
            if field and field not in fields:
                fields[field], spans[field] = view.col, view.cell.colspan
    fields = dict(sorted(fields.items(), key=lambda item: item[1]))
    rate_col = fields.get("rate")
    percent = rate_col is not None and "%" in (row.text(rate_col) or "")
    amounts = [f for f in fields if f in _AMOUNT_COLUMNS
               and any(w in label_key(row.text(fields[f])) for w in _MONEY_WORDS)]
    if not (len(fields) >= MIN_FUNDS_COLUMNS or len(amounts) >= 2) or not (
            {"budget", "executed"} & set(fields)):
        return None
    first = row.cells()[0]
    points = split_points(first.text)[1] if first.col < min(fields.values()) else None
    return FundsColumns(fields, percent, points,
                        tuple((f, n) for f, n in spans.items() if n > 1),
                        _labels_at(below, min(fields.values())))


def _labels_at(below: Row | None, first_field: int) -> int | None:
    """Where the row under a funds header prints its label: the words nearest the first
    field's column on its left, past numbers printed between them (四川: ``列次 | 0 | 1``
    under ``| 行次 | 全年预算数``, the rows' labels left of their row numbers; 安徽:
    ``年度资金总额: | 28.1 | 28.1`` under ``| | 年初预算数``, an amount no header names).
    None where that row prints no words there."""
    if below is None:
        return None
    words = [v.col for v in below.starting_cells()
             if v.col < first_field and v.text and parse_decimal(v.text) is None]
    return words[-1] if words else None


#: A header's note that its column is one lettered column over another (``(E/C×100%)``).
_QUOTIENT_NOTE = re.compile(r"[(（]\s*[A-Za-z]\s*/\s*[A-Za-z]")


def _as_quotient(text: str, field: str | None) -> str | None:
    """What spending a column's words name, noted as a quotient (``预算执行(E/C×100%)``:
    what was spent over the budget), is the rate; any other field stays."""
    return "rate" if field == "executed" and _QUOTIENT_NOTE.search(text) else field


def _is_numbering_label(text: str | None) -> bool:
    """``text`` heads a form's own numbering of its rows or columns (``行次``, ``列次``)."""
    return matches_any(text, labels().row_labels["numbering"])


#: Numbers a row of column numbers with no label must count, so that no row of amounts
#: is taken for one (四川 名山's ``列次 | 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7`` counts eight).
_UNLABELLED_NUMBERING = 4


def is_numbering_row(row: Row) -> bool:
    """A row of column numbers: its label, then at least two numbers counting up by one
    from cell to cell (``列次 | 0 | 1 | 2 … | 所需材料``; words may follow them, over
    columns of words); a cell not read among them keeps its place in the count, and
    with its label not read the row counts :data:`_UNLABELLED_NUMBERING` numbers."""
    starting = row.starting_cells()
    printed = [v for v in starting if v.text]
    if not printed:
        return False
    labelled = _is_numbering_label(printed[0].text)
    after = starting[starting.index(printed[0]) + 1:] if labelled else starting
    counted: list[tuple[int, Decimal]] = []
    for place, view in enumerate(after):
        if not view.text:
            continue
        number = parse_decimal(view.text)
        if number is None:
            break
        counted.append((place, number))
    steady = len({number - place for place, number in counted}) == 1
    return steady and len(counted) >= (2 if labelled else _UNLABELLED_NUMBERING)


def goal_columns(row: Row, by_words: bool = True) -> dict[str, int] | None:
    """If ``row`` is the 预期目标 / 实际完成情况 header, return the column of each;
    ``by_words`` also reads labels no list names from their words (not inside an
    indicator table, whose rows may well say 目标 and 完成情况). Listed labels win, and
    a label running down beside the rows (``年度总体目标``, ``1.项目年度目标完成情况``)
    names no column."""
    model = labels()
    texts = [v for v in row.starting_cells() if v.text]
    cells = [v for v in texts
             if len(label_key(v.text)) <= MAX_LABEL_KEY and parse_decimal(v.text) is None]
    by_words = by_words and len(cells) == len(texts)  # a header row holds labels only
    out: dict[str, int] = {}
    for view in cells:
        for field in ("goal_expected", "goal_actual"):
            if field not in out and matches_any(view.text, model.row_labels[field]):
                out[field] = view.col
    for view in cells if by_words else ():
        by_part = part_field(label_key(view.text), model.goal_parts)
        if (by_part is not None and by_part not in out and view.col not in out.values()
                and view.cell.rowspan == 1):
            out[by_part] = view.col
    return out if len(out) == 2 else None


def first_label(row: Row) -> str:
    """The text of the row's first non-empty cell."""
    return next((v.text for v in row.cells() if v.text), "")


def is_total_row(row: Row, columns: IndicatorColumns) -> bool:
    """A 总分 row: labelled so, or an unlabelled merged cell across the name column with
    a number under 分值 or 得分 (seed 003 prints its total without a label), running from
    the heading column: a row with a heading cell of its own, or under one running down
    into it, is an indicator whose name was not read (山东 临沂 prints its names across
    the 二级 and 三级 columns)."""
    if matches_any(first_label(row), labels().row_labels["total"]):
        return True
    name, level1 = row.at(columns.col("name")), columns.col("level1")
    spans_name = (name is not None and name.col < (columns.col("name") or 0) and not name.text
                  and (level1 is None or name.col <= level1))
    numbers = [parse_decimal(row.text(columns.col(f))) for f in ("weight", "score")]
    return spans_name and any(n is not None for n in numbers)


#: Points printed for a row: its ``(分值, 得分)``.
Points = tuple[Decimal | None, Decimal | None]


def sums_the_rows_above(row: Row, columns: IndicatorColumns, indicators: list[Points],
                        funds: list[Points]) -> bool:
    """A 总分 row under a label no list holds (安徽 霍山 prints ``分总``), told by what it
    prints: one labelled cell across the name, target and actual columns, and under
    分值 and 得分 the sums of the indicators above it, with or without the points of the
    funds total row(s) in ``funds``. The sums decide, not the label: a row whose numbers
    do not add up stays an indicator, and no total is read from it."""
    name_col, last_col = columns.col("name"), columns.col("actual") or columns.col("target")
    label = row.at(name_col)
    if (name_col is None or last_col is None or label is None or not label.text
            or label.col >= name_col or label.end_col <= last_col or len(indicators) < 2):
        return False
    printed = (parse_decimal(row.text(columns.col("weight"))),
               parse_decimal(row.text(columns.col("score"))))
    if None in printed or any(None in points for points in indicators):
        return False
    scored_funds = [points for points in funds if None not in points]
    without_funds = _sum_points(indicators)
    return printed in (without_funds, _sum_points([without_funds, *scored_funds]))


def _sum_points(rows: list[Points]) -> Points:
    return (sum((w for w, _ in rows if w is not None), Decimal(0)),
            sum((s for _, s in rows if s is not None), Decimal(0)))


#: The longest bare sub-label printed under a header's labels (名称, 分值, 得分).
_SUB_LABEL_MAX_CHARS = 4


def is_sub_label_row(row: Row) -> bool:
    """A row of bare column words under a header (重庆: ``一级指标 | 二级指标 | 三级指标``
    over ``名称 | 名称 | 名称``): every cell that starts in it names a column by its words,
    in a few characters; it is part of the header, not an indicator."""
    keys = [label_key(v.text) for v in row.starting_cells() if v.text]
    parts = labels().indicator_parts
    return bool(keys) and all(len(k) <= _SUB_LABEL_MAX_CHARS and part_field(k, parts) not in
                              (None, NO_FIELD) for k in keys)


def is_remark_row(row: Row) -> bool:
    """A 说明 / 备注 row: its label and one text, no number."""
    cells = [v for v in row.cells() if v.text]
    return (len(cells) == 2 and parse_decimal(cells[1].text) is None
            and matches_any(cells[0].text, labels().row_labels["remark"]))


def is_conclusion_row(row: Row) -> bool:
    """A 自评结论 / 绩效结论 / 评价等级 row."""
    cells = row.cells()
    return bool(cells) and matches_any(cells[0].text, labels().row_labels["conclusion"])


def cells_after_label(row: Row) -> list[CellView]:
    """The cells with text right of the row's first (label) cell, left to right."""
    cells = row.cells()
    return [view for view in cells[1:] if view.text] if cells else []


#: Marks that tick a box in a printed grade line: ☑ ☒ ■ √ ✓ ✔.
_TICKED = re.compile(r"[☑☒■√✓✔]\s*([优良中差])")
_GRADE_TEXT = re.compile(r"^([优良中差]|优秀|良好|合格|不合格|中等)[。.]?$")
#: One band of a grade legend: a grade followed by its range (``优90分≤得分≤100分``,
#: ``良:80-89分``, ``中(60≤总分<80)``). Two of them make the cell a legend, not a grade.
_LEGEND_BAND = re.compile(r"[优良中差](?:秀|好|等)?\s*[(:]?\s*(?:\d|得分|总分|分数)")


def read_conclusion(text: str) -> str | None:
    """Return the grade a conclusion cell states: ``优。`` → ``优``; ``☑优 90分≤…`` → ``优``.

    A grade legend with no box ticked (``优90分≤得分≤100分;良80分≤得分<90分;…``) states
    no grade: None, so that the grade is looked for in the row's other cells."""
    if not text:
        return None
    ticked = _TICKED.search(text)
    if ticked:
        return ticked[1]
    key = label_key(text)
    plain = _GRADE_TEXT.match(key)
    if plain:
        return plain[1]
    if len(_LEGEND_BAND.findall(squash(text))) >= 2:
        return None
    return text


def conclusion_at(texts: list[str]) -> int | None:
    """Which of a conclusion row's value cells states its grade: the first that states one."""
    return next((i for i, text in enumerate(texts) if read_conclusion(text) is not None), None)


def conclusion_of(texts: list[str]) -> str | None:
    """The grade stated by the first of a conclusion row's value cells that states one."""
    at = conclusion_at(texts)
    return None if at is None else read_conclusion(texts[at])


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
