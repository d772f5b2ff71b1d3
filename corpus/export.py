"""Exports of the corpus database: Parquet (pandas, DuckDB) and XLSX (one sheet per table)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from selfeval.corpus.layout import TABLES


def _tables(db_path: str | Path) -> Iterator[tuple[str, list[str], list[tuple[Any, ...]]]]:
    """Yield ``(table, columns, rows)`` for every corpus table, read-only."""
    conn = sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True)
    try:
        for table in TABLES:
            yield table.name, list(table.names), conn.execute(table.select_sql()).fetchall()
    finally:
        conn.close()


def _column(values: list[Any]) -> list[Any]:
    """Return a column Arrow can type: one Python type, or all text where SQLite mixed
    them (``flags.expected`` holds numbers for one rule and text for another)."""
    kinds = {type(v) for v in values if v is not None}
    if kinds <= {int, float} and float in kinds:
        return [None if v is None else float(v) for v in values]
    if len(kinds) > 1:
        return [None if v is None else str(v) for v in values]
    return values


def export_parquet(db_path: str | Path, out_dir: str | Path) -> list[Path]:
    """Write ``TABLE.parquet`` for every table into ``out_dir``; return the files."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table, columns, rows in _tables(db_path):
        arrays = {
            col: pa.array(_column([r[i] for r in rows]), type=None if rows else pa.string())
            for i, col in enumerate(columns)
        }
        path = out / f"{table}.parquet"
        pq.write_table(pa.table(arrays), path)
        written.append(path)
    return written


def _xlsx_value(value: Any) -> Any:
    """Return a value a worksheet stores as data: control characters that XLSX cannot
    hold are dropped."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def fill_sheet(ws: Any, columns: Sequence[str], rows: Iterable[Iterable[Any]]) -> None:
    """Write a header and rows into worksheet ``ws``, document text as text cells, never
    as formulas: a cell printed ``=HYPERLINK(...)`` in a form stays a string."""
    ws.append(list(columns))
    for row in rows:
        ws.append([_xlsx_value(v) for v in row])
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str) and cell.data_type == "f":
                cell.data_type = "s"
    ws.freeze_panes = "A2"


def export_xlsx(db_path: str | Path, out_file: str | Path) -> Path:
    """Write one workbook with one sheet per table; return the file."""
    from openpyxl import Workbook

    wb = Workbook(write_only=False)
    wb.remove(wb.active)  # type: ignore[arg-type]
    for table, columns, rows in _tables(db_path):
        fill_sheet(wb.create_sheet(table), columns, rows)
    path = Path(out_file)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
