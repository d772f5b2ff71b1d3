"""One form's rows → a :class:`~selfeval.normalize.records.Report` (or a skipped table).

The rows are walked once, top to bottom, through the blocks a form prints in order:
header fields, the funds block, the goals, the indicator table, the total and the
conclusion. A block starts where its header row is recognised, so the same code reads
the Guizhou, Shenzhen, Hunan and Guangzhou layouts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from selfeval.extract.grid import Grid, TextLine
from selfeval.normalize.blocks import (
    CONTENT_ROWS,
    FundsColumns,
    IndicatorColumns,
    cells_after_label,
    conclusion_at,
    funds_columns,
    goal_columns,
    header_cut_by_page,
    indicator_columns,
    is_conclusion_row,
    is_numbering_row,
    is_remark_row,
    is_sub_label_row,
    is_total_row,
    labelled_from_above,
    numbers_in,
    placed_column,
    read_conclusion,
    sums_the_rows_above,
    two_row_header,
)
from selfeval.normalize.fields import (
    line_fields,
    money_unit_in,
    money_unit_of_row,
    names_upper_level,
    row_fields,
    split_contact,
    unlabelled_goal_actual,
)
from selfeval.normalize.funds import (
    PairedFunds,
    fund_from_row,
    fund_line,
    funds_across,
    paired_fund,
    rest_of_cut_label,
    stacked_fund,
    total_budget_below,
    with_levels,
)
from selfeval.normalize.funds_lists import side_by_side_funds
from selfeval.normalize.headless import headless_columns
from selfeval.normalize.indicators import (
    Finished,
    IndicatorDraft,
    add_indicator_row,
    finish_indicators,
)
from selfeval.normalize.numbers import (
    YearReading,
    find_year,
    parse_date,
    parse_decimal,
    single_year,
)
from selfeval.normalize.ocr_cells import low_confidence_flags, repaired_cell_text
from selfeval.normalize.records import (
    CellRef,
    Cells,
    CitedCell,
    Flag,
    Fund,
    Report,
    Skipped,
    Where,
    on_page,
)
from selfeval.normalize.sheet import CellView, ColumnSpans, Row, all_rows, column_spans
from selfeval.normalize.text import clean_text, squash
from selfeval.normalize.titles import (
    continues_title,
    form_kind,
    is_basic_data_title,
    is_form_title,
    title_text,
)


@dataclass(frozen=True)
class FormSource:
    """The raw material of one form: its grids and the text lines printed around them."""

    grids: tuple[Grid, ...]
    lines_before: tuple[TextLine, ...]
    lines_after: tuple[TextLine, ...]
    #: The 1-based number of the form's first grid among the document's tables.
    first_table: int = 1


@dataclass
class _Walk:
    """What the row walk has collected so far (private to this module)."""

    fields: dict[str, str] = field(default_factory=dict)
    cells: Cells = field(default_factory=dict)
    funds: list[Fund] = field(default_factory=list)
    drafts: list[IndicatorDraft] = field(default_factory=list)
    level1_points: dict[str, Decimal] = field(default_factory=dict)
    money_unit: str | None = None
    goals: dict[str, str] = field(default_factory=dict)
    total_weight: Decimal | None = None
    total_score: Decimal | None = None
    conclusion: str | None = None
    rules_text: list[str] = field(default_factory=list)
    has_indicator_table: bool = False
    #: Fields whose value was named at a level above the agency's (``省级主管部门``).
    upper_level_fields: set[str] = field(default_factory=set)

    def set_field(self, name: str, value: str, at: tuple[CellRef, ...],
                  upper_level: bool = False) -> None:
        """Keep the first value printed for ``name``, unless it was blank or named at a
        level above the agency's (:func:`names_upper_level`) and this one is not."""
        weaker = name in self.upper_level_fields and not upper_level
        if name not in self.fields or ((not self.fields[name] or weaker) and value):
            self.fields[name] = value
            self.locate(name, at)
            if upper_level:
                self.upper_level_fields.add(name)
            else:
                self.upper_level_fields.discard(name)

    def locate(self, name: str, at: tuple[CellRef, ...]) -> None:
        """Record where field ``name`` is printed (nothing when it is in no cell)."""
        if at:
            self.cells[name] = at

    def add_cells(self, name: str, at: tuple[CellRef, ...]) -> None:
        """Add cells to those of ``name`` (a value printed over several rows)."""
        self.cells[name] = tuple(dict.fromkeys(self.cells.get(name, ()) + at))


