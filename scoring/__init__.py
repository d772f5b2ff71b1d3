"""Re-check every form against the rules it prints (docs/scoring.md). Reads records only.

Each rule of docs/scoring.md is a small function registered under its stable id
(:mod:`selfeval.scoring.registry`); the rounding-aware tolerance model is described in
:mod:`selfeval.scoring.interval`, rule profiles in :mod:`selfeval.scoring.profile`.
``year_artifact`` and ``ocr_low_confidence`` are repair flags raised by the normaliser
(only it sees the printed text); the scorer keeps them and never raises them itself.
A rule that lacks an input it needs says so with a ``not_checked`` info flag instead of
guessing (:mod:`selfeval.scoring.unread`).
"""

from __future__ import annotations

from dataclasses import replace

from selfeval.normalize.records import Document, Report
from selfeval.scoring import rules_funds, rules_indicators, rules_totals  # noqa: F401 - registers rules
from selfeval.scoring.profile import (
    NATIONAL_PROFILE,
    Profile,
    ProfileError,
    profile_from_mapping,
    with_form_rules,
)
from selfeval.scoring.registry import NOT_CHECKED, RULES

__all__ = ["RULES", "NOT_CHECKED", "NATIONAL_PROFILE", "Profile", "ProfileError",
           "profile_from_mapping", "profile_for", "score_report", "score_document"]


def profile_for(report: Report, profile: Profile | None = None) -> Profile:
    """The profile ``report`` is checked against: ``profile`` (the national rules by
    default) overridden by the rules the form prints."""
    return with_form_rules(profile or NATIONAL_PROFILE, report.rules_text)


def score_report(report: Report, profile: Profile | None = None) -> Report:
    """Return ``report`` with the scorer's flags added after the normaliser's repair flags.

    Flags of scorer rules already on the report (a record read back from the corpus)
    are recomputed, not duplicated; every other flag is kept as it is.
    """
    applied = profile_for(report, profile)
    kept = tuple(f for f in report.flags if f.rule not in RULES and f.rule != NOT_CHECKED)
    found = tuple(flag for r in RULES.values() for flag in r.run(report, applied))
    return replace(report, flags=kept + found)


def score_document(doc: Document, profile: Profile | None = None) -> Document:
    """Score every report of ``doc``."""
    return replace(doc, reports=tuple(score_report(r, profile) for r in doc.reports))
