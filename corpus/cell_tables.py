"""For a document without pages (DOCX): the report's rows a flag points at, as a table
whose offending cells are marked. Plain data; the HTML template escapes every cell."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

HEADER = ("一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "分值", "得分", "原因")

#: Which column of :data:`HEADER` a flag's ``where.field`` names.
FIELD_COLUMNS = {"target": 3, "actual": 4, "weight": 5, "score": 6, "reason": 7,
                 "total_weight": 5, "total_score": 6, "rate": 4, "executed": 4, "budget": 3}


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


def _rows(report: dict[str, Any]) -> list[tuple[str, tuple[str | None, ...]]]:
    """Every row as (kind, cells): funds, indicators, then the 总分 row."""
    rows: list[tuple[str, tuple[str | None, ...]]] = []
    for i, f in enumerate(report.get("funds") or []):
        rate = f.get("rate")
        rows.append((f"funds[{i}]", ("预算执行率", None, _text(f.get("label")),
                                     _text(f.get("budget")), _text(f.get("executed")),
                                     _text(f.get("weight")), _text(f.get("score")),
                                     None if rate is None else f"执行率 {rate}")))
    for ind in report.get("indicators") or []:
        rows.append(("indicator:" + str(ind.get("name")), tuple(_text(ind.get(k)) for k in (
            "level1", "level2", "name", "target", "actual", "weight", "score", "reason"))))
    rows.append(("total", ("总分", None, None, None, None, _text(report.get("total_weight")),
                           _text(report.get("total_score")), _text(report.get("conclusion")))))
    return rows


def _column(field: str) -> int | None:
    last = re.split(r"[.\]]", field)[-1] or field
    return FIELD_COLUMNS.get(last, FIELD_COLUMNS.get(field))


def flag_table(flag: dict[str, Any], report: dict[str, Any]) -> CellTable:
    """Return the rows ``flag`` points at (all rows if none matches), its cells marked."""
    where = flag.get("where") or {}
    field = str(where.get("field") or "")
    indicator = where.get("indicator")
    fund = re.match(r"funds\[\d+\]", field)
    column = _column(field)

    def points_at(kind: str) -> bool:
        if indicator is not None and kind == f"indicator:{indicator}":
            return True
        if fund is not None and kind == fund.group(0):
            return True
        return field.startswith("total") and kind == "total"

    rows = _rows(report)
    chosen = [(k, cells) for k, cells in rows if points_at(k)] or rows
    return CellTable(HEADER, tuple(
        TableRow(
            tuple(TableCell(text, points_at(kind) and (column is None or col == column))
                  for col, text in enumerate(cells)),
            points_at(kind),
        )
        for kind, cells in chosen
    ))
