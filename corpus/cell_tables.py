"""For a document without pages (DOCX): the report's rows a flag's cells are in, as a
table whose cited cells are marked, the reported one apart from those it was computed
from. Plain data; the HTML template escapes every cell."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

#: One header for both blocks: a funds row shows 全年预算数 under 指标值, 全年执行数 under
#: 实际完成值 and its 执行率 in the last column.
HEADER = ("一级指标", "二级指标", "三级指标", "指标值 / 预算数", "实际完成值 / 执行数", "分值",
          "得分", "原因 / 执行率")

#: Which column of :data:`HEADER` a record field is shown in (``funds[0].rate`` → 执行率).
FIELD_COLUMNS = {"level1": 0, "level2": 1, "name": 2, "label": 2, "target": 3, "budget": 3,
                 "actual": 4, "executed": 4, "weight": 5, "score": 6, "reason": 7, "rate": 7,
                 "total_weight": 5, "total_score": 6, "conclusion": 7}


@dataclass(frozen=True)
class TableCell:
    text: str | None
    #: ``reported``, ``input`` or None: the cell's part in the flag.
    role: str | None


@dataclass(frozen=True)
class TableRow:
    cells: tuple[TableCell, ...]
    marked: bool


@dataclass(frozen=True)
class CellTable:
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class _Row:
    """A row of the rendered table and the record path of what it shows."""

    key: str  # "funds[i]", "indicators[i]" or "total"
    level1: str | None
    cells: tuple[str | None, ...]


def _rows(report: dict[str, Any]) -> list[_Row]:
    """Every row: funds, indicators, then the 总分 row."""
    rows = []
    for i, f in enumerate(report.get("funds") or []):
        rate = f.get("rate")
        rows.append(_Row(f"funds[{i}]", None, (
            "项目资金", None, _text(f.get("label")), _text(f.get("budget")),
            _text(f.get("executed")), _text(f.get("weight")), _text(f.get("score")),
            None if rate is None else f"执行率 {rate}")))
    for i, ind in enumerate(report.get("indicators") or []):
        rows.append(_Row(f"indicators[{i}]", ind.get("level1"), tuple(_text(ind.get(k)) for k in (
            "level1", "level2", "name", "target", "actual", "weight", "score", "reason"))))
    rows.append(_Row("total", None, ("总分", None, None, None, None,
                                     _text(report.get("total_weight")),
                                     _text(report.get("total_score")),
                                     _text(report.get("conclusion")))))
    return rows


_ROW_FIELD = re.compile(r"^((?:funds|indicators)\[\d+\])\.(\w+)$")


def _slot(rows: list[_Row], path: str) -> tuple[str, int] | None:
    """The row and column that show the record field at ``path``; a heading's points
    (``level1_points.产出指标``) are in its first row's 一级指标 cell."""
    m = _ROW_FIELD.match(path)
    if m is not None:
        col = FIELD_COLUMNS.get(m[2])
        return None if col is None else (m[1], col)
    if path in FIELD_COLUMNS:
        return "total", FIELD_COLUMNS[path]
    if path.startswith("level1_points."):
        name = path.removeprefix("level1_points.")
        first = next((r for r in rows if r.level1 == name), None)
        return None if first is None else (first.key, 0)
    return None


def flag_table(flag: dict[str, Any], report: dict[str, Any]) -> CellTable:
    """Return the rows ``flag``'s cells are in (all rows if none is), those cells marked
    with their role (the reported one wins where a cell is cited twice)."""
    rows = _rows(report)
    roles: dict[tuple[str, int], str] = {}
    for cited in flag.get("cells") or []:
        slot = _slot(rows, str(cited.get("field") or ""))
        if slot is not None and roles.get(slot) != "reported":
            roles[slot] = str(cited.get("role"))
    keys = {key for key, _ in roles}
    chosen = [r for r in rows if r.key in keys] or rows
    return CellTable(HEADER, tuple(
        TableRow(tuple(TableCell(text, roles.get((row.key, col)))
                       for col, text in enumerate(row.cells)), row.key in keys)
        for row in chosen
    ))
