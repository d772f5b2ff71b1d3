"""Indicator rows → :class:`~selfeval.normalize.records.Indicator`, across page breaks.

Two things a page break does to an indicator table are undone here:

- a row split by the break (seed 001: ``开展党建活动人均成本≤550`` / ``元/人``) prints
  its second half as a row with no 分值 and no 得分; that half is joined to the row
  before it;
- a merged 一级/二级指标 cell cut by the break prints its text on one side only (seed
  004: ``管理效率`` on page 2 only; Calc exports: ``产出指标`` on page 1 and only
  ``(50分)`` on page 2); the blank side takes the other side's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from selfeval.normalize.blocks import IndicatorColumns, ends_as_heading
from selfeval.normalize.numbers import parse_decimal, parse_target, parse_weight, split_points
from selfeval.normalize.records import CellRef, Cells, Indicator
from selfeval.normalize.sheet import Row
from selfeval.normalize.text import close_cjk_gaps, is_blank

_TEXT_FIELDS = ("name", "target", "actual", "reason", "measure", "explanation")

#: A level-1 or level-2 cell, as (grid, row, col) of its corner.
LevelCell = tuple[int, int, int]


@dataclass(frozen=True)
class IndicatorDraft:
    """An indicator row as printed, with where its merged level cells begin and end."""

    level1: str
    level2: str | None
    texts: dict[str, str | None]
    weight: Decimal | None
    score: Decimal | None
    points: Decimal | None
    page: int | None
    grid: int
    #: The level-1 / level-2 cell covering the row.
    level_cells: dict[str, LevelCell | None]
    #: Where each field is printed.
    cells: Cells
    #: Where ``points`` is printed.
    points_at: tuple[CellRef, ...] = ()
    #: The row ended before its page did: the page's last row was a blank slot, the
    #: start of a row whose text all went to the next page (a browser's print), so the
    #: next page's first row is that row, not the rest of this one.
    closed: bool = False
    #: The level cells of the half a page break carried to the next page whose text was
    #: joined to this row's (``效益指`` + ``标``): the rows below that the same cell covers
    #: print that heading too, not its tail (no01).
    joined_cells: dict[str, LevelCell] = field(default_factory=dict)
    #: The level headings of the rows below this one on its page that gave no indicator
    #: (an unfilled ``指标1:`` under a heading of its own): a heading cell the page break
    #: cut after them is theirs, not this row's (see _fill_cut_levels).
    levels_below: dict[str, str] = field(default_factory=dict)


def _level(row: Row, col: int | None) -> tuple[str, Decimal | None, LevelCell | None]:
    """A level cell's text without its points, the points, and which cell it is."""
    view = row.at(col)
    if view is None:
        return "", None, None
    text, points = split_points(view.text, bare=True)
    return close_cjk_gaps(text), points, (row.grid, view.cell.row, view.cell.col)


def _text(row: Row, cols: IndicatorColumns, name: str) -> str | None:
    col = cols.col(name)
    if col is None:
        return None
    text = row.text(col)
    return "" if text is None or is_blank(text) else text


#: The cells of a row that a page break cannot leave to the next page: a cut row's
#: second half has none of them that the first half had.
_VALUE_FIELDS = ("target", "actual")


def _is_continuation(draft: IndicatorDraft, prev: IndicatorDraft | None, row: Row) -> bool:
    """A row cut by a page break: first row of a later grid, with text but none of the
    numbers or values (分值, 得分; or, on a form without those, the target and actual)
    that the row before it has."""
    if prev is None or prev.closed or not row.first or row.grid <= prev.grid:
        return False
    if not any(draft.texts.get(f) for f in _TEXT_FIELDS):
        return False
    if prev.weight is not None or prev.score is not None:
        return draft.weight is None and draft.score is None
    return (any(prev.texts.get(f) for f in _VALUE_FIELDS)
            and not any(draft.texts.get(f) for f in _VALUE_FIELDS))


def _join(a: str | None, b: str | None) -> str | None:
    if not b:
        return a
    return (a or "") + b


def _merge(prev: IndicatorDraft, half: IndicatorDraft) -> IndicatorDraft:
    """Join the half of a row printed after a page break to the half before it."""
    texts = {f: _join(prev.texts.get(f), half.texts.get(f)) for f in prev.texts}
    level2 = _join(prev.level2, half.level2) if prev.level2 is not None else half.level2
    cells = {name: tuple(dict.fromkeys(prev.cells.get(name, ()) + half.cells.get(name, ())))
             for name in dict.fromkeys([*prev.cells, *half.cells])}  # in order, not a set's
    joined = {key: cell for key in ("level1", "level2")
              if getattr(prev, key) and getattr(half, key)
              and (cell := half.level_cells[key]) is not None}
    return replace(
        prev,
        level1=_join(prev.level1, half.level1) or "",
        level2=level2,
        joined_cells={**prev.joined_cells, **joined},
        texts=texts,
        points=prev.points if prev.points is not None else half.points,
        points_at=prev.points_at if prev.points is not None else half.points_at,
        cells=cells,
    )