def _header_cells(rows: list[Row]) -> tuple[CellRef, ...]:
    """The cells of a table's header rows (for a picture to show the column labels)."""
    return tuple(v.ref for row in rows for v in row.starting_cells())


def _indicator_header(rows: list[Row], at: int) -> tuple[IndicatorColumns | None, int]:
    """The indicator-table header starting at ``rows[at]``, and how many rows it takes:
    the row with the one below it (labels over sub-labels), else the row alone — with
    its bare numbers labelled from above if that names more columns, and a row of bare
    sub-labels under it (``名称 | 名称 | 名称``); checked against what the rows under it
    print."""
    row, below = rows[at], _row_below(rows, at)
    two_rows = two_row_header(row, below, "indicator") if below is not None else None
    header = indicator_columns(two_rows) if two_rows is not None else None
    height = 2 if header is not None else 1
    if header is None:
        header = indicator_columns(row)
    if header is None:
        return None, 1
    rest = rows[at + 1] if below is None and at + 1 < len(rows) else None
    whole = header_cut_by_page(row, rest) if rest is not None else None
    joined = indicator_columns(whole) if whole is not None else None
    if joined is not None and len(joined.fields) > len(header.fields):
        header, height = joined, 2
    relabelled = labelled_from_above(row, _rows_above(rows, at))
    fuller = indicator_columns(relabelled) if relabelled is not None else None
    if fuller is not None and len(fuller.fields) > len(header.fields):
        header = fuller
    below = _row_below(rows, at + height - 1)
    if below is not None and is_sub_label_row(below):
        height += 1
    content = [r for r in rows[at + height:at + height + CONTENT_ROWS] if r.grid == row.grid]
    return header.checked_against(content), height


def _funds_header(rows: list[Row], at: int) -> tuple[FundsColumns | None, int]:
    """The funds-block header starting at ``rows[at]`` (on one row or two), and how many
    rows it takes; the row under it shows where the funds labels are."""
    below = _row_below(rows, at)
    two_rows = two_row_header(rows[at], below, "funds") if below is not None else None
    fcols = funds_columns(two_rows, _row_below(rows, at + 1)) if two_rows else None
    if fcols is not None:
        return fcols, 2
    return funds_columns(rows[at], below), 1


def _rows_above(rows: list[Row], at: int) -> Iterator[Row]:
    """The rows above ``rows[at]`` in the same table, nearest first (lazily: a search
    upward stops at the label it looks for)."""
    grid = rows[at].grid
    return (rows[i] for i in range(at - 1, -1, -1) if rows[i].grid == grid)


def _row_below(rows: list[Row], at: int) -> Row | None:
    """The row under ``rows[at]`` in the same table, if any."""
    if at + 1 < len(rows) and rows[at + 1].grid == rows[at].grid:
        return rows[at + 1]
    return None


