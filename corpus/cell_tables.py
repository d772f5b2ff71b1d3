"""For a document without pages (DOCX): the report's rows a flag points at, as a table
whose offending cells are marked. Plain data; the HTML template escapes every cell."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

#: One header for both blocks: a funds row shows 全年预算数 under 指标值, 全年执行数 under
#: 实际完成值 and its 执行率 in the last column.
HEADER = ("一级指标", "二级指标", "三级指标", "指标值 / 预算数", "实际完成值 / 执行数", "分值",
          "得分", "原因 / 执行率")

#: Which column of :data:`HEADER` a flag's ``where.field`` names (``funds.rate`` → rate).
FIELD_COLUMNS = {"target": 3, "actual": 4, "weight": 5, "score": 6, "reason": 7,
                 "total_weight": 5, "total_score": 6, "rate": 7, "executed": 4, "budget": 3}


@dataclass(frozen=True)
class TableCell:
    text: str | None
    marked: bool


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
    """A row of the rendered table and what a flag can name it by."""

    kind: str  # "funds[i]", "indicator" or "total"
    names: tuple[str | None, ...]  # indicator name first, then its level-2 and level-1
    cells: tuple[str | None, ...]


def _rows(report: dict[str, Any]) -> list[_Row]:
    """Every row: funds, indicators, then the 总分 row."""
    rows = []
    for i, f in enumerate(report.get("funds") or []):
        rate = f.get("rate")
        rows.append(_Row(f"funds[{i}]", (f.get("label"),), (
            "项目资金", None, _text(f.get("label")), _text(f.get("budget")),
            _text(f.get("executed")), _text(f.get("weight")), _text(f.get("score")),
            None if rate is None else f"执行率 {rate}")))
    for ind in report.get("indicators") or []:
        rows.append(_Row("indicator", (ind.get("name"), ind.get("level2"), ind.get("level1")),
                         tuple(_text(ind.get(k)) for k in (
                             "level1", "level2", "name", "target", "actual", "weight", "score",
                             "reason"))))
    rows.append(_Row("total", (), ("总分", None, None, None, None,
                                   _text(report.get("total_weight")),
                                   _text(report.get("total_score")),
                                   _text(report.get("conclusion")))))
    return rows


def _column(field: str) -> int | None:
    if field.startswith("level1_points"):
        return FIELD_COLUMNS["weight"]  # the heading's points are its rows' 分值 summed
    last = re.split(r"[.\]]", field)[-1] or field
    return FIELD_COLUMNS.get(last, FIELD_COLUMNS.get(field))


def _pointed_rows(rows: list[_Row], field: str, indicator: str | None) -> list[bool]:
    """Which rows the flag names: a funds row by its label (``funds.rate`` cites the row's
    label) or index (``funds[0]``); the indicator by name, else the level-2 or level-1
    block it heads; the 总分 row for a total."""
    if field.startswith("funds"):
        index = re.match(r"funds\[(\d+)\]", field)
        return [r.kind.startswith("funds[") and (
            r.kind == f"funds[{index.group(1)}]" if index else r.names[0] == indicator)
            for r in rows]
    if field.startswith("total"):
        return [r.kind == "total" for r in rows]
    hits = [False] * len(rows)
    if indicator is not None:
        for depth in range(3):  # the name itself, then a level-2, then a level-1 block
            hits = [r.kind == "indicator" and r.names[depth] == indicator for r in rows]
            if any(hits):
                break
    return hits


def flag_table(flag: dict[str, Any], report: dict[str, Any]) -> CellTable:
    """Return the rows ``flag`` points at (all rows if none matches), its cells marked."""
    where = flag.get("where") or {}
    field = str(where.get("field") or "")
    column = _column(field)
    rows = _rows(report)
    hits = _pointed_rows(rows, field, where.get("indicator"))
    chosen: list[tuple[_Row, bool]] = [(r, True) for r, hit in zip(rows, hits, strict=True)
                                       if hit]
    chosen = chosen or [(r, False) for r in rows]
    return CellTable(HEADER, tuple(
        TableRow(
            tuple(TableCell(text, hit and (column is None or col == column))
                  for col, text in enumerate(row.cells)),
            hit,
        )
        for row, hit in chosen
    ))
