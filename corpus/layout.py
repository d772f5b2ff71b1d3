"""The corpus database's tables, described once.

The columns that hold a record's fields are read off the record dataclasses of
:mod:`selfeval.normalize.records` (a field added there becomes a column here, and an
older database gains it by migration, :mod:`selfeval.corpus.migrate`); the columns the
store adds (keys, counts, money in 元) are listed beside them. The DDL, the insert
statements, the export's column lists and Datasette's descriptions are all derived
from :data:`TABLES_BY_NAME`.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from selfeval.normalize.records import Flag, Fund, Indicator, Report


@dataclass(frozen=True)
class Column:
    """One column: its SQL type (``""`` takes any value) and where its value comes from."""

    name: str
    sql_type: str
    #: The path of keys to the value in the record's JSON object; empty when the store
    #: computes the value (a key, a count, an amount in 元).
    key: tuple[str, ...] = ()
    #: Constraint text after the type (``NOT NULL``, ``REFERENCES reports(id)``).
    constraint: str = ""
    description: str = ""

    def ddl(self) -> str:
        return " ".join(p for p in (self.name, self.sql_type, self.constraint) if p)


@dataclass(frozen=True)
class Table:
    """One table: its columns in order (``id`` first), table constraints, what a row is."""

    name: str
    columns: tuple[Column, ...]
    description: str
    #: The column Datasette shows for a link to a row (``label_column``).
    label: str | None = None
    constraints: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def ddl(self) -> str:
        body = ",\n    ".join([c.ddl() for c in self.columns] + list(self.constraints))
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n    {body}\n)"

    @property
    def written(self) -> tuple[str, ...]:
        """The columns an insert gives: all but an integer ``id`` SQLite assigns."""
        return tuple(c.name for c in self.columns
                     if not (c.name == "id" and c.sql_type == "INTEGER"))

    def insert_sql(self) -> str:
        """``INSERT`` of :attr:`written` (named placeholders)."""
        cols = self.written
        return (f"INSERT INTO {self.name} ({', '.join(cols)}) "
                f"VALUES ({', '.join(':' + c for c in cols)})")

    def select_sql(self) -> str:
        return f"SELECT {', '.join(self.names)} FROM {self.name} ORDER BY id"


def _sql_type(hint: Any) -> str:
    """The SQL type of a field's type hint: numbers REAL, whole numbers INTEGER, text TEXT
    (lists and mappings are stored as JSON text); ``Any`` takes any value."""
    if hint is Any:
        return ""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and len(args) == 1:
        return _sql_type(args[0])
    if hint is Decimal or hint is float:
        return "REAL"
    if hint is int:
        return "INTEGER"
    return "TEXT"


def _nested(hint: Any) -> type | None:
    """The dataclass a field holds (``Parsed | None`` → Parsed), else None."""
    for arg in (hint, *typing.get_args(hint)):
        if isinstance(arg, type) and dataclasses.is_dataclass(arg):
            return arg
    return None


#: Nested objects stored as columns of their own, with these name prefixes.
_FLATTENED = {"target_parsed": "target_", "actual_parsed": "actual_", "where": ""}


def record_columns(cls: type, left_out: frozenset[str] = frozenset()) -> tuple[Column, ...]:
    """A column per field of the record dataclass ``cls`` (a nested record such as
    ``where`` spread over columns of its own), but those in ``left_out``."""
    hints = typing.get_type_hints(cls)
    out: list[Column] = []
    for f in dataclasses.fields(cls):
        if f.name in left_out:
            continue
        inner = _nested(hints[f.name])
        if inner is not None and f.name in _FLATTENED:
            inner_hints = typing.get_type_hints(inner)
            out += [Column(_FLATTENED[f.name] + g.name, _sql_type(inner_hints[g.name]),
                           (f.name, g.name)) for g in dataclasses.fields(inner)]
        else:
            out.append(Column(f.name, _sql_type(hints[f.name]), (f.name,)))
    return tuple(out)


def _id() -> Column:
    return Column("id", "INTEGER", constraint="PRIMARY KEY")


def _row_keys(*parents: str) -> tuple[Column, ...]:
    refs = {"report": "reports", "document": "documents"}
    return tuple(Column(f"{p}_id", "INTEGER", constraint=f"NOT NULL REFERENCES {refs[p]}(id)")
                 for p in parents) + (Column("seq", "INTEGER", constraint="NOT NULL"),)


def _plain(spec: str) -> tuple[Column, ...]:
    """Columns written ``name TYPE`` one per line (tables not read off a record)."""
    out = []
    for line in spec.strip().splitlines():
        name, _, rest = line.strip().partition(" ")
        sql_type, _, constraint = rest.partition(" ")
        out.append(Column(name, sql_type, constraint=constraint))
    return tuple(out)


#: Record fields that are not columns: child rows of their own tables, and evidence
#: kept only in ``record_json``.
_REPORT_NOT_COLUMNS = frozenset({"funds", "indicators", "flags", "rules_text", "cells"})

RUNS = Table("runs", (_id(), *_plain("""
    started_at TEXT NOT NULL
    finished_at TEXT
    status TEXT NOT NULL
    pid INTEGER
    in_dir TEXT
    workers INTEGER
    scheduler TEXT
    new INTEGER
    changed INTEGER
    unchanged INTEGER
    removed INTEGER
    failed INTEGER
