"""``selfeval extract FILE``: print what selfeval finds in one document."""

from __future__ import annotations

import json
import sys

import click

from corpus.cli.errors import EXIT_BAD_INPUT, report_failure
from corpus.pipeline import process_file
from corpus.summary import render_document
from normalize.records import document_to_dict


@click.command("extract")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the SCHEMA.md document object.")
def extract_cmd(file: str, as_json: bool) -> None:
    """Extract every self-evaluation form in FILE (PDF or DOCX)."""
    try:
        doc = process_file(file)
    except Exception as exc:  # noqa: BLE001 - every failure becomes one line, exit 2
        reason = report_failure(file, exc)
        if as_json:
            failed = {"source": {"path": file}, "reports": [], "skipped": [], "errors": [reason]}
            click.echo(json.dumps(failed, ensure_ascii=False, indent=1))
        sys.exit(EXIT_BAD_INPUT)
    if as_json:
        click.echo(json.dumps(document_to_dict(doc), ensure_ascii=False, indent=1))
    else:
        click.echo(render_document(doc))
    for err in doc.errors:
        click.echo(f"selfeval: {file}: {err}", err=True)