def _walk_rows(rows: list[Row], spans: Sequence[ColumnSpans]) -> _Walk:
    """Read the rows of a form's grids (``spans``: each grid's column positions)."""
    walk = _Walk()
    state = "head"
    funds: FundsColumns | None = None
    block_start = 0
    goals: dict[str, int] | None = None
    goals_grid = 0
    paired: PairedFunds | None = None
    columns: dict[int, IndicatorColumns] = {}
    last_columns: IndicatorColumns | None = None
    header_grid = 0
    header_halves: set[int] = set()
    funds_name: CellView | None = None
    by_grid: dict[int, list[Row]] = {}
    for row in rows:
        by_grid.setdefault(row.grid, []).append(row)
    for at, row in enumerate(rows):
        if at in header_halves or not row.starting_cells() or is_numbering_row(row):
            # a row no cell starts in prints nothing (a scan's dash read as a rule), nor
            # does a row of column numbers (列次 | 0 | 1 | 2 …)
            continue
        header, height = _indicator_header(rows, at)
        if header is not None:
            below = rows[at + 1] if height > 1 else None
            if below is not None and below.grid == row.grid and numbers_in(below, set()):
                _read_total(walk, below, header)  # totals under their labels (山东)
            walk.add_cells("header", _header_cells(rows[at:at + height]))
            header_halves.update(range(at + 1, at + height))
            columns[row.grid] = last_columns = header
            header_grid = row.grid
            walk.has_indicator_table = True
            state = "indicators"
            continue
        if row.index == 0 and last_columns is None:
            headless = headless_columns(by_grid[row.grid])
            if headless is not None:
                columns[row.grid] = last_columns = headless
                header_grid = row.grid
                walk.has_indicator_table = True
                state = "indicators"
        lists = (side_by_side_funds(rows, at) or stacked_fund(rows, at)
                 if not walk.funds else None)
        if lists is not None:
            walk.funds.extend(lists[0])
            header_halves.update(range(at + 1, at + lists[1]))
            _note_unit(walk, row)
            continue
        below = _row_below(rows, at)
        across = funds_across(row, below) if below is not None and not walk.funds else None
        if across is not None:
            walk.funds.extend(across)
            header_halves.add(at + 1)
            _note_unit(walk, row)
            continue
        fcols, height = _funds_header(rows, at)
        header_halves.update(range(at + 1, at + height))
        if fcols is not None:
            walk.add_cells("header", _header_cells(rows[at:at + height]))
            funds, state = fcols, "funds"
            block_start = len(walk.funds)
            # the header's lettered columns (年初预算数(A) … 执行率(B/A)) define its rate
            walk.rules_text.extend(" ".join(v.text for v in r.cells() if v.text)
                                   for r in rows[at:at + height])
            _note_unit(walk, row)
            continue
        gcols = goal_columns(row, by_words=state != "indicators")
        if gcols is not None:
            goals, state, goals_grid = gcols, "goals", row.grid
            continue
        if state == "indicators" and is_remark_row(row):
            state = "after"
            continue
        if is_conclusion_row(row):
            _read_conclusion(walk, row)
            state = "after"
            continue
        if state in ("indicators", "funds") and not any(v.text for v in row.starting_cells()):
            # a slot of cells running down through it (a browser's page break; a funds
            # row whose 分值 cell a scan's stray rule split in two)
            if state == "indicators" and walk.drafts and _ends_grid(rows, at):
                walk.drafts[-1] = replace(walk.drafts[-1], closed=True)
            continue
        cols = columns.get(row.grid) or _inherited(last_columns, header_grid, row, spans)
        if state == "indicators" and cols is not None:
            if is_total_row(row, cols) or sums_the_rows_above(
                    row, cols, [(d.weight, d.score) for d in walk.drafts],
                    [(f.weight, f.score) for f in walk.funds if f.kind == "total"]):
                _read_total(walk, row, cols)
                state = "after"
            else:
                funds_name = _indicator_row(walk, row, cols, funds_name)
            continue
        if state == "funds" and funds is not None:
            first = len(walk.funds) == block_start
            continued = rest_of_cut_label(row, funds, walk.funds[-1]) if walk.funds else None
            if continued is not None:
                walk.funds[-1] = continued
                continue
            fund = fund_from_row(row, funds, first)
            if fund is not None and fund.kind == "unknown" and row_fields(row):
                fund = None  # a head row (总预算 | …) printed inside the funds block
            if fund is not None:
                walk.funds.append(_with_block_points(fund, funds, first))
            else:
                _read_head_row(walk, row, rows)  # 年度总体目标 | … printed under the funds
            _note_unit(walk, row)
            continue
        if state == "goals" and goals is not None:
            if row.first and row.grid != goals_grid and walk.goals:
                goals = _placed_goals(goals, spans[goals_grid], spans[row.grid])
                goals_grid = row.grid
                _continue_goals(walk, row, goals)
            else:
                _read_goal_row(walk, row, goals)
            continue
        part = paired.part(row) if paired is not None and walk.funds else None
        if part is not None:
            walk.funds.append(part)
            _note_unit(walk, row)
            continue
        spent = paired.spent(row) if paired is not None and walk.funds else None
        if spent is not None and paired is not None:
            walk.funds[0] = spent  # the block's total, read first
            paired = replace(paired, total=spent)
            continue
        paired = paired_fund(row, _rows_above(rows, at)) if not walk.funds else None
        if paired is not None:
            walk.funds.append(paired.total)
            _note_unit(walk, row)
            continue
        _read_head_row(walk, row, rows)
    return walk