""")), "One row per `selfeval corpus build`: when, from which folder, what it found.")

DOCUMENTS = Table("documents", (_id(), *_plain("""
    path TEXT NOT NULL UNIQUE
    sha256 TEXT
    size INTEGER
    mtime_ns INTEGER
    format TEXT
    pages INTEGER
    status TEXT NOT NULL
    error TEXT
    n_reports INTEGER
    seconds REAL
    peak_rss INTEGER
    processed_at TEXT
    run_id INTEGER REFERENCES runs(id)
    skipped_json TEXT
    errors_json TEXT
""")), "One row per file under the corpus folder: its path, hash and whether it was read "
       "(status ok, failed with the reason in error, or removed).", label="path")

REPORTS = Table("reports", (
    _id(), *_row_keys("document"),
    *record_columns(Report, _REPORT_NOT_COLUMNS),
    Column("first_page", "INTEGER", description="the page the form starts on"),
    Column("label", "TEXT", description="agency · year · project, to name the report"),
    Column("n_errors", "INTEGER"), Column("n_warnings", "INTEGER"), Column("n_infos", "INTEGER"),
    Column("record_json", "TEXT", constraint="NOT NULL",
           description="the whole record (docs/schema.md), evidence included"),
), "One row per self-evaluation form (绩效自评表) found in a document.", label="label",
    constraints=("UNIQUE (document_id, seq)",))

#: The money columns of a funds row, each also stored in 元 as ``NAME_yuan``.
MONEY_COLUMNS = ("initial_budget", "budget", "executed")

FUNDS = Table("funds", (
    _id(), *_row_keys("report", "document"), *record_columns(Fund),
    Column("label_canonical", "TEXT",
           description="the label without spaces, full-width forms folded (其中: 当年财政拨款 → "
                       "其中:当年财政拨款), to group rows across reports"),
    *(Column(f"{m}_yuan", "REAL", description=f"{m} in 元 (the printed value × money_unit)")
      for m in MONEY_COLUMNS),
), "One row of a report's funds block (年度资金总额, 财政拨款, …) as printed, with the "
   "amounts also in 元.", label="label")

INDICATORS = Table("indicators", (
    _id(), *_row_keys("report", "document"), *record_columns(Indicator),
), "One third-level indicator row of a report (指标, 年度指标值, 实际完成值, 分值, 得分).",
    label="name")

FLAGS = Table("flags", (
    _id(), *_row_keys("report", "document"), *record_columns(Flag),
    Column("cells_text", "TEXT",
           description="the cells the flag rests on, in words: reported p2 [458,320,496,350]; "
                       "input 自评表!H13; …"),
), "One flag the scorer (or a repair) raised on a report; the view flag_details adds "
   "its agency, year, project and file.", label="rule")

RULES = Table("rules", (
    Column("id", "TEXT", constraint="PRIMARY KEY"), *_plain("""
    severity TEXT NOT NULL
    kind TEXT NOT NULL
    description_zh TEXT
    description_en TEXT
""")), "Every rule a flag can name: its severity and what it means, in Chinese and English "
       "(docs/scoring.md).", label="id")

#: Tables in the order a reader would browse them (and exports write them).
TABLES: tuple[Table, ...] = (DOCUMENTS, REPORTS, FUNDS, INDICATORS, FLAGS, RULES, RUNS)
TABLES_BY_NAME = {t.name: t for t in TABLES}

#: Full-text search over the names a reader looks for; its rowid is the report's id.
FTS_TABLE = "reports_fts"
FTS_COLUMNS = ("agency", "department", "project", "title", "indicators")
