"""Run ``selfeval extract``'s one document under the same time and memory limits as a
corpus build: in a forked child (:mod:`selfeval.corpus.workers`) that the parent kills when
the time is up, with ``RLIMIT_AS`` set inside it.

A signal alarm in the same process would not do: it cannot interrupt a long call in
C (pdfium, lxml, OpenCV), and a C library that hits the memory limit may abort the
process instead of raising ``MemoryError``. In a child, a hang, a crash or an abort
costs one line ``selfeval: FILE: reason`` and exit 2.

The limits come from ``--timeout``/``--max-memory``, else from the environment
variables below, else from the corpus defaults.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import click
from selfeval.corpus.cli.page_progress import pages_shown
from selfeval.corpus.cli.sizes import ByteSize
from selfeval.corpus.pipeline import process_file
from selfeval.corpus.workers import DEFAULT_LIMITS, Limits, format_bytes, run_isolated
from selfeval.extract.errors import SelfevalError
from selfeval.normalize.records import document_to_dict

#: Seconds one document may take (overrides the corpus default).
ENV_TIMEOUT = "SELFEVAL_TIMEOUT"
#: Address space one document may map, in bytes or as ``4G``/``512M`` (overrides the
#: corpus default).
ENV_MAX_MEMORY = "SELFEVAL_MAX_MEMORY"


class DocumentFailed(SelfevalError):
    """The guarded child could not process the document: timed out, out of memory,
    crashed, or raised (the reason is the child's one line)."""


def limits_from_env(timeout_s: float | None = None, max_memory: int | None = None) -> Limits:
    """Return the limits: explicit values first, then the environment, then defaults."""
    if timeout_s is None and os.environ.get(ENV_TIMEOUT):
        timeout_s = _positive(ENV_TIMEOUT, float)
    if max_memory is None and os.environ.get(ENV_MAX_MEMORY):
        max_memory = int(_positive(ENV_MAX_MEMORY, _size))
    return Limits(
        timeout_s=DEFAULT_LIMITS.timeout_s if timeout_s is None else timeout_s,
        max_memory=DEFAULT_LIMITS.max_memory if max_memory is None else max_memory,
    )


def _size(raw: str) -> int:
    try:
        return ByteSize().convert(raw, None, None)
    except click.BadParameter as exc:
        raise ValueError(raw) from exc


def _positive(name: str, kind: Callable[[str], float]) -> float:
    raw = os.environ[name]
    try:
        value = kind(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise SelfevalError(name, f"{name} must be a positive number, not {raw!r}")
    return value


def extract_outputs(path: str, text: bool = False) -> dict[str, Any]:
    """Return what ``selfeval extract`` prints for ``path``, as plain data a child can send:
    the readable summary (``text``) or else the docs/schema.md object (``json``, which the
    row formats are made from), and the document's error lines."""
    with pages_shown(path) as progress:
        doc = process_file(path, on_page=progress)
    if text:
        from selfeval.corpus.summary import render_document  # the text format's only

        return {"text": render_document(doc), "errors": list(doc.errors)}
    return {"json": document_to_dict(doc), "errors": list(doc.errors)}


def run_guarded(
    path: str,
    limits: Limits | None = None,
    task: Callable[[str], dict[str, Any]] = extract_outputs,
) -> dict[str, Any]:
    """Return ``task(path)`` computed in a child under ``limits``, or raise
    :class:`DocumentFailed` with the reason it has no result."""
    outcome = next(run_isolated([path], task, 1, limits or limits_from_env(), context="fork"))
    if outcome.error is not None or outcome.result is None:
        raise DocumentFailed(path, outcome.error or "produced no result")
    return outcome.result


def limit_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The ``--timeout`` and ``--max-memory`` options of every command that reads
    documents one at a time in a guarded child (``extract``, ``audit``)."""
    command = click.option(
        "--max-memory", type=ByteSize(), default=None,
        help="Address space each document may use, e.g. 4G [default: "
             f"$SELFEVAL_MAX_MEMORY, else {format_bytes(DEFAULT_LIMITS.max_memory)}].")(command)
    return click.option(
        "--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
        help="Seconds each document may take [default: $SELFEVAL_TIMEOUT, else "
             f"{DEFAULT_LIMITS.timeout_s:g}].")(command)