def _ends_grid(rows: list[Row], at: int) -> bool:
    """Whether row ``at`` is the last row of its grid (a page's last, in a PDF)."""
    return at + 1 == len(rows) or rows[at + 1].grid != rows[at].grid


def _indicator_row(walk: _Walk, row: Row, cols: IndicatorColumns,
                   funds_name: CellView | None) -> CellView | None:
    """Read an indicator row, or the funds list an indicator prints in its rows
    (:func:`fund_line`): the first such row, printing an amount, gives the indicator
    (without the columns the list is printed in) and a funds row, every other row under
    the same name cell a funds row or nothing. Return the name cell holding a funds
    list, if any."""
    name = row.at(cols.col("name"))
    line = fund_line(row, set(cols.fields.values()))
    if funds_name is not None and name is funds_name:
        if line is not None and (fund := line.fund(row.page)) is not None:
            walk.funds.append(fund)
        return funds_name
    fund = line.fund(row.page) if line is not None else None
    if line is None or line.amount is None or name is None or fund is None:
        add_indicator_row(walk.drafts, row, cols)
        return None
    _note_unit(walk, row)
    walk.funds.append(fund)
    listed = {line.label.col, line.amount.col}
    add_indicator_row(walk.drafts, row, replace(cols, fields={
        f: c for f, c in cols.fields.items() if c not in listed}))
    return name


def _read_conclusion(walk: _Walk, row: Row) -> None:
    """A 自评结论 row: the grade its first stating cell gives (that cell, or all its value
    cells where none states one); every value cell's text for the rules."""
    views = cells_after_label(row)
    texts = [v.text for v in views]
    at = conclusion_at(texts)
    walk.conclusion = None if at is None else read_conclusion(texts[at])
    walk.locate("conclusion", tuple(v.ref for v in (views if at is None else [views[at]])))
    walk.rules_text.extend(texts)


def _read_goal_row(walk: _Walk, row: Row, goals: dict[str, int]) -> None:
    """A row under the goal header: its texts (the first row's blank cells read ``""``:
    the goals are printed blank, and a heading below is no goal), or one more numbered
    goal (目标2: …) on a row of its own, joined to the goals above it with a space."""
    own = {v.col for v in row.starting_cells() if v.text}
    first = not walk.goals
    if not first and own != set(goals.values()):
        return  # a section heading or another block, not one more goal
    if first and len(goals) > 1 and len({id(row.at(col)) for col in goals.values()}) == 1:
        # one cell across every goal column is the heading of the next block (湖南 南湖:
        # 项目绩效定量目标(指标)及完成情况), not the goals: their row, printed blank, was
        # lost (a browser prints an empty row with no height)
        walk.goals.update(dict.fromkeys(goals, ""))
        return
    for name, col in goals.items():
        view = row.at(col) if col in own or first else None
        if view is not None and view.text:
            text = view.text
            before = walk.goals.get(name)
            walk.goals[name] = f"{before} {text}" if before else text
            walk.add_cells(name, (view.ref,))
        elif first:
            walk.goals[name] = ""


def _placed_goals(goals: dict[str, int], ours: ColumnSpans,
                  theirs: ColumnSpans) -> dict[str, int]:
    """The goal columns on a continuation grid, by their positions (those that can be
    placed)."""
    placed = {name: placed_column(col, ours, theirs) for name, col in goals.items()}
    return {name: col for name, col in placed.items() if col is not None}


def _continue_goals(walk: _Walk, row: Row, goals: dict[str, int]) -> None:
    """The first row of the next page's grid under the goals: the rest of the goal
    texts a page break cut (a browser prints a long cell over two pages), joined to
    them as the one text it is."""
    own = {v.col for v in row.starting_cells() if v.text}
    for name, col in goals.items():
        view = row.at(col) if col in own else None
        if view is not None:
            walk.goals[name] = walk.goals.get(name, "") + view.text
            walk.add_cells(name, (view.ref,))


def _with_block_points(fund: Fund, columns: FundsColumns, first: bool) -> Fund:
    """The 20+80 form prints the funds block's weight on its label
    (``预算执行情况（20分）``) and has no 分值 column: the weight of its first row."""
    if first and columns.block_points is not None and "weight" not in columns.fields:
        return replace(fund, weight=columns.block_points)
    return fund


