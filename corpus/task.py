"""The per-document task the corpus runner sends to a worker: a file in, plain data out.

It is a top-level function returning only dicts, lists, strings and numbers, so it
pickles to a forked child or a Dask worker and back without the record classes.
"""

from __future__ import annotations

from typing import Any

from corpus.pipeline import process_file
from normalize.records import document_to_dict, report_to_dict


def read_record(path: str) -> dict[str, Any]:
    """Return ``path``'s document as SCHEMA.md's object, each report keeping the
    evidence fields (``page``, ``field_pages``, ``rules_text``) that citations need."""
    doc = process_file(path)
    out = document_to_dict(doc)
    out["reports"] = [report_to_dict(r, keep_internal=True) for r in doc.reports]
    return out
