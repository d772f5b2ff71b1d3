"""The canonical record of docs/schema.md as frozen dataclasses.

Numbers are :class:`decimal.Decimal` built from the printed text, so they keep the
printed precision (``Decimal("99.30")`` has two decimals): the scorer compares a
reported value against the interval that precision allows. JSON gets plain numbers
(:func:`document_to_dict`); reading JSON back (:func:`report_from_dict`) parses
floats as ``Decimal`` from their shortest repr, which can only make the assumed
precision coarser, never finer, so it cannot create a rounding false alarm.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from decimal import Decimal
from typing import Any, Literal

from selfeval.extract.grid import Box

FormKind = Literal["project", "department"]
FundKind = Literal["total", "fiscal", "fiscal_local", "fiscal_transfer", "carryover", "other",
                   "use", "unknown"]
Severity = Literal["error", "warning", "info"]

#: Flags the normaliser raises for what it repaired (docs/scoring.md, "Repair flags");
#: the scorer keeps them and never raises them itself.
#: The repair flag on a cell the recogniser read below its confidence threshold.
OCR_LOW_CONFIDENCE_RULE = "ocr_low_confidence"
REPAIR_RULES = frozenset({"year_artifact", OCR_LOW_CONFIDENCE_RULE})

@dataclass(frozen=True)
class CellRef:
    """Where one printed value is: its page and box for a PDF (text layer or scan), its
    table, row and column for a format without geometry (DOCX, workbooks, HTML)."""

    page: int | None = None
    box: Box | None = None
    #: 1-based: the document's tables in reading order, the table's rows and columns
    #: (a merged cell at its top-left slot). Only where the format has no boxes.
    table: int | None = None
    row: int | None = None
    col: int | None = None
    #: In a workbook, besides table/row/col: the sheet's name and the cell's A1 address
    #: on it (``C12``), hidden rows and columns counted, as a spreadsheet opens it.
    sheet: str | None = None
    address: str | None = None


def on_page(page: int | None, box: Box | None) -> CellRef:
    """A location on a page, its box rounded to 0.01 pt (finer than anything printed)."""
    if box is None:
        return CellRef(page=page)
    x0, top, x1, bottom = (round(v, 2) for v in box)
    return CellRef(page=page, box=(x0, top, x1, bottom))


#: Where each field of a record is printed: field name → the cells its value was read
#: from, in reading order (a split target ``≥ | 95 | %`` is three; a row cut by a page
#: break, two). A field read from no cell has no entry.
Cells = dict[str, tuple[CellRef, ...]]

#: A cited cell's part in a flag: the value the flag is about, or one it was computed from.
CellRole = Literal["reported", "input"]


@dataclass(frozen=True)
class CitedCell:
    """A cell a flag rests on: its role, the record field it holds (a path such as
    ``total_score``, ``indicators[3].score``, ``funds[0].rate``) and where it is printed
    (None: the location was not recorded)."""

    role: CellRole
    field: str
    at: CellRef | None


@dataclass(frozen=True)
class Parsed:
    """A target/actual cell read as ``[op] number [unit]``: ``≤30000元`` → ``<=``, 30000, 元."""

    op: str
    value: Decimal
    unit: str | None


#: The money columns of a funds row (the others are its 分值, 执行率 and 得分).
FUND_AMOUNTS = ("initial_budget", "budget", "executed")


@dataclass(frozen=True)
class Fund:
    """One row of the funds block (项目资金 / 年度预算)."""

    label: str
    kind: FundKind
    initial_budget: Decimal | None = None
    budget: Decimal | None = None
    executed: Decimal | None = None
    weight: Decimal | None = None
    rate: Decimal | None = None
    score: Decimal | None = None
    #: Page the row is printed on (not part of the JSON contract; evidence only).
    page: int | None = None
    #: Where each field is printed (``label``, ``budget``, ``rate`` …).
    cells: Cells = field(default_factory=dict)


@dataclass(frozen=True)
class Indicator:
    """One third-level indicator row, merged level-1/level-2 cells repeated."""

    level1: str
    level2: str | None
    name: str
    target: str | None
    actual: str | None
    weight: Decimal | None
    score: Decimal | None
    reason: str | None
    measure: str | None = None
    explanation: str | None = None
    target_parsed: Parsed | None = None
    actual_parsed: Parsed | None = None
    #: Page the row is printed on (evidence only, not in the JSON contract).
    page: int | None = None
    #: Where each field is printed (``name``, ``target``, ``score`` …; ``level1_points``
    #: for the cell that prints its block's points).
    cells: Cells = field(default_factory=dict)


@dataclass(frozen=True)
class Where:
    """Where a flag points: the page and the field or indicator, for a citation."""

    page: int | None
    field: str | None
    indicator: str | None = None
    #: The cell's box on the page, in PDF points, where the evidence is one cell (an
    #: OCR reading); left out of the JSON when None.
    box: Box | None = None


@dataclass(frozen=True)
class Flag:
    """What the scorer (or a repair) found wrong or repaired."""

    rule: str
    severity: Severity
    message: str
    expected: Any = None
    reported: Any = None
    where: Where = field(default_factory=lambda: Where(None, None))
    #: Which rule profile produced the flag (national default, the form's own 注, a TOML file).
    profile: str | None = None
    #: Every cell the flag rests on: the reported one and those it was computed from.
    cells: tuple[CitedCell, ...] = ()


@dataclass(frozen=True)
class Report:
    """One filled-in self-evaluation form."""

    form: FormKind
    title: str
    year: int | None
    agency: str | None
    department: str | None
    project: str | None
    project_code: str | None
    filled_on: str | None
    contact: str | None
    phone: str | None
    money_unit: str | None
    funds: tuple[Fund, ...]
    goal_expected: str | None
    goal_actual: str | None
    indicators: tuple[Indicator, ...]
    level1_points: dict[str, Decimal]
    total_weight: Decimal | None
    total_score: Decimal | None
    conclusion: str | None
    pages: tuple[int, ...]
    extractor: str
    flags: tuple[Flag, ...] = ()
    #: Text printed around the form that states its own scoring rules (注 block,
    #: 评价等级 bands); the scorer reads it to pick a rule profile. Not in the JSON.
    rules_text: str = ""
    #: Where each header and total field is printed (``year``, ``agency``,
    #: ``total_score``, ``level1_points.产出指标`` …), and the header rows of its tables
    #: (``header``), so a flag can cite them and a picture show the column labels.
    cells: Cells = field(default_factory=dict)


@dataclass(frozen=True)
class Skipped:
    """A table that is not a report (an unfilled template, a basic-data sheet)."""

    pages: tuple[int, ...]
    why: str


@dataclass(frozen=True)
class Source:
    path: str
    sha256: str
    format: str
    pages: int | None


@dataclass(frozen=True)
class Document:
    """Everything selfeval found in one file."""

    source: Source
    reports: tuple[Report, ...]
    skipped: tuple[Skipped, ...] = ()
    errors: tuple[str, ...] = ()


# --- JSON ---------------------------------------------------------------------------

#: Keys that carry evidence inside the program but are not part of docs/schema.md's JSON.
_INTERNAL_KEYS = {"page", "rules_text", "profile"}


def to_json_number(value: Decimal) -> int | float:
    """Return ``value`` as an int when integral, else a float (``Decimal("10.00")`` → 10)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def cell_ref_to_dict(ref: CellRef) -> dict[str, Any]:
    """A location as JSON: only the keys it has (``{"page": 2, "box": [...]}`` or
    ``{"table": 1, "row": 5, "col": 7}``)."""
    return {f.name: list(v) if isinstance(v, tuple) else v
            for f in fields(ref) if (v := getattr(ref, f.name)) is not None}