def _inherited(last: IndicatorColumns | None, header_grid: int, row: Row,
               spans: Sequence[ColumnSpans]) -> IndicatorColumns | None:
    """A continuation grid without its own header row uses the previous layout: as it
    is when the grid has as many columns, else lined up by the columns' positions."""
    if last is None:
        return None
    if last.n_cols == len(row.slots):
        return last
    return last.lined_up(spans[header_grid], spans[row.grid])


def _note_unit(walk: _Walk, row: Row) -> None:
    walk.money_unit = walk.money_unit or money_unit_of_row(row)


def _read_head_row(walk: _Walk, row: Row, rows: list[Row]) -> None:
    _note_unit(walk, row)
    for name, value, label, cell in row_fields(row):
        at = () if cell is None else (cell.ref,)
        if name == "budget_total":
            budget = total_budget_below(rows, row, label.col)
            if budget is not None and not walk.funds:
                walk.funds.append(Fund("总预算", "total", budget=parse_decimal(budget.text),
                                       page=row.page, cells={"label": (label.ref,),
                                                             "budget": (budget.ref,)}))
            walk.money_unit = walk.money_unit or money_unit_in(label.text)
        elif name in ("goal_expected", "goal_actual"):
            if not walk.goals.get(name):  # a label over its sub-label reads blank first
                walk.goals[name] = value
                walk.locate(name, at)
            actual = unlabelled_goal_actual(row, label) if name == "goal_expected" else None
            if actual is not None and not walk.goals.get("goal_actual"):
                walk.goals["goal_actual"] = actual.text
                walk.locate("goal_actual", (actual.ref,))
        else:
            walk.set_field(name, value, at, names_upper_level(label.text))


def _read_total(walk: _Walk, row: Row, cols: IndicatorColumns) -> None:
    """The totals a row prints under 得分 and 分值 (a lone second number is the 分值
    total); a total this row leaves blank keeps what the header printed (山东: 100 | 85
    under 指标分值 | 评价得分, then 综合得分 | 85)."""
    score_col, weight_col = cols.col("score"), cols.col("weight")
    score = parse_decimal(row.text(score_col))
    weight = parse_decimal(row.text(weight_col))
    if weight is None:
        # not the number the score was read from: 总分 | 100分 printed across every
        # column of a form with no 分值 column is its score total alone
        score_view = row.at(score_col) if score_col is not None else None
        others = numbers_in(row, {score_view.col} if score_view is not None else set())
        weight = others[0][1] if others else None
        weight_col = others[0][0] if others else weight_col
    for name, value, col in (("total_score", score, score_col),
                             ("total_weight", weight, weight_col)):
        if value is None and getattr(walk, name) is not None:
            continue
        setattr(walk, name, value)
        view = row.at(col)
        walk.locate(name, () if view is None else (view.ref,))


# --- text lines -----------------------------------------------------------------------


def _title(lines: tuple[TextLine, ...]) -> TextLine | None:
    """The form's title: the last title line above its table (a web page's own heading,
    ``岳阳市审计局2018年部门整体支出绩效评价评分表``, may come before it), joined to the
    line it continues when printed on two (``岳阳市2018年度部门整体支出`` /
    ``绩效评价自评报告``)."""
    at = next((i for i in range(len(lines) - 1, -1, -1) if is_form_title(lines[i].text)), None)
    if at is None:
        return None
    title = lines[at]
    if at and continues_title(lines[at - 1].text, title.text):
        return replace(title, text=squash(lines[at - 1].text) + squash(title.text))
    return title


def _level1_points(indicators: list[Finished]) -> tuple[dict[str, Decimal], Cells]:
    """Each heading's points (the first printed for its block), and where they are
    (``level1_points.产出指标``)."""
    points: dict[str, Decimal] = {}
    cells: Cells = {}
    for ind, value, at in indicators:
        if value is not None and ind.level1 and ind.level1 not in points:
            points[ind.level1] = value
            if at:
                cells[f"level1_points.{ind.level1}"] = at
    return points, cells


#: Placeholder marks an unfilled template prints in its name cells (seed 003: ``**``).
_PLACEHOLDER = set("*…. ")


def _is_empty_template(walk: _Walk, indicators: list[Finished]) -> bool:
    """No indicator is filled in (a name, a target, an actual value or a score), no
    project or agency is named and no funds amount is printed."""
    def filled(text: str | None) -> bool:
        return bool(text) and not set(text or "") <= _PLACEHOLDER

    if any(walk.fields.get(k) for k in ("project", "agency")):
        return False
    if any(f.budget is not None or f.executed is not None for f in walk.funds):
        return False
    return not any(
        filled(i.name) or filled(i.target) or filled(i.actual) or i.score is not None
        for i, _, _ in indicators
    )