#: A template's placeholder name (``指标2``, ``指标1：``, ``……``): a row that prints
#: nothing else is an unfilled line of the template, not an indicator.
_PLACEHOLDER_NAME = re.compile(r"^(指标\s*\d*\s*[:：]?|[.…·。\s]*)$")


def _is_placeholder(draft: IndicatorDraft) -> bool:
    others = [v for f, v in draft.texts.items() if f != "name"]
    return (draft.weight is None and draft.score is None and not any(others)
            and bool(_PLACEHOLDER_NAME.match(draft.texts.get("name") or "")))


def _target_text(row: Row, cols: IndicatorColumns) -> str | None:
    """The target as one text: a split target (指标性质 | 指标值 | 度量单位: ≥ | 95 | %)
    joined as printed, ``≥95%``; a target that already prints its operator or its unit
    (计量单位 ``%`` beside ``100%``) keeps them once."""
    target = _text(row, cols, "target")
    op, unit = _text(row, cols, "target_op"), _text(row, cols, "target_unit")
    if not target:
        return target
    op = "" if op is None or target.startswith(op) else op
    unit = "" if unit is None or target.endswith(unit) else unit
    return f"{op}{target}{unit}"


def _number(row: Row, col: int | None,
            reads: Callable[[str], Decimal | None] = parse_decimal) -> Decimal | None:
    """The number of the cell that starts at ``col`` in this row, as ``reads`` reads it: a
    分值/得分 cell merged over several rows counts once, on its first row."""
    view = row.own(col)
    return reads(view.text) if view is not None else None


def _name_points(name: str) -> tuple[str, Decimal | None]:
    """A name that prints its row's 分值 in brackets (``目标内容(4分)``) on a table with
    no 分值 column: the name, and the points as the weight."""
    if not name.rstrip().endswith((")", "）")):
        return name, None
    text, points = split_points(name)
    return (close_cjk_gaps(text), points) if points is not None else (name, None)


#: Fields read from one column each, and the columns a split target is printed in.
_CELL_FIELDS = ("level1", "level2", *_TEXT_FIELDS)
_TARGET_PARTS = ("target_op", "target", "target_unit")


def _located(row: Row, cols: IndicatorColumns) -> Cells:
    """Where the row prints each field: the cell covering its column (分值 and 得分 only
    where their cell starts in this row, as they are read), a split target's parts in
    print order."""
    def at(*names: str, own: bool = False) -> tuple[CellRef, ...]:
        views = [row.own(cols.col(n)) if own else row.at(cols.col(n)) for n in names]
        return tuple(dict.fromkeys(v.ref for v in views if v is not None))

    cells = {name: at(name) for name in _CELL_FIELDS}
    cells["target"] = at(*_TARGET_PARTS)
    cells |= {name: at(name, own=True) for name in ("weight", "score")}
    return {name: refs for name, refs in cells.items() if refs}


def _points_cell(row: Row, cols: IndicatorColumns) -> tuple[CellRef, ...]:
    """The cell a row's block points are read from: their own column, or the heading's."""
    col = cols.level1_points if cols.level1_points is not None else cols.col("level1")
    view = row.at(col)
    return () if view is None else (view.ref,)


def _names_both(row: Row, cols: IndicatorColumns) -> bool:
    """One cell of ``row`` runs across the 二级 and 三级 columns (山东: ``项目前期工作 |
    1.项目库建设(1分)`` under ``一级 | 二级 | 三级``): it is the indicator's name, and the row
    has no second level."""
    level2, name = row.at(cols.col("level2")), row.at(cols.col("name"))
    return level2 is not None and name is not None and level2.cell is name.cell


