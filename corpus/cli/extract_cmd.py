"""``selfeval extract FILE``: print what selfeval finds in one document."""

from __future__ import annotations

import json
import sys

import click
from selfeval.corpus.cli.errors import EXIT_BAD_INPUT, error_line, report_failure
from selfeval.corpus.cli.guard import limit_options, limits_from_env, run_guarded


@click.command("extract")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the document object (docs/schema.md).")
@limit_options
def extract_cmd(file: str, as_json: bool, timeout: float | None, max_memory: int | None) -> None:
    """Extract every self-evaluation form in FILE (PDF, DOCX, XLSX, XLS, HTML, MHT, DOC)."""
    try:
        out = run_guarded(file, limits_from_env(timeout, max_memory))
    except Exception as exc:  # noqa: BLE001 - every failure becomes one line, exit 2
        reason = report_failure(file, exc)
        if as_json:
            failed = {"source": {"path": file}, "reports": [], "skipped": [], "errors": [reason]}
            click.echo(json.dumps(failed, ensure_ascii=False, indent=1))
        sys.exit(EXIT_BAD_INPUT)
    if as_json:
        click.echo(json.dumps(out["json"], ensure_ascii=False, indent=1))
    else:
        click.echo(out["text"])
    for err in out["errors"]:
        click.echo(error_line(file, err), err=True)
