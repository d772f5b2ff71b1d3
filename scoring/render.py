"""What ``selfeval audit`` prints: per report, a readable table of its flags, or the
same as data. Plain text for a terminal (no HTML here: the corpus report escapes)."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Any

from selfeval.normalize.records import Document, Flag, Report, flag_to_dict, to_json_number
from selfeval.scoring import Profile, profile_for

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
#: What a blank prints as: an en dash, which no form prints for a value of its own
#: (a hyphen is a form's own "none", and a minus sign).
BLANK = "–"
COLUMNS = ("severity", "rule", "expected", "reported", "page", "where", "message")


def safe(text: str) -> str:
    """``text`` with control and format characters shown as escapes, so a document cannot
    drive the terminal (ESC [2J) or reorder a line (U+202E)."""
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf") else c
                   for c in text.replace("\n", " "))


def width(text: str) -> int:
    """Terminal columns ``text`` takes: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, columns: int) -> str:
    return text + " " * (columns - width(text))


def _value(value: Any) -> str:
    if value is None:
        return BLANK
    if isinstance(value, Decimal):
        return str(to_json_number(value))
    return safe(str(value)) or '""'


def _where(flag: Flag) -> str:
    parts = [safe(p) for p in (flag.where.field, flag.where.indicator) if p]
    return " / ".join(parts) or BLANK


def flag_cells(flag: Flag) -> tuple[str, ...]:
    """One table row: severity, rule, expected, reported, page, where, message."""
    page = BLANK if flag.where.page is None else str(flag.where.page)
    return (flag.severity, flag.rule, _value(flag.expected), _value(flag.reported), page,
            _where(flag), safe(flag.message))


def sorted_flags(flags: tuple[Flag, ...]) -> list[Flag]:
    """Errors first, then warnings, then info; printed order within a severity."""
    return sorted(flags, key=lambda f: SEVERITY_ORDER.get(f.severity, len(SEVERITY_ORDER)))


def render_table(flags: list[Flag], indent: str = "  ") -> str:
    """The flags as an aligned table (the message column is left unpadded)."""
    rows = [COLUMNS, *(flag_cells(f) for f in flags)]
    widths = [max(width(r[i]) for r in rows) for i in range(len(COLUMNS) - 1)]
    lines = []
    for row in rows:
        cells = [_pad(c, w) for c, w in zip(row[:-1], widths, strict=True)]
        lines.append(indent + "  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)


def _heading(report: Report, index: int, count: int) -> str:
    pages = ", ".join(str(p) for p in report.pages) or BLANK
    names = " · ".join(safe(x) for x in (report.title, report.agency, report.project) if x)
    return f"report {index} of {count}: {names} (pages {pages})"


def render_audit(path: str, doc: Document, profile: Profile | None = None) -> str:
    """The readable audit of one document: per report, its profile and its flags."""
    out = [safe(path)]
    if not doc.reports:
        out.append("  no self-evaluation form found")
    for i, report in enumerate(doc.reports, 1):
        out.append("  " + _heading(report, i, len(doc.reports)))
        out.append("    profile " + profile_for(report, profile).describe())
        flags = sorted_flags(report.flags)
        out.append(render_table(flags, "    ") if flags else "    no flags")
    for skipped in doc.skipped:
        pages = ", ".join(str(p) for p in skipped.pages) or BLANK
        out.append(f"  skipped (pages {pages}): {safe(skipped.why)}")
    return "\n".join(out)


def count_flags(docs: list[Document]) -> dict[str, int]:
    """How many flags of each severity the documents raised."""
    counts = dict.fromkeys(SEVERITY_ORDER, 0)
    for doc in docs:
        for report in doc.reports:
            for flag in report.flags:
                counts[flag.severity] = counts.get(flag.severity, 0) + 1
    return counts


def has_error(doc: Document) -> bool:
    """True when any report of ``doc`` raised an ``error`` flag."""
    return any(f.severity == "error" for r in doc.reports for f in r.flags)


def audit_to_dict(path: str, doc: Document, profile: Profile | None = None) -> dict[str, Any]:
    """The audit of one document as data (what ``selfeval audit --json`` prints)."""
    return {
        "path": path,
        "reports": [
            {
                "title": r.title,
                "agency": r.agency,
                "project": r.project,
                "pages": list(r.pages),
                "profile": profile_for(r, profile).describe(),
                "flags": [flag_to_dict(f) for f in sorted_flags(r.flags)],
            }
            for r in doc.reports
        ],
        "skipped": [{"pages": list(s.pages), "why": s.why} for s in doc.skipped],
        "errors": list(doc.errors),
    }