def _plain(value: Any, keep_internal: bool) -> Any:
    if isinstance(value, Decimal):
        return to_json_number(value)
    if isinstance(value, CellRef):
        return cell_ref_to_dict(value)
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name), keep_internal)
            for f in fields(value)
            if keep_internal or f.name not in _INTERNAL_KEYS
        }
    if isinstance(value, (list, tuple)):
        return [_plain(v, keep_internal) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v, keep_internal) for k, v in value.items()}
    return value


def flag_to_dict(flag: Flag) -> dict[str, Any]:
    """Return a flag as docs/schema.md's FLAG object, plus the ``profile`` that produced it."""
    out: dict[str, Any] = _plain(flag, keep_internal=True)
    if out["where"].get("box") is None:
        out["where"].pop("box", None)
    return out


def report_to_dict(report: Report, keep_internal: bool = False) -> dict[str, Any]:
    """Return a report as docs/schema.md's REPORT object."""
    out: dict[str, Any] = _plain(report, keep_internal)
    out["flags"] = [flag_to_dict(f) for f in report.flags]
    return out


def document_to_dict(doc: Document) -> dict[str, Any]:
    """Return the document object that ``selfeval extract --json`` prints."""
    return {
        "source": _plain(doc.source, False),
        "reports": [report_to_dict(r) for r in doc.reports],
        "skipped": [_plain(s, False) for s in doc.skipped],
        "errors": list(doc.errors),
    }


