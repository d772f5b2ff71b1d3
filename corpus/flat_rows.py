"""A document as flat rows for a spreadsheet: one row per flag or one per indicator.

Rows are read off the document object of docs/schema.md (``selfeval extract --json``),
so ``extract`` and ``audit`` write the same columns. The columns are documented in
docs/cli.md (kept true by a test).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from selfeval.corpus.cell_text import cells_text, cited_cells

Row = dict[str, Any]

#: What every row starts with: which document and which report it comes from.
_REPORT_COLUMNS = ("path", "report", "agency", "year", "project")

FLAG_COLUMNS = (*_REPORT_COLUMNS, "severity", "rule", "indicator", "field", "page",
                "cells", "expected", "reported", "message", "profile")

INDICATOR_COLUMNS = (*_REPORT_COLUMNS, "page", "level1", "level2", "indicator", "target",
                     "actual", "weight", "score", "reason", "flags")


def _value(value: Any) -> Any:
    """A cell a spreadsheet holds: numbers and text as they are, anything else as JSON."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    return json.dumps(value, ensure_ascii=False)


def _reports(path: str, doc: dict[str, Any]) -> Iterator[tuple[Row, dict[str, Any]]]:
    for i, rep in enumerate(doc.get("reports") or [], 1):
        yield {"path": path, "report": i, "agency": rep.get("agency"), "year": rep.get("year"),
               "project": rep.get("project") or rep.get("title")}, rep


def flag_rows(path: str, doc: dict[str, Any]) -> list[Row]:
    """One row per flag of every report of ``doc``, in the report's order."""
    rows = []
    for head, rep in _reports(path, doc):
        for flag in rep.get("flags") or []:
            where = flag.get("where") or {}
            rows.append({**head, **{k: _value(flag.get(k)) for k in (
                "severity", "rule", "expected", "reported", "message", "profile")},
                "indicator": where.get("indicator"), "field": where.get("field"),
                "page": where.get("page"), "cells": cells_text(cited_cells(flag))})
    return rows


def indicator_rows(path: str, doc: dict[str, Any]) -> list[Row]:
    """One row per indicator of every report of ``doc``, with the rules flagged on it."""
    rows = []
    for head, rep in _reports(path, doc):
        flagged: dict[str, list[str]] = {}
        for flag in rep.get("flags") or []:
            name = (flag.get("where") or {}).get("indicator")
            if name:
                flagged.setdefault(name, []).append(str(flag.get("rule")))
        for ind in rep.get("indicators") or []:
            rows.append({**head, **{k: _value(ind.get(k)) for k in (
                "page", "level1", "level2", "target", "actual", "weight", "score", "reason")},
                "indicator": ind.get("name"),
                "flags": " ".join(flagged.get(ind.get("name") or "", []))})
    return rows


#: ``--rows`` choice → (columns, rows of one document).
ROW_KINDS: dict[str, tuple[tuple[str, ...], Callable[[str, dict[str, Any]], list[Row]]]] = {
    "flags": (FLAG_COLUMNS, flag_rows),
    "indicators": (INDICATOR_COLUMNS, indicator_rows),
}
