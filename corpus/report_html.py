"""``corpus report``: one static HTML page: the corpus at a glance (score distribution,
execution rate against self-score, drawn as SVG here), then every report, worst flags
first, filterable by agency, year, rule and severity (the filter lives in the URL), each
flag linked to its document and page.

Everything printed from a document goes through Jinja2's autoescaping; the page's
only script and style are our own static files, allowed by hash in a
Content-Security-Policy, so even a document text that slipped through could not run.
Pictures are ``data:`` URIs: the page is one self-contained file to publish.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from selfeval.corpus import charts
from selfeval.corpus.cell_tables import flag_table
from selfeval.corpus.cell_text import NOT_RECORDED
from selfeval.corpus.flag_cells import cited_lines, flag_regions
from selfeval.corpus.guarded_pictures import PictureBudget
from selfeval.corpus.names import real_name
from selfeval.corpus.page_images import Picture, Region
from selfeval.corpus.store import now
from selfeval.extract.registry import reader_for

#: Most page pictures embedded in one page (each ~40–60 KB as a cropped PNG): 400 keeps
#: the file under ~25 MB for a browser to open comfortably.
MAX_PICTURES = 400

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass
class _Pictures:
    """Renders flag pictures (each in a guarded child), caching by region and stopping at
    :data:`MAX_PICTURES`."""

    root: Path | None
    rendered: int = 0
    budget: PictureBudget = field(default_factory=PictureBudget)
    _cache: dict[tuple[Any, ...], tuple[Picture | None, str | None]] = field(
        default_factory=dict)

    def picture(self, doc: sqlite3.Row, region: Region) -> tuple[Picture | None, str | None]:
        """Return (picture, None) or (None, why there is no picture)."""
        if self.root is None:
            return None, "no picture: the corpus folder is not known"
        path = self.root / real_name(doc["path"])
        if not path.is_file() or path.stat().st_size != doc["size"]:
            return None, "no picture: the file has changed or moved since it was read"
        key = (doc["path"], region)
        if key not in self._cache:
            if self.rendered >= MAX_PICTURES:
                return None, f"no picture: the page holds the first {MAX_PICTURES} only"
            self._cache[key] = self.budget.picture(str(path), region)
            self.rendered += 1
        return self._cache[key]

    def shown(self, doc: sqlite3.Row, region: Region) -> dict[str, Any]:
        """The template's view of ``region``'s picture: its page, the picture or why not."""
        picture, why = self.picture(doc, region)
        return {"page": region.page, "picture": picture, "why": why}


def _rank(rep: sqlite3.Row) -> tuple[Any, ...]:
    return (-rep["n_errors"], -rep["n_warnings"], -rep["n_infos"], rep["agency"] or "",
            rep["year"] or 0, rep["path"], rep["seq"])


def _flag_view(flag: dict[str, Any], doc: sqlite3.Row, report: dict[str, Any],
               pictures: _Pictures, links: _Links) -> dict[str, Any]:
    where = flag.get("where") or {}
    view = {
        "href": links.href(doc, where.get("page")),
        "rule": flag.get("rule"), "severity": flag.get("severity"),
        "message": flag.get("message"), "profile": flag.get("profile"),
        "expected": _show(flag.get("expected")), "reported": _show(flag.get("reported")),
        "page": where.get("page"), "field": where.get("field"),
        "indicator": where.get("indicator"),
        "cited": cited_lines(flag), "not_recorded": NOT_RECORDED,
        "pictures": [], "table": None,
    }
    reader = reader_for(doc["format"])
    if reader and reader.capabilities.paged:
        for region in flag_regions(flag, report):
            view["pictures"].append({**pictures.shown(doc, region), "header": (
                None if region.carried is None else pictures.shown(doc, region.carried))})
    elif flag.get("cells"):  # a DOCX, a workbook, a web page has no pages: its table
        view["table"] = flag_table(flag, report)
    return view


@dataclass(frozen=True)
class _Links:
    """Links from the page to the documents: relative to the folder the page is written
    to, to the flag's page (``#page=N``, which PDF viewers open at)."""

    root: Path | None
    page_dir: Path | None

    def href(self, doc: sqlite3.Row, page: Any) -> str | None:
        if self.root is None:
            return None
        target = os.path.abspath(self.root / real_name(doc["path"]))
        if self.page_dir is not None:
            target = os.path.relpath(target, self.page_dir)
        url = quote(os.fsencode(target))
        if doc["format"] == "pdf" and isinstance(page, int):
            url += f"#page={page}"
        return url


