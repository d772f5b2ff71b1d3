"""Field-by-field comparison of an extracted document with its truth file."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HEADER_FIELDS = (
    "form", "title", "year", "agency", "department", "project", "project_code",
    "filled_on", "contact", "phone", "money_unit", "level1_points", "total_weight",
    "total_score", "conclusion", "goal_expected", "goal_actual",
)
FUND_FIELDS = ("label", "kind", "initial_budget", "budget", "executed", "weight", "rate", "score")
INDICATOR_FIELDS = (
    "level1", "level2", "name", "target", "actual", "weight", "score", "reason",
    "measure", "explanation", "target_parsed", "actual_parsed",
)
NUMERIC_FIELDS = {"weight", "score", "budget", "executed", "initial_budget", "rate",
                  "total_weight", "total_score"}


def same(a: Any, b: Any) -> bool:
    """Equal, with numbers compared as numbers."""
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(float(a) - float(b)) < 1e-9
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


@dataclass
class Agreement:
    matched: int = 0
    total: int = 0
    numeric_matched: int = 0
    numeric_total: int = 0
    misses: list[str] = field(default_factory=list)

    def check(self, where: str, name: str, got: Any, want: Any) -> None:
        ok = same(got, want)
        self.total += 1
        self.matched += ok
        if name in NUMERIC_FIELDS:
            self.numeric_total += 1
            self.numeric_matched += ok
        if not ok:
            self.misses.append(f"{where}.{name}: got {got!r}, want {want!r}")

    def add(self, other: Agreement) -> None:
        self.matched += other.matched
        self.total += other.total
        self.numeric_matched += other.numeric_matched
        self.numeric_total += other.numeric_total
        self.misses += other.misses

    @property
    def ratio(self) -> float:
        return self.matched / self.total if self.total else 1.0

    @property
    def numeric_ratio(self) -> float:
        return self.numeric_matched / self.numeric_total if self.numeric_total else 1.0


def compare_document(got: dict[str, Any], truth: dict[str, Any]) -> Agreement:
    """Compare ``selfeval extract --json`` output with a truth file, field by field.

    Reports, funds rows and indicators are aligned by position; a missing or invented one counts
    every one of its fields as a miss. Pages are compared for PDFs only (docs/schema.md:
    a DOCX has no fixed pages).
    """
    agreement = Agreement()
    is_pdf = truth["document"]["format"] == "pdf"
    want_reports, got_reports = truth["reports"], got["reports"]
    for i in range(max(len(want_reports), len(got_reports))):
        want = want_reports[i] if i < len(want_reports) else {}
        have = got_reports[i] if i < len(got_reports) else {}
        where = f"report[{i}]"
        for name in HEADER_FIELDS + (("pages",) if is_pdf else ()):
            agreement.check(where, name, have.get(name), want.get(name))
        _compare_rows(agreement, f"{where}.funds", "label", FUND_FIELDS,
                      have.get("funds", []), want.get("funds", []))
        _compare_rows(agreement, f"{where}.indicators", "name", INDICATOR_FIELDS,
                      have.get("indicators", []), want.get("indicators", []))
    want_skipped = [(s["why"], s["pages"] if is_pdf else []) for s in truth.get("skipped", [])]
    got_skipped = [(s["why"], s["pages"] if is_pdf else []) for s in got.get("skipped", [])]
    agreement.check("document", "skipped", got_skipped, want_skipped)
    return agreement


def _compare_rows(agreement: Agreement, where: str, key: str, names: tuple[str, ...],
                  have_rows: list[dict[str, Any]], want_rows: list[dict[str, Any]]) -> None:
    """Rows (funds, indicators) aligned by position: a missing or invented row counts
    every one of its fields as a miss."""
    for j in range(max(len(want_rows), len(have_rows))):
        w = want_rows[j] if j < len(want_rows) else {}
        h = have_rows[j] if j < len(have_rows) else {}
        label = f"{where}[{j}]({str((w or h).get(key, ''))[:12]})"
        for name in names:
            agreement.check(label, name, h.get(name), w.get(name))


def load_truth(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))
