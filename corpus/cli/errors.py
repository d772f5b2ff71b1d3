"""How the CLI reports a document it cannot process: one line, never a traceback."""

from __future__ import annotations

import sys

import click
from selfeval.extract.errors import SelfevalError

#: Exit status for input that could not be processed.
EXIT_BAD_INPUT = 2


def describe_failure(path: str, exc: BaseException) -> str:
    """Return the one-line reason for ``exc`` while processing ``path``."""
    if isinstance(exc, SelfevalError):
        return exc.reason
    if isinstance(exc, MemoryError):
        return "ran out of memory while reading the file"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"cannot be read ({type(exc).__name__}{': ' + text if text else ''})"


def report_failure(path: str, exc: BaseException) -> str:
    """Print ``selfeval: FILE: reason`` on stderr and return the reason."""
    reason = describe_failure(path, exc)
    click.echo(f"selfeval: {path}: {reason}", err=True)
    sys.stderr.flush()
    return reason
