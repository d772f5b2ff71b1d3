"""How the CLI reports a document it cannot process: one line, never a traceback."""

from __future__ import annotations

import sys

import click
from selfeval.corpus.failures import READER_FAILED, describe_failure
from selfeval.corpus.names import shown_name
from selfeval.extract.errors import one_line

__all__ = ["EXIT_BAD_INPUT", "READER_FAILED", "describe_failure", "error_line", "report_failure"]

#: Exit status for input that could not be processed.
EXIT_BAD_INPUT = 2


def error_line(path: str, reason: str) -> str:
    """Return ``selfeval: FILE: reason`` with the file name shown escaped."""
    return f"selfeval: {shown_name(path)}: {one_line(reason)}"


def report_failure(path: str, exc: BaseException) -> str:
    """Print ``selfeval: FILE: reason`` on stderr and return the reason."""
    reason = describe_failure(path, exc)
    click.echo(error_line(path, reason), err=True)
    sys.stderr.flush()
    return reason
