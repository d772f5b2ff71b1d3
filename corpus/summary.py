"""A readable plain-text summary of a document: one block per report."""

from __future__ import annotations

from decimal import Decimal

from normalize.records import Document, Fund, Report, to_json_number


def _num(value: Decimal | None) -> str:
    return "" if value is None else str(to_json_number(value))


def _clip(text: str | None, width: int) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


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
    lines.append(f"  {'level1':<8} {'level2':<10} {'indicator':<28} {'target':<14} "
                 f"{'actual':<14} {'weight':>6} {'score':>6}")
    for ind in report.indicators:
        lines.append(
            f"  {_clip(ind.level1, 8):<8} {_clip(ind.level2, 10):<10} {_clip(ind.name, 28):<28} "
            f"{_clip(ind.target, 14):<14} {_clip(ind.actual, 14):<14} "
            f"{_num(ind.weight):>6} {_num(ind.score):>6}"
        )
    for flag in report.flags:
        lines.append(f"  [{flag.severity}] {flag.rule}: {flag.message}")
    return "\n".join(lines)


def render_document(doc: Document) -> str:
    """Return the readable summary that ``selfeval extract`` prints without ``--json``."""
    blocks = [f"{doc.source.path}: {len(doc.reports)} report(s), {doc.source.pages or '-'} page(s)"]
    blocks += [render_report(r, i) for i, r in enumerate(doc.reports, 1)]
    blocks += [f"skipped pages {list(s.pages) or '-'}: {s.why}" for s in doc.skipped]
    return "\n\n".join(blocks)
