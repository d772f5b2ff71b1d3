"""``selfeval audit PATH...``: the scorer's flags per report, as a table or as data.

Each document is read in a guarded child under the same time and memory limits as
``selfeval extract`` (:mod:`selfeval.corpus.cli.guard`). Exit status, so the command can gate a
pipeline: 1 when any ``error`` flag fired (even if another file could not be read),
else 2 when a file could not be read (it was not audited, so the gate cannot pass
it), else 0. A rules file that cannot be used is one line and exit 2 before any
document is read.
"""

from __future__ import annotations

import sys
import tomllib
from functools import partial
from typing import Any

import click
from selfeval.corpus.cli.errors import EXIT_BAD_INPUT, error_line, report_failure
from selfeval.corpus.cli.guard import limit_options, limits_from_env, run_guarded
from selfeval.corpus.cli.inputs import expand
from selfeval.corpus.cli.output import (
    check_output,
    output_options,
    write_json,
    write_rows,
    write_text,
)
from selfeval.corpus.cli.page_progress import pages_shown
from selfeval.corpus.flat_rows import ROW_KINDS
from selfeval.corpus.pipeline import process_file
from selfeval.extract.errors import SelfevalError
from selfeval.normalize.records import Document, document_to_dict
from selfeval.scoring import Profile, ProfileError, profile_from_mapping
from selfeval.scoring.render import audit_to_dict, count_flags, has_error, render_audit

#: Exit status when an ``error`` flag fired.
EXIT_ERROR_FLAG = 1


def load_rules(path: str) -> Profile:
    """Read a ``--rules`` TOML file into a profile; one-line error and exit 2 if unusable."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
        return profile_from_mapping(data)
    except (OSError, tomllib.TOMLDecodeError, ProfileError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        click.echo(error_line(path, f"bad rules file: {reason}"), err=True)
        sys.exit(EXIT_BAD_INPUT)


def audit_document(path: str, profile: Profile | None) -> dict[str, Any]:
    """Run in the guarded child: the scored document, as data it can send back."""
    with pages_shown(path) as progress:
        return {"document": process_file(path, profile, on_page=progress)}


@click.command("audit")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@output_options(rows="flags")
@click.option("--rules", "rules_file", type=click.Path(dir_okay=False), default=None,
              metavar="FILE.toml",
              help="A TOML rules profile (provincial grade bands, tiers, execution cap) "
                   "[default: the national rules, overridden by a form's own printed rules].")
@limit_options
def audit_cmd(paths: tuple[str, ...], fmt: str, as_json: bool, row_kind: str,
              out: str | None, rules_file: str | None, timeout: float | None,
              max_memory: int | None) -> None:
    """Re-check every form in PATH... (files, or folders read recursively for *.pdf and
    *.docx) and list its flags; exit 1 if any error fired, else 2 if a file could not be
    read, else 0.

    \b
    Examples:
      selfeval audit form.pdf                       a table of flags per report
      selfeval audit corpus/samples                 every document in a folder
      selfeval audit corpus/samples --format csv -o flags.csv
      selfeval audit in/ --format xlsx --rows indicators -o indicators.xlsx
      selfeval audit form.pdf --rules guangdong.toml --format json
    """
    fmt = "json" if as_json else fmt
    check_output(fmt, out)
    profile = load_rules(rules_file) if rules_file else None
    try:
        limits = limits_from_env(timeout, max_memory)
        inputs = expand(paths)
    except SelfevalError as exc:  # a bad limit in the environment, a folder gone: one line
        report_failure(exc.path, exc)
        sys.exit(EXIT_BAD_INPUT)
    for path, reason in inputs.refused:
        click.echo(error_line(path, reason), err=True)
    task = partial(audit_document, profile=profile)
    audited: list[Document] = []
    results: list[dict[str, Any]] = []
    texts: list[str] = []
    columns, rows_of = ROW_KINDS[row_kind]
    rows: list[dict[str, Any]] = []
    for path in inputs.files:
        try:
            doc: Document = run_guarded(path, limits, task)["document"]
        except Exception as exc:  # noqa: BLE001 - every failure becomes one line
            results.append({"path": path, "error": report_failure(path, exc)})
            continue
        audited.append(doc)
        for err in doc.errors:
            click.echo(error_line(path, err), err=True)
        if fmt == "json":
            results.append(audit_to_dict(path, doc, profile))
        elif fmt == "text":
            text = render_audit(path, doc, profile) + "\n"
            if out is None:
                click.echo(text)  # as each file is done
            else:
                texts.append(text)
        else:
            rows += rows_of(path, document_to_dict(doc))
    counts = count_flags(audited)
    total = len(inputs.files) + len(inputs.refused)
    summary = (f"{len(audited)} of {total} files audited: {counts['error']} errors, "
               f"{counts['warning']} warnings, {counts['info']} info")
    if fmt == "json":
        write_json(results, out)
    elif fmt == "text":
        write_text("\n".join([*texts, summary]), out)
    else:
        write_rows(columns, rows, fmt, out)
    if any(has_error(d) for d in audited):
        sys.exit(EXIT_ERROR_FLAG)
    if len(audited) < total:
        sys.exit(EXIT_BAD_INPUT)
