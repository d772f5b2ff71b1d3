"""``selfeval extract FILE``: print what selfeval finds in one document."""

from __future__ import annotations

import sys
from functools import partial

import click
from selfeval.corpus.cli.errors import EXIT_BAD_INPUT, error_line, report_failure
from selfeval.corpus.cli.guard import (
    extract_outputs,
    limit_options,
    limits_from_env,
    run_guarded,
)
from selfeval.corpus.cli.output import (
    check_output,
    output_options,
    write_json,
    write_rows,
    write_text,
)


@click.command("extract")
@click.argument("file", type=click.Path(dir_okay=False))
@output_options(rows="indicators")
@limit_options
def extract_cmd(file: str, fmt: str, as_json: bool, row_kind: str, out: str | None,
                timeout: float | None, max_memory: int | None) -> None:
    """Extract every self-evaluation form in FILE (PDF, DOCX, XLSX, XLS, HTML, MHT, DOC).

    \b
    Examples:
      selfeval extract form.pdf                  a readable summary
      selfeval extract form.pdf --format json    the record of docs/schema.md
      selfeval extract form.pdf --format csv -o indicators.csv
      selfeval extract form.docx --format xlsx --rows flags -o flags.xlsx

    A file that cannot be read is one line on stderr and exit status 2.
    """
    fmt = "json" if as_json else fmt
    check_output(fmt, out)
    try:
        found = run_guarded(file, limits_from_env(timeout, max_memory),
                            partial(extract_outputs, text=fmt == "text"))
    except Exception as exc:  # noqa: BLE001 - every failure becomes one line, exit 2
        reason = report_failure(file, exc)
        if fmt == "json":
            write_json({"source": {"path": file}, "reports": [], "skipped": [],
                        "errors": [reason]}, out)
        sys.exit(EXIT_BAD_INPUT)
    if fmt == "json":
        write_json(found["json"], out)
    elif fmt == "text":
        write_text(found["text"], out)
    else:
        from selfeval.corpus.flat_rows import ROW_KINDS  # the row formats' only

        columns, rows_of = ROW_KINDS[row_kind]
        write_rows(columns, rows_of(file, found["json"]), fmt, out)
    for err in found["errors"]:
        click.echo(error_line(file, err), err=True)