#: Header fields that, with a form title, make a table a form even when no indicator
#: table follows (a form cut off before it, as published pages often are).
_CUT_FORM_FIELDS = ("project", "agency", "department")


def _is_cut_form(walk: _Walk, title: str) -> bool:
    """A form whose indicator table is missing: with its title, its head rows or funds
    block are still a report (with no indicators); without one (a page that prints the
    table alone), a named project over a funds block that prints amounts is."""
    named = any(walk.fields.get(k) for k in _CUT_FORM_FIELDS)
    if title and is_form_title(title):
        return bool(walk.funds) or named
    return bool(walk.fields.get("project")) and any(
        f.budget is not None or f.executed is not None for f in walk.funds)


def line_at(line: TextLine) -> tuple[CellRef, ...]:
    """Where a text line is printed (nothing for a format without pages or boxes)."""
    if line.page is None and line.box is None:
        return ()
    return (on_page(line.page, line.box),)


def _year(
    walk: _Walk, lines: tuple[TextLine, ...], title: str, title_line: TextLine | None
) -> tuple[YearReading | None, tuple[CellRef, ...]]:
    """The form's year and where it is printed: its 自评年度 field, a short 年度 line
    above it, its title, another title line above it, a project period that lies in
    one year, or the year a project's name starts with, in that order."""
    if walk.fields.get("year_label"):
        return find_year(walk.fields["year_label"]), walk.cells.get("year_label", ())
    for line in lines:
        if "年度" in line.text and len(squash(line.text)) <= 12:
            reading = find_year(line.text)
            if reading:
                return reading, line_at(line)
    in_title = find_year(title)
    if in_title:
        return in_title, line_at(title_line) if title_line is not None else ()
    # a page heading above the form's own title (岳阳市审计局2018年部门整体支出…评分表),
    # or one announcing the self-evaluation the page prints (…2022年度…绩效自评情况公示)
    for line in lines:
        reading = find_year(line.text) if _heads_self_evaluation(line.text) else None
        if reading:
            return reading, line_at(line)
    in_period = single_year(walk.fields.get("period"))
    if in_period:
        return in_period, walk.cells.get("period", ())
    project = walk.fields.get("project") or ""
    if _STARTS_WITH_YEAR.match(project):
        return single_year(project), walk.cells.get("project", ())
    return None, ()


#: A project named for its year (``2023年杨楼社区特色种养殖补贴到户项目``): the year of a
#: form that prints none of its own.
_STARTS_WITH_YEAR = re.compile(r"^(?:19|20)\d{2}年")


#: A heading line is at most this long: the wild corpus's headlines are 17-47
#: characters; a paragraph of text that mentions 自评 runs longer.
_HEADLINE_MAX_CHARS = 60


def _heads_self_evaluation(text: str) -> bool:
    """A form title, or a headline naming a self-evaluation (…绩效自评情况公示)."""
    return is_form_title(text) or ("自评" in text and len(squash(text)) <= _HEADLINE_MAX_CHARS)


def _year_flag(reading: YearReading, at: tuple[CellRef, ...]) -> Flag:
    return Flag(
        rule="year_artifact", severity="info",
        message=f"年度印作 “{reading.artifact}”，按 {reading.year} 读取",
        expected=reading.year, reported=reading.artifact,
        where=Where(at[0].page if at else None, "year", None), profile="repair",
        cells=tuple(CitedCell("reported", "year", ref) for ref in at)
        or (CitedCell("reported", "year", None),),
    )


#: How many rows at the top of a form's first table may print its title and year in one
#: merged cell instead of above the table (as some Excel forms do).
_TITLE_ROWS = 3


def _heading_rows(rows: list[Row]) -> tuple[TextLine, ...]:
    """The rows at the top of the first table that are one merged cell (a title or a year
    line printed inside the table), as text lines."""
    out = []
    for row in rows[:_TITLE_ROWS]:
        cells = row.starting_cells()
        if row.grid != 0 or len(cells) != 1 or len(row.cells()) != 1:
            break
        out.append(TextLine(cells[0].text, row.page, cells[0].cell.box))
    return tuple(out)


