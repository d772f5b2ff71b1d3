"""``selfeval audit FILE...``: the scorer's flags per report, as a table or as data.

Each document is read in a guarded child under the same time and memory limits as
``selfeval extract`` (:mod:`selfeval.corpus.cli.guard`). Exit status, so the command can gate a
pipeline: 1 when any ``error`` flag fired (even if another file could not be read),
else 2 when a file could not be read (it was not audited, so the gate cannot pass
it), else 0. A rules file that cannot be used is one line and exit 2 before any
document is read.
"""

from __future__ import annotations

import json
import sys
import tomllib
from functools import partial
from typing import Any

import click
from selfeval.corpus.cli.errors import EXIT_BAD_INPUT, error_line, report_failure
from selfeval.corpus.cli.guard import limit_options, limits_from_env, run_guarded
from selfeval.corpus.pipeline import process_file
from selfeval.extract.errors import SelfevalError
from selfeval.normalize.records import Document
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
    return {"document": process_file(path, profile)}


@click.command("audit")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the flags as data (a JSON list).")
@click.option("--rules", "rules_file", type=click.Path(dir_okay=False), default=None,
              help="A TOML rules profile (provincial grade bands, tiers, execution cap).")
@limit_options
def audit_cmd(files: tuple[str, ...], as_json: bool, rules_file: str | None,
              timeout: float | None, max_memory: int | None) -> None:
    """Re-check every form in FILE... and list its flags; exit 1 if any error fired."""
    profile = load_rules(rules_file) if rules_file else None
    try:
        limits = limits_from_env(timeout, max_memory)
    except SelfevalError as exc:  # a bad limit in the environment: one line
        report_failure(exc.path, exc)
        sys.exit(EXIT_BAD_INPUT)
    task = partial(audit_document, profile=profile)
    audited: list[Document] = []
    results: list[dict[str, Any]] = []
    failed = False
    for path in files:
        try:
            doc: Document = run_guarded(path, limits, task)["document"]
        except Exception as exc:  # noqa: BLE001 - every failure becomes one line
            results.append({"path": path, "error": report_failure(path, exc)})
            failed = True
            continue
        audited.append(doc)
        for err in doc.errors:
            click.echo(error_line(path, err), err=True)
        if as_json:
            results.append(audit_to_dict(path, doc, profile))
        else:
            click.echo(render_audit(path, doc, profile) + "\n")
    if as_json:
        click.echo(json.dumps(results, ensure_ascii=False, indent=1))
    else:
        counts = count_flags(audited)
        click.echo(f"{len(audited)} of {len(files)} files audited: {counts['error']} errors, "
                   f"{counts['warning']} warnings, {counts['info']} info")
    if any(has_error(d) for d in audited):
        sys.exit(EXIT_ERROR_FLAG)
    if failed:
        sys.exit(EXIT_BAD_INPUT)
