"""Where ``extract`` and ``audit`` write what they found: stdout or ``-o FILE``, as JSON,
CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese) or XLSX."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

#: ``--format`` choices of ``extract`` and ``audit`` (``text`` is the readable output).
FORMATS = ("text", "json", "csv", "xlsx")

#: Text a spreadsheet would run as a formula when the CSV is opened.
_FORMULA_START = re.compile(r"[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?%?")


def csv_cell(value: Any) -> Any:
    """A CSV cell: text that a spreadsheet would take for a formula (``=HYPERLINK(…)``,
    ``@SUM``) gets a leading ``'``, so it opens as the text the document printed."""
    if (isinstance(value, str) and len(value) > 1 and _FORMULA_START.match(value)
            and not _NUMBER.fullmatch(value)):
        return "'" + value
    return value


def _csv(columns: Sequence[str], rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in columns])
    return out.getvalue()


def write_text(text: str, out: str | None) -> None:
    """Print ``text``, or write it to ``out``."""
    if out is None:
        click.echo(text)
    else:
        Path(out).write_text(text + "\n", encoding="utf-8")


def write_json(data: Any, out: str | None) -> None:
    write_text(json.dumps(data, ensure_ascii=False, indent=1), out)


def write_rows(columns: Sequence[str], rows: list[dict[str, Any]], fmt: str,
               out: str | None) -> None:
    """Write ``rows`` as CSV (to stdout or ``out``) or as an XLSX workbook (to ``out``)."""
    if fmt == "csv":
        text = _csv(columns, rows)
        if out is None:
            click.echo(text, nl=False)
        else:
            Path(out).write_text(text, encoding="utf-8-sig", newline="")
        return
    from openpyxl import Workbook
    from selfeval.corpus.export import fill_sheet  # with the database layer: only for XLSX

    assert out is not None, "the command asks for -o FILE with --format xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "rows"
    fill_sheet(ws, columns, ([row.get(c) for c in columns] for row in rows))
    wb.save(out)


def check_output(fmt: str, out: str | None) -> None:
    """Refuse, before any document is read, what could not be written."""
    if fmt == "xlsx" and out is None:
        raise click.UsageError("--format xlsx writes a workbook: give -o FILE.xlsx")
    if out is not None and not Path(out).parent.is_dir():
        raise click.UsageError(f"-o {out}: no such folder {Path(out).parent}")


def output_options(rows: str) -> Any:
    """``--format``, ``--rows`` (``rows`` by default) and ``-o`` of ``extract`` and ``audit``."""
    return lambda fn: _output_options(fn, rows)


def _output_options(fn: Any, rows: str) -> Any:
    fn = click.option("-o", "--output", "out", type=click.Path(dir_okay=False), default=None,
                      metavar="FILE",
                      help="Write to FILE instead of the terminal (needed for xlsx).")(fn)
    fn = click.option("--rows", "row_kind", type=click.Choice(["flags", "indicators"]),
                      default=rows, show_default=True,
                      help="With csv/xlsx: one row per flag or one per indicator (columns in "
                           "docs/cli.md).")(fn)
    fn = click.option("--json", "as_json", is_flag=True,
                      help="The same as --format json.")(fn)
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="text",
                        show_default=True,
                        help="text: readable; json: the data (docs/schema.md); csv, xlsx: "
                             "rows for a spreadsheet.")(fn)