#: A line that is a date and nothing else: ``2018 年 12 月 28 日``.
_DATE_ALONE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


def _unlabelled_date(before: tuple[TextLine, ...],
                     after: tuple[TextLine, ...]) -> TextLine | None:
    """The date a form prints on a line of its own, under no label, where it prints no
    labelled one: the day it was filled in (浙江, 山东 cover pages print it under the
    agency's name). The date nearest the table: the last one above it, else the first
    one below it."""
    alone = [ln for ln in (*reversed(before), *after) if _DATE_ALONE.match(squash(ln.text))]
    return alone[0] if alone else None


def build_form(source: FormSource) -> Report | Skipped | None:
    """Build the report a form's grids and text lines hold; a :class:`Skipped` for an
    unfilled template or a basic-data sheet; None when the tables are not a form."""
    rows = all_rows(source.grids, repaired_cell_text, source.first_table)
    source = replace(source, lines_before=source.lines_before + _heading_rows(rows))
    title_line = _title(source.lines_before)
    title = title_text(squash(title_line.text)) if title_line else ""
    lines = source.lines_before + source.lines_after
    pages = tuple(sorted({r.page for r in rows if r.page is not None}
                         | {ln.page for ln in lines if ln.page is not None}))
    if is_basic_data_title(title):
        return Skipped(pages, "basic_data")
    walk = _walk_rows(rows, [column_spans(g) for g in source.grids])
    for line in source.lines_before + source.lines_after:  # a cover page's 单位名称: …
        for name, value in line_fields(line.text):
            walk.set_field(name, value, line_at(line))
    if not walk.fields.get("filled_on"):
        dated = _unlabelled_date(source.lines_before, source.lines_after)
        if dated is not None:
            walk.set_field("filled_on", dated.text, line_at(dated))
    if not (walk.has_indicator_table or _is_cut_form(walk, title)):
        return None
    indicators = finish_indicators(walk.drafts)
    if _is_empty_template(walk, indicators):
        return Skipped(pages, "empty_template")
    year, year_at = _year(walk, source.lines_before, title, title_line)
    flags: tuple[Flag, ...] = (_year_flag(year, year_at),) if year and year.artifact else ()
    flags += low_confidence_flags(source.grids, source.first_table)
    f = walk.fields
    contact, phone_in_contact = split_contact(f.get("contact"))
    level1_points, points_at = _level1_points(indicators)
    return Report(
        form=form_kind(title, f, (h for i, _, _ in indicators for h in (i.level1, i.level2) if h)),
        title=title,
        year=year.year if year else None,
        agency=f.get("agency"),
        department=f.get("department"),
        project=f.get("project"),
        project_code=f["project_code"].replace(" ", "") if f.get("project_code") else None,
        filled_on=parse_date(f.get("filled_on")),
        contact=contact,
        phone=f.get("phone") or phone_in_contact or f.get("phone"),
        money_unit=walk.money_unit or next(
            (u for ln in source.lines_before if (u := money_unit_in(ln.text))), None),
        funds=tuple(with_levels(walk.funds)),
        goal_expected=walk.goals.get("goal_expected"),
        goal_actual=walk.goals.get("goal_actual"),
        indicators=tuple(i for i, _, _ in indicators),
        level1_points=level1_points,
        total_weight=walk.total_weight,
        total_score=walk.total_score,
        conclusion=walk.conclusion,
        pages=pages,
        extractor=source.grids[0].extractor if source.grids else "",
        flags=flags,
        rules_text="\n".join(walk.rules_text + [clean_text(ln.text) for ln in source.lines_after]),
        cells=_report_cells(walk, title_line, year_at,
                            bool(phone_in_contact and not f.get("phone"))) | points_at,
    )


def _report_cells(walk: _Walk, title_line: TextLine | None, year_at: tuple[CellRef, ...],
                  phone_in_contact: bool) -> Cells:
    """Where the report's own fields are printed, by their record names."""
    cells = {k: v for k, v in walk.cells.items() if k not in ("year_label", "period")}
    if title_line is not None and line_at(title_line):
        cells["title"] = line_at(title_line)
    if year_at:
        cells["year"] = year_at
    if phone_in_contact and "contact" in cells:
        cells["phone"] = cells["contact"]
    return cells