def add_indicator_row(drafts: list[IndicatorDraft], row: Row, cols: IndicatorColumns) -> None:
    """Append the indicator printed on ``row`` to ``drafts`` (or join it to the row a
    page break cut); blank rows and a heading printed across the whole table
    (``项目年度目标 1:乡村道路建设养护项目``) add nothing."""
    if len(row.cells()) == 1:
        return
    level1, points, cell1 = _level(row, cols.col("level1"))
    if cols.level1_points is not None:
        points = parse_decimal(row.text(cols.level1_points))
    level2, _, cell2 = _level(row, cols.col("level2"))
    texts = {f: _target_text(row, cols) if f == "target" else _text(row, cols, f)
             for f in _TEXT_FIELDS}
    weight = _number(row, cols.col("weight"), parse_weight)
    cells = _located(row, cols)
    if texts["name"]:
        name, name_points = _name_points(texts["name"])
        if cols.col("weight") is None:
            texts["name"], weight = name, name_points
            if weight is not None and "name" in cells:
                cells["weight"] = cells["name"]
        elif name_points is not None and name_points == weight:
            texts["name"] = name  # its points printed again beside it, in the 分值 column
    draft = IndicatorDraft(
        level1=level1,
        level2=level2 if cols.col("level2") is not None and not _names_both(row, cols) else None,
        texts=texts,
        weight=weight,
        score=_number(row, cols.col("score")),
        points=points,
        page=row.page,
        grid=row.grid,
        level_cells={"level1": cell1, "level2": cell2},
        cells=cells,
        points_at=_points_cell(row, cols) if points is not None else (),
    )
    prev = drafts[-1] if drafts else None
    if prev is not None and _ends_cut_headings(draft, prev, row, cols):
        _join_cut_headings(drafts, draft)
        return
    if _is_placeholder(draft):
        _note_levels_below(drafts, draft)
        return  # an unfilled 指标2: row, at the top of a page too (not a cut row's end)
    if prev is not None and _is_continuation(draft, prev, row):
        drafts[-1] = _merge(prev, draft)
        return
    if draft.weight is None and draft.score is None and not any(draft.texts.values()):
        _note_levels_below(drafts, draft)
        return
    if prev is None and not (any(draft.texts.values()) or draft.level1 or draft.level2):
        return  # numbers only, above the first indicator: the points of the rows below
    drafts.append(draft)


def _note_levels_below(drafts: list[IndicatorDraft], skipped: IndicatorDraft) -> None:
    """Note on the last indicator the level headings of ``skipped``, a row below it on
    its page that gives no indicator, where its cells are not the indicator's."""
    prev = drafts[-1] if drafts else None
    if prev is None or skipped.grid != prev.grid:
        return
    below = {key: getattr(skipped, key) or "" for key in ("level1", "level2")
             if (cell := skipped.level_cells[key]) is not None and cell != prev.level_cells[key]}
    if below:
        drafts[-1] = replace(prev, levels_below={**prev.levels_below, **below})


def _ends_cut_headings(draft: IndicatorDraft, prev: IndicatorDraft, row: Row,
                       cols: IndicatorColumns) -> bool:
    """The first row of a page printing only the rest of the level headings of the row
    a page break cut (a browser's print: ``经济`` | … on one page, ``效益指标`` in a row of
    its own on the next): no indicator text, no points, each level text in a cell of
    this row alone, completing a heading the row above left unfinished."""
    if not row.first or row.grid <= prev.grid or any(draft.texts.values()):
        return False
    if draft.weight is not None or draft.score is not None:
        return False
    rests = [(key, rest) for key, rest in (("level1", draft.level1), ("level2", draft.level2))
             if rest]
    return bool(rests) and all(
        (view := row.at(cols.col(key))) is not None and view.cell.rowspan == 1
        and _completes(getattr(prev, key), rest) for key, rest in rests)


def _completes(head: str | None, rest: str) -> bool:
    """Whether ``rest`` completes ``head``, a heading cut short (see _cut_heading)."""
    if not head:
        return False
    return not ends_as_heading(head) and ends_as_heading(head + rest)


def _join_cut_headings(drafts: list[IndicatorDraft], rest: IndicatorDraft) -> None:
    """Append the rest of each cut level heading to every row its cell covers, and give
    the cut row the heading's points where the rest prints them (``效益指标`` on one
    page, ``(30分)`` under it on the next: ce03)."""
    for key in ("level1", "level2"):
        text, cell = getattr(rest, key), drafts[-1].level_cells[key]
        if not text or cell is None:
            continue
        for i, d in enumerate(drafts):
            if d.level_cells[key] == cell:
                drafts[i] = replace(d, **{key: (getattr(d, key) or "") + text})
    if rest.points is not None and drafts[-1].points is None:
        drafts[-1] = replace(drafts[-1], points=rest.points, points_at=rest.points_at)


def _opens_grid(drafts: list[IndicatorDraft], i: int) -> bool:
    """Whether draft ``i`` is the first indicator row of a grid after the first."""
    return i > 0 and drafts[i - 1].grid < drafts[i].grid


