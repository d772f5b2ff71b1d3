"""A readable plain-text summary of a document: one block per report."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from selfeval.corpus.names import shown_name
from selfeval.normalize.records import Document, Fund, Report, to_json_number


def _num(value: Decimal | None) -> str:
    return "" if value is None else str(to_json_number(value))


def _width(ch: str) -> int:
    """Terminal columns a character takes: 2 for wide (CJK) characters, else 1."""
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def fit_columns(text: str | None, width: int) -> str:
    """``text`` clipped and padded to ``width`` terminal columns (CJK counts double)."""
    text = (text or "").replace("\n", " ")
    if sum(map(_width, text)) > width:
        kept, used = "", 0
        for ch in text:
            if used + _width(ch) > width - 1:
                break
            kept, used = kept + ch, used + _width(ch)
        text = kept + "…"
    return text + " " * (width - sum(map(_width, text)))


def _funds_line(fund: Fund, unit: str) -> str:
    rate = "" if fund.rate is None else f"{to_json_number(fund.rate * 100)}%"
    return (
        f"  {fund.label}: budget {_num(fund.budget)}{unit}, executed {_num(fund.executed)}{unit}, "
        f"rate {rate or '-'}, score {_num(fund.score) or '-'} of {_num(fund.weight) or '-'}"
    )


def render_report(report: Report, index: int) -> str:
    """Return the text block for one report."""
    unit = report.money_unit or ""
    pages = ", ".join(str(p) for p in report.pages) or "-"
    lines = [
        f"Report {index}: {report.title} ({report.form}, {report.year or 'year unknown'})",
        f"  agency: {report.agency or '-'}",
    ]
    if report.project:
        lines.append(f"  project: {report.project}")
    lines.append(f"  pages: {pages}   extractor: {report.extractor}")
    total = next((f for f in report.funds if f.kind == "total"), None)
    if total is not None:
        lines.append(_funds_line(total, unit))
    lines.append(
        f"  total: {_num(report.total_score) or '-'} of {_num(report.total_weight) or '-'}"
        f"   conclusion: {report.conclusion or '-'}"
    )
    widths = (10, 14, 30, 16, 16)
    header = ("level1", "level2", "indicator", "target", "actual")
    lines.append("  " + " ".join(fit_columns(h, w) for h, w in zip(header, widths, strict=True))
                 + f" {'weight':>6} {'score':>6}")
    for ind in report.indicators:
        texts = (ind.level1, ind.level2, ind.name, ind.target, ind.actual)
        lines.append(
            "  " + " ".join(fit_columns(t, w) for t, w in zip(texts, widths, strict=True))
            + f" {_num(ind.weight):>6} {_num(ind.score):>6}"
        )
    for flag in report.flags:
        lines.append(f"  [{flag.severity}] {flag.rule}: {flag.message}")
    return "\n".join(lines)


def render_document(doc: Document) -> str:
    """Return the readable summary that ``selfeval extract`` prints without ``--json``."""
    blocks = [f"{shown_name(doc.source.path)}: {len(doc.reports)} report(s), "
              f"{doc.source.pages or '-'} page(s)"]
    blocks += [render_report(r, i) for i, r in enumerate(doc.reports, 1)]
    blocks += [f"skipped pages {list(s.pages) or '-'}: {s.why}" for s in doc.skipped]
    return "\n\n".join(blocks)
