"""Datasette metadata for the corpus database, written beside it as ``NAME.metadata.json``:
titles and descriptions of the tables and views, the column that names a row in a
link (a report reads as ``agency · year · project``), facets, full-text search and
canned queries. ``datasette out/selfeval.db -m out/selfeval.metadata.json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from selfeval.corpus.layout import FTS_TABLE, TABLES

#: Columns offered as facets, per table or view.
FACETS = {
    "reports": ["agency", "year", "conclusion"],
    "flags": ["rule", "severity"],
    "flag_details": ["severity", "rule", "agency", "year"],
    "funds": ["label_canonical", "kind"],
    "agency_summary": ["year"],
}

VIEW_DESCRIPTIONS = {
    "flag_details": "Each flag with its agency, department, year, project, file and page, the "
                    "cells it rests on (cells: page and box, or sheet!address), and the "
                    "values it compares (expected vs reported).",
    "report_overview": "Each report with its self-assessed total score and its total funds "
                       "row in 元 (budget, executed, execution rate).",
    "agency_summary": "Per agency and year: reports, errors, warnings, self-scores, and the "
                      "execution rate of the money summed in 元.",
}

QUERIES = {
    "errors_by_agency": {
        "title": "Errors by agency",
        "description": "Agencies ranked by the error flags on their reports.",
        "sql": "SELECT agency, year, COUNT(*) AS errors, COUNT(DISTINCT report_id) AS reports"
               " FROM flag_details WHERE severity = 'error' GROUP BY agency, year"
               " ORDER BY errors DESC, agency",
    },
    "flags_of_a_rule": {
        "title": "Flags of one rule",
        "description": "Every flag of the rule you name, with its report and page.",
        "sql": "SELECT agency, year, project, path, page, indicator, expected, reported,"
               " message FROM flag_details WHERE rule = :rule ORDER BY agency, year",
    },
    "high_score_low_spending": {
        "title": "Rated 优 while spending less than 80% of the budget",
        "description": "Reports whose self-assessed total is 90 or more while their total "
                       "funds row shows under 80% of the budget executed.",
        "sql": "SELECT agency, year, project, total_score, execution_rate, path"
               " FROM report_overview WHERE total_score >= 90 AND execution_rate < 0.8"
               " ORDER BY execution_rate",
    },
}


def metadata(db_name: str) -> dict[str, Any]:
    """The metadata object for a database file named ``db_name`` (without ``.db``)."""
    tables: dict[str, Any] = {}
    for table in TABLES:
        entry: dict[str, Any] = {
            "description": table.description,
            "columns": {c.name: c.description for c in table.columns if c.description},
        }
        if table.label:
            entry["label_column"] = table.label
        tables[table.name] = entry
    tables["reports"].update(fts_table=FTS_TABLE, fts_pk="id")
    tables[FTS_TABLE] = {"hidden": True}
    for view, description in VIEW_DESCRIPTIONS.items():
        tables[view] = {"description": description}
    for name, facets in FACETS.items():
        tables[name]["facets"] = facets
    return {
        "title": "selfeval: budget-performance self-evaluations re-checked",
        "description": "Self-evaluation forms (绩效自评表) read from published documents, "
                       "with the flags selfeval's re-check raised. Start from flag_details "
                       "or agency_summary; the rules table says what each rule means.",
        "databases": {db_name: {"tables": tables, "queries": QUERIES}},
    }


def metadata_path(db_path: str | Path) -> Path:
    """Where the metadata of ``db_path`` is written: ``out/selfeval.metadata.json``."""
    path = Path(db_path)
    return path.with_name(path.stem + ".metadata.json")


def write_metadata(db_path: str | Path) -> Path:
    """Write the metadata beside the database; return its path."""
    out = metadata_path(db_path)
    out.write_text(json.dumps(metadata(Path(db_path).stem), ensure_ascii=False, indent=1) + "\n",
                   encoding="utf-8")
    return out