def _fill_cut_levels(drafts: list[IndicatorDraft]) -> list[IndicatorDraft]:
    """Give a level cell cut by a page break the text its other half prints.

    Rows covered by one cell form a group. A blank group whose cell starts at the top of
    its grid continues the group before it (in an earlier grid), or the heading of the
    rows after that group that gave no indicator (``levels_below``); a blank group whose
    cell is followed, at the top of the next grid, by a group with text is that group's
    first half, unless the page ended in a blank slot after it (``closed``: the page
    break cut no cell of its rows; tg01's browser print prints its 产出指标 cell blank);
    two halves that both print text are joined where they make one heading
    (:func:`_cut_heading`).
    """
    out = list(drafts)
    for key in ("level1", "level2"):
        _spread_joined(out, key)
        groups: list[list[int]] = []
        for i, d in enumerate(out):
            if groups and out[groups[-1][0]].level_cells[key] == d.level_cells[key]:
                groups[-1].append(i)
            else:
                groups.append([i])
        values = [getattr(out[g[0]], key) for g in groups]
        for k, (group, below) in enumerate(zip(groups, groups[1:], strict=False)):
            cell = out[below[0]].level_cells[key]
            if (_opens_grid(out, below[0]) and out[below[0]].grid == out[group[0]].grid + 1
                    and cell is not None and cell[1] == 0  # the next page's first row
                    and (joined := _cut_heading(values, k)) is not None):
                values[k] = values[k + 1] = joined
        for k, group in enumerate(groups):
            if values[k] or out[group[0]].level_cells[key] is None:
                continue
            first = group[0]
            after = groups[k + 1] if k + 1 < len(groups) else None
            if _opens_grid(out, first) and k:
                cut = out[groups[k - 1][-1]].levels_below.get(key)
                values[k] = values[k - 1] if cut is None else cut
            elif (after and values[k + 1] and _opens_grid(out, after[0])
                  and out[after[0]].grid == out[first].grid + 1
                  and not out[group[-1]].closed):
                values[k] = values[k + 1]
        for k, group in enumerate(groups):
            for i in group:
                if getattr(out[i], key) != values[k]:
                    out[i] = replace(out[i], **{key: values[k]})
    return out


def _spread_joined(drafts: list[IndicatorDraft], key: str) -> None:
    """Give the rows below a cut row that share the level cell whose text was joined to
    it (``joined_cells``) the joined heading."""
    for i, d in enumerate(drafts):
        cell = d.joined_cells.get(key)
        if cell is None:
            continue
        for j in range(i + 1, len(drafts)):
            if drafts[j].level_cells[key] == cell:
                drafts[j] = replace(drafts[j], **{key: getattr(d, key)})


def _cut_heading(values: list[str | None], k: int) -> str | None:
    """The heading the level texts ``k`` and ``k + 1`` print together, when they are the
    halves of one cell a page break cut (``满意度指`` | ``标``, ``服务对象`` | ``满意度指标``):
    in a column whose other headings all end as headings do (in 指标 or 目标), a text
    that does not, followed in the next page's first row by one that completes it (a
    first row that printed the rest of a cut row and no indicator leaves the next
    heading in the second row, which completes nothing). Where a column's headings end
    otherwise (部门 forms: 履职效能, 管理效率) nothing is joined."""
    first, second = values[k], values[k + 1]
    others = [v for j, v in enumerate(values) if v and j not in (k, k + 1)]
    if (not second or not _completes(first, second)
            or not others or not all(ends_as_heading(v) for v in others)):
        return None
    return f"{first}{second}"


#: An indicator, the level-1 points printed for its block on its row, and where they are.
Finished = tuple[Indicator, Decimal | None, tuple[CellRef, ...]]


#: A scoring rule (``…齐全,得2分;审核程序缺失,每个项目扣1分``): what a 指标说明 column of a
#: scoring sheet holds instead of an explanation of the indicator (铜陵 sk03).
_SCORING_RULE = re.compile(r"[得扣加]\s*\d+(?:\.\d+)?\s*分|不得分")


def _explains(drafts: list[IndicatorDraft]) -> bool:
    """Whether the explanation column explains: not when every text it prints is a
    scoring rule (the column is the sheet's scoring method, which the record has no
    place for)."""
    texts = [t for d in drafts if (t := d.texts.get("explanation"))]
    return not texts or not all(_SCORING_RULE.search(t) for t in texts)


def finish_indicators(drafts: list[IndicatorDraft]) -> list[Finished]:
    """Turn drafts into indicators, each with the level-1 points printed for its block
    on its row and where they are printed."""
    out = []
    explains = _explains(drafts)
    for d in _fill_cut_levels(drafts):
        t = d.texts
        out.append((
            Indicator(
                level1=d.level1,
                level2=d.level2,
                name=close_cjk_gaps(t.get("name") or ""),
                target=t.get("target"),
                actual=t.get("actual"),
                weight=d.weight,
                score=d.score,
                reason=t.get("reason"),
                measure=t.get("measure"),
                explanation=t.get("explanation") if explains else None,
                target_parsed=parse_target(t.get("target")),
                actual_parsed=parse_target(t.get("actual")),
                page=d.page,
                cells=d.cells,
            ),
            d.points,
            d.points_at,
        ))
    return out
