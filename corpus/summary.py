"""A readable plain-text summary of a document: one block per report.

A blank value prints as ``–`` (never a bare unit), each flag line names the field or
indicator it is about, a report without flags says ``no flags``, and document text is
shown with control and format characters escaped (it cannot drive the terminal)."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from selfeval.corpus.names import shown_name
from selfeval.normalize.records import Document, Flag, Fund, Report, to_json_number
from selfeval.scoring.render import safe

#: What a blank value prints as.
BLANK = "–"


def _num(value: Decimal | None) -> str:
    return BLANK if value is None else str(to_json_number(value))


def _money(value: Decimal | None, unit: str) -> str:
    return BLANK if value is None else f"{to_json_number(value)}{unit}"


def _text(value: str | None) -> str:
    return BLANK if not value else safe(value)


def _width(ch: str) -> int:
    """Terminal columns a character takes: 2 for wide (CJK) characters, else 1."""
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def fit_columns(text: str | None, width: int) -> str:
    """``text`` clipped and padded to ``width`` terminal columns (CJK counts double)."""
    text = safe(text or "")
    if sum(map(_width, text)) > width:
        kept, used = "", 0
        for ch in text:
            if used + _width(ch) > width - 1:
                break
            kept, used = kept + ch, used + _width(ch)
        text = kept + "…"
    return text + " " * (width - sum(map(_width, text)))


def _funds_line(fund: Fund, unit: str) -> str:
    rate = BLANK if fund.rate is None else f"{to_json_number(fund.rate * 100)}%"
    return (
        f"  {safe(fund.label)}: budget {_money(fund.budget, unit)}, "
        f"executed {_money(fund.executed, unit)}, "
        f"rate {rate}, score {_num(fund.score)} of {_num(fund.weight)}"
    )


def flag_line(flag: Flag) -> str:
    """``  [warning] missing_reason (page 2, at 办公费 / reason): message``."""
    where = [f"page {flag.where.page}"] if flag.where.page is not None else []
    about = " / ".join(safe(p) for p in (flag.where.indicator, flag.where.field) if p)
    where += [f"at {about}"] if about else []
    place = f" ({', '.join(where)})" if where else ""
    return f"  [{flag.severity}] {flag.rule}{place}: {safe(flag.message)}"


def render_report(report: Report, index: int) -> str:
    """Return the text block for one report."""
    unit = safe(report.money_unit or "")
    pages = ", ".join(str(p) for p in report.pages) or BLANK
    lines = [
        f"Report {index}: {_text(report.title)} ({report.form}, "
        f"{report.year or 'year unknown'})",
        f"  agency: {_text(report.agency)}",
    ]
    if report.project:
        lines.append(f"  project: {safe(report.project)}")
    lines.append(f"  pages: {pages}   extractor: {report.extractor}")
    total = next((f for f in report.funds if f.kind == "total"), None)
    if total is not None:
        lines.append(_funds_line(total, unit))
    lines.append(
        f"  total: {_num(report.total_score)} of {_num(report.total_weight)}"
        f"   conclusion: {_text(report.conclusion)}"
    )
    widths = (10, 14, 30, 16, 16)
    header = ("level1", "level2", "indicator", "target", "actual")
    lines.append("  " + " ".join(fit_columns(h, w) for h, w in zip(header, widths, strict=True))
                 + f" {'weight':>6} {'score':>6}")
    for ind in report.indicators:
        texts = tuple(t or BLANK for t in (ind.level1, ind.level2, ind.name, ind.target,
                                            ind.actual))
        lines.append(
            "  " + " ".join(fit_columns(t, w) for t, w in zip(texts, widths, strict=True))
            + f" {_num(ind.weight):>6} {_num(ind.score):>6}"
        )
    lines += [flag_line(f) for f in report.flags] or ["  no flags"]
    return "\n".join(lines)


def render_document(doc: Document) -> str:
    """Return the readable summary that ``selfeval extract`` prints without ``--json``."""
    blocks = [f"{shown_name(doc.source.path)}: {len(doc.reports)} report(s), "
              f"{doc.source.pages or BLANK} page(s)"]
    blocks += [render_report(r, i) for i, r in enumerate(doc.reports, 1)]
    blocks += [f"skipped pages {list(s.pages) or BLANK}: {safe(s.why)}" for s in doc.skipped]
    return "\n\n".join(blocks)