def _dec(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))


def _parsed(value: dict[str, Any] | None) -> Parsed | None:
    if value is None:
        return None
    return Parsed(op=value["op"], value=_dec(value["value"]) or Decimal(0), unit=value.get("unit"))


def _box(value: list[float] | None) -> Box | None:
    return (value[0], value[1], value[2], value[3]) if value else None


def cell_ref_from_dict(d: dict[str, Any]) -> CellRef:
    """The location :func:`cell_ref_to_dict` wrote."""
    return CellRef(d.get("page"), _box(d.get("box")), d.get("table"), d.get("row"),
                   d.get("col"), d.get("sheet"), d.get("address"))


def _cells(d: dict[str, Any] | None) -> Cells:
    return {k: tuple(cell_ref_from_dict(r) for r in refs) for k, refs in (d or {}).items()}


def _cited(d: dict[str, Any]) -> CitedCell:
    at = d.get("at")
    return CitedCell(d["role"], d["field"], cell_ref_from_dict(at) if at else None)


def _flag_from_dict(d: dict[str, Any]) -> Flag:
    w = d.get("where") or {}
    return Flag(
        rule=d["rule"],
        severity=d["severity"],
        message=d.get("message", ""),
        expected=d.get("expected"),
        reported=d.get("reported"),
        where=Where(w.get("page"), w.get("field"), w.get("indicator"),
                    box=_box(w.get("box"))),
        profile=d.get("profile"),
        cells=tuple(_cited(c) for c in d.get("cells") or ()),
    )


def report_from_dict(d: dict[str, Any]) -> Report:
    """Build a :class:`Report` from its JSON object (e.g. a truth file or the corpus DB)."""
    funds = tuple(
        Fund(
            label=f["label"],
            kind=f["kind"],
            **{k: _dec(f.get(k)) for k in ("initial_budget", "budget", "executed", "weight",
                                           "rate", "score")},
            page=f.get("page"),
            cells=_cells(f.get("cells")),
        )
        for f in d.get("funds", [])
    )
    indicators = tuple(
        Indicator(
            level1=i["level1"],
            level2=i.get("level2"),
            name=i["name"],
            target=i.get("target"),
            actual=i.get("actual"),
            weight=_dec(i.get("weight")),
            score=_dec(i.get("score")),
            reason=i.get("reason"),
            measure=i.get("measure"),
            explanation=i.get("explanation"),
            target_parsed=_parsed(i.get("target_parsed")),
            actual_parsed=_parsed(i.get("actual_parsed")),
            page=i.get("page"),
            cells=_cells(i.get("cells")),
        )
        for i in d.get("indicators", [])
    )
    return Report(
        form=d["form"],
        title=d.get("title", ""),
        year=d.get("year"),
        agency=d.get("agency"),
        department=d.get("department"),
        project=d.get("project"),
        project_code=d.get("project_code"),
        filled_on=d.get("filled_on"),
        contact=d.get("contact"),
        phone=d.get("phone"),
        money_unit=d.get("money_unit"),
        funds=funds,
        goal_expected=d.get("goal_expected"),
        goal_actual=d.get("goal_actual"),
        indicators=indicators,
        level1_points={k: _dec(v) or Decimal(0) for k, v in (d.get("level1_points") or {}).items()},
        total_weight=_dec(d.get("total_weight")),
        total_score=_dec(d.get("total_score")),
        conclusion=d.get("conclusion"),
        pages=tuple(d.get("pages") or ()),
        extractor=d.get("extractor", ""),
        flags=tuple(_flag_from_dict(f) for f in d.get("flags", [])),
        rules_text=d.get("rules_text", ""),
        cells=_cells(d.get("cells")),
    )