def _show(value: Any) -> Any:
    """Return a flag's expected/reported value as text a reader can compare."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    return json.dumps(value, ensure_ascii=False)


def _default_root(conn: sqlite3.Connection) -> Path | None:
    row = conn.execute("SELECT in_dir FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    return Path(real_name(row[0])) if row and row[0] else None


def collect(db_path: str | Path, root: str | Path | None = None,
            page_dir: str | Path | None = None) -> dict[str, Any]:
    """Return the template's data: the overview charts, reports worst first with their
    flags, rules, stats, failures. Links to documents are relative to ``page_dir`` (the
    folder the page is written to) when given."""
    conn = sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        corpus_root = Path(root) if root else _default_root(conn)
        pictures = _Pictures(corpus_root)
        links = _Links(corpus_root, Path(page_dir).resolve() if page_dir else None)
        docs = {r["id"]: r for r in conn.execute("SELECT * FROM documents")}
        rows = conn.execute(
            "SELECT r.*, d.path FROM reports r JOIN documents d ON d.id = r.document_id"
            " WHERE d.status = 'ok'"
        ).fetchall()
        reports = []
        for rep in sorted(rows, key=_rank):
            record = json.loads(rep["record_json"])
            flags = sorted(record.get("flags") or [],
                           key=lambda f: _SEVERITY_ORDER.get(f.get("severity"), 3))
            doc = docs[rep["document_id"]]
            reports.append({
                **{k: rep[k] for k in ("id", "agency", "year", "project", "title", "path",
                                       "total_score", "total_weight", "conclusion",
                                       "n_errors", "n_warnings", "n_infos")},
                "pages": json.loads(rep["pages"] or "[]"),
                "href": links.href(doc, rep["first_page"]),
                "flags": [_flag_view(f, doc, record, pictures, links) for f in flags],
            })
        rules = [dict(r) for r in conn.execute(
            "SELECT f.rule, f.severity, COUNT(*) AS count, u.description_zh, u.description_en"
            " FROM flags f JOIN documents d ON d.id = f.document_id"
            " LEFT JOIN rules u ON u.id = f.rule WHERE d.status = 'ok'"
            " GROUP BY f.rule, f.severity ORDER BY COUNT(*) DESC, f.rule")]
        failures = [{"path": d["path"], "error": d["error"]}
                    for d in sorted(docs.values(), key=lambda d: d["path"])
                    if d["status"] == "failed"]
        live = [d for d in docs.values() if d["status"] != "removed"]
        stats = {"documents": len(live), "failed": len(failures), "reports": len(reports),
                 "flags": sum(r["count"] for r in rules), "generated": now()}
        return {"reports": reports, "rules": rules, "failures": failures, "stats": stats,
                "overview": _overview(conn)}
    finally:
        conn.close()


def _overview(conn: sqlite3.Connection) -> dict[str, Any]:
    """The corpus as a whole: the charts (from ``report_overview``) and the table of
    agencies (``agency_summary``)."""
    rows = conn.execute("SELECT total_score, execution_rate, agency, year, project"
                        " FROM report_overview ORDER BY report_id").fetchall()
    names = [" · ".join(str(x) for x in (r["agency"], r["year"], r["project"]) if x)
             for r in rows]
    return {
        "histogram": charts.histogram([r["total_score"] for r in rows]),
        "scatter": charts.scatter([(r["total_score"], r["execution_rate"], name)
                                   for r, name in zip(rows, names, strict=True)]),
        "chart": {"width": charts.WIDTH, "height": charts.HEIGHT, "left": charts.LEFT,
                  "right": charts.WIDTH - charts.RIGHT, "top": charts.TOP,
                  "bottom": charts.HEIGHT - charts.BOTTOM},
        "high_score": charts.HIGH_SCORE, "low_rate": charts.LOW_RATE,
        "agencies": [dict(r) for r in conn.execute(
            "SELECT * FROM agency_summary ORDER BY errors DESC, warnings DESC, agency, year")],
    }


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode()


def render_report(data: dict[str, Any]) -> str:
    """Return the HTML page for :func:`collect`'s data."""
    import jinja2

    templates = resources.files("selfeval.corpus") / "templates"
    script = (templates / "report.js").read_text(encoding="utf-8")
    style = (templates / "report.css").read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string((templates / "report.html.j2").read_text(encoding="utf-8"))
    return template.render(**data, script=script, style=style,
                           script_hash=_csp_hash(script), style_hash=_csp_hash(style))


def write_report(db_path: str | Path, out: str | Path, root: str | Path | None = None) -> Path:
    """Write the HTML report of the database to ``out``; return the path."""
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(collect(db_path, root, path.parent)), encoding="utf-8")
    return path
