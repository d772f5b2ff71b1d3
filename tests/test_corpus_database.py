"""The corpus database: one layout description, migration of older databases, the views,
the rules table, money in 元, canonical fund labels, full-text search, Datasette metadata."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from selfeval.corpus import layout, store
from selfeval.corpus.cli import main
from selfeval.corpus.datasette_meta import metadata, metadata_path
from selfeval.corpus.derived import canonical_label, in_yuan
from selfeval.corpus.ingest import build
from selfeval.corpus.migrate import LAYOUT_VERSION
from selfeval.corpus.rule_texts import CHINESE, plain_text, rule_texts
from selfeval.corpus.workers import Limits
from selfeval.normalize.records import REPAIR_RULES, Fund, Indicator, Report
from selfeval.scoring import NOT_CHECKED, RULES

from tests.data_paths import DATABASE_LAYOUT_V1, DOCS_DIR
from tests.test_corpus_fakes import fake_record

LIMITS = Limits(timeout_s=30)


def _corpus(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "in"
    root.mkdir(exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def _built(tmp_path: Path) -> Path:
    root = _corpus(tmp_path, {"a.pdf": "甲单位\n1", "b.pdf": "乙单位\n2", "c.pdf": "甲单位\n3"})
    db = tmp_path / "c.db"
    build(root, db, workers=1, limits=LIMITS, task=fake_record)
    return db


def _rows(db: Path, sql: str, *args: object) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize(("table", "record"), [(layout.FUNDS, Fund),
                                               (layout.INDICATORS, Indicator)])
def test_a_rows_record_fields_are_its_columns(table: layout.Table, record: type) -> None:
    keys = {c.key[0] for c in table.columns if c.key}
    assert keys == {f.name for f in dataclasses.fields(record)}


def test_report_columns_are_the_reports_scalar_fields() -> None:
    keys = {c.key[0] for c in layout.REPORTS.columns if c.key}
    assert keys == {f.name for f in dataclasses.fields(Report)} - {
        "funds", "indicators", "flags", "rules_text", "cells"}
    types = {c.name: c.sql_type for c in layout.REPORTS.columns}
    assert types["total_score"] == "REAL" and types["year"] == "INTEGER"
    assert types["agency"] == "TEXT" and types["pages"] == "TEXT"


def test_the_database_has_the_layouts_columns(tmp_path: Path) -> None:
    db = _built(tmp_path)
    for table in layout.TABLES:
        have = [r[1] for r in _rows(db, f"PRAGMA table_info({table.name})")]
        assert have == list(table.names), table.name
    assert _rows(db, "PRAGMA user_version")[0][0] == LAYOUT_VERSION


def _old_database(tmp_path: Path) -> Path:
    """A database as the previous release made it, with one report in it."""
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.executescript(DATABASE_LAYOUT_V1.read_text(encoding="utf-8"))
    conn.execute("ALTER TABLE indicators DROP COLUMN explanation")
    record = fake_record_for(tmp_path, "a.pdf", "老单位\n7")["reports"][0]
    conn.execute("INSERT INTO documents (id, path, status, size, mtime_ns, sha256)"
                 " VALUES (1, 'a.pdf', 'ok', 0, 0, 'x')")
    conn.execute("INSERT INTO reports (document_id, seq, agency, record_json)"
                 " VALUES (1, 0, '老单位', ?)", (json.dumps(record, ensure_ascii=False),))
    conn.commit()
    conn.close()
    return db


def fake_record_for(tmp_path: Path, name: str, text: str) -> dict[str, object]:
    path = _corpus(tmp_path, {name: text}) / name
    return fake_record(str(path))


def test_a_database_of_the_previous_layout_is_migrated_in_place(tmp_path: Path) -> None:
    db = _old_database(tmp_path)
    root = _corpus(tmp_path, {"b.pdf": "新单位\n8"})
    (root / "a.pdf").unlink()
    (root / "a.pdf").write_text("老单位\n7", encoding="utf-8")
    build(root, db, workers=1, limits=LIMITS, task=fake_record)
    have = [r[1] for r in _rows(db, "PRAGMA table_info(indicators)")]
    assert "explanation" in have
    # The old report's rows were written again from its record: derived columns filled.
    details = _rows(db, "SELECT agency, rule, cells FROM flag_details ORDER BY agency")
    assert [r["agency"] for r in details] == ["新单位", "老单位"]
    assert all(r["cells"].startswith("reported p1 [") for r in details)
    budgets = _rows(db, "SELECT budget_yuan FROM funds")
    assert [r[0] for r in budgets] == [1_000_000.0, 1_000_000.0]


def test_a_column_the_layout_gained_is_added_whatever_the_version(tmp_path: Path) -> None:
    db = _built(tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("ALTER TABLE indicators DROP COLUMN explanation")
    conn.execute("UPDATE funds SET budget_yuan = NULL")
    conn.commit()
    conn.close()
    (tmp_path / "in" / "d.pdf").write_text("丁单位\n4", encoding="utf-8")
    build(tmp_path / "in", db, workers=1, limits=LIMITS, task=fake_record)
    assert "explanation" in [r[1] for r in _rows(db, "PRAGMA table_info(indicators)")]
    assert all(r[0] == 1_000_000.0 for r in _rows(db, "SELECT budget_yuan FROM funds"))
    assert len(_rows(db, "SELECT * FROM reports")) == 4


def test_the_old_database_is_migrated_when_it_is_only_reported_on(tmp_path: Path) -> None:
    db = _old_database(tmp_path)
    out = CliRunner().invoke(main, ["corpus", "report", "--db", str(db),
                                    "-o", str(tmp_path / "r.html")])
    assert out.exit_code == 0, out.output
    assert _rows(db, "SELECT agency FROM flag_details")[0][0] == "老单位"


def test_a_current_database_is_only_read_by_a_reader(tmp_path: Path) -> None:
    db = _built(tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM rules")  # a write would put them back
    conn.commit()
    conn.close()
    store.bring_up_to_date(db)
    assert _rows(db, "SELECT COUNT(*) FROM rules")[0][0] == 0
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    store.bring_up_to_date(db)
    assert _rows(db, "SELECT COUNT(*) FROM rules")[0][0] == len(rule_texts())


def test_a_database_of_a_newer_layout_is_refused_in_one_line(tmp_path: Path) -> None:
    db = _built(tmp_path)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {LAYOUT_VERSION + 1}")
    conn.close()
    out = CliRunner().invoke(main, ["corpus", "build", str(tmp_path / "in"), "--db", str(db)])
    assert out.exit_code == 2
    assert out.output.strip() == (f"selfeval: {db}: made by a newer selfeval (database layout "
                                  f"{LAYOUT_VERSION + 1}, this one knows up to "
                                  f"{LAYOUT_VERSION}): upgrade selfeval")


def test_an_unreadable_stored_record_stops_the_migration_in_one_line(tmp_path: Path) -> None:
    db = _old_database(tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE reports SET record_json = '{not json'")
    conn.commit()
    conn.close()
    out = CliRunner().invoke(main, ["corpus", "report", "--db", str(db)])
    assert out.exit_code == 2
    assert out.output.strip().endswith("cannot migrate the database: report 1 has no readable "
                                       "record_json")
    assert _rows(db, "PRAGMA user_version")[0][0] == 0  # rolled back, nothing half-done


def test_flag_details_names_agency_year_project_file_and_page(tmp_path: Path) -> None:
    db = _built(tmp_path)
    rows = _rows(db, "SELECT * FROM flag_details ORDER BY path")
    assert [r["path"] for r in rows] == ["a.pdf", "b.pdf", "c.pdf"]
    first = rows[0]
    assert first["agency"] == "甲单位" and first["rule"] == "total_mismatch"
    assert first["page"] == 1 and first["year"] and first["project"].startswith("项目")
    assert first["expected"] == first["reported"] + 1
    assert first["rule_zh"] == CHINESE["total_mismatch"]
    assert first["cells"] == "reported p1 [400,700,440,712]; input p1 [400,600,440,620]"


def test_agency_summary_counts_per_agency_and_year(tmp_path: Path) -> None:
    db = _built(tmp_path)
    rows = _rows(db, "SELECT agency, SUM(reports), SUM(errors) + SUM(warnings),"
                     " MIN(execution_rate), MAX(execution_rate)"
                     " FROM agency_summary GROUP BY agency ORDER BY agency")
    assert [tuple(r) for r in rows] == [("乙单位", 1, 1, 0.993, 0.993),
                                        ("甲单位", 2, 2, 0.993, 0.993)]


def test_rules_table_has_every_rule_a_flag_can_name(tmp_path: Path) -> None:
    db = _built(tmp_path)
    rows = {r["id"]: r for r in _rows(db, "SELECT * FROM rules")}
    assert set(rows) == set(RULES) | REPAIR_RULES | {NOT_CHECKED}
    assert set(CHINESE) == set(rows), "every rule needs its Chinese description"
    for rule in RULES.values():
        assert rows[rule.id]["severity"] == rule.severity
        assert rows[rule.id]["description_en"] == plain_text(rule.text)
        assert "``" not in rows[rule.id]["description_en"]
    assert rows["year_artifact"]["kind"] == "repair"


def test_the_english_texts_of_repair_flags_are_those_of_docs_scoring() -> None:
    scoring = " ".join((DOCS_DIR / "scoring.md").read_text(encoding="utf-8").split())
    scoring = scoring.replace("`", "")
    for text in rule_texts():
        if text.kind != "check":
            assert f"| {text.id} | {text.severity} |" in scoring
            first = text.description_en.split(";")[0].lower().replace("(2, 023年度, 2,023)", "")
            assert " ".join(first.split())[:40] in scoring.lower(), text.id


def test_money_in_yuan_and_canonical_labels() -> None:
    assert in_yuan(99.3, "万元") == 993_000.0
    assert in_yuan(1234.5, "元") == 1234.5
    assert in_yuan(2, "亿元") == 200_000_000.0
    assert in_yuan(5, None) is None and in_yuan(None, "元") is None
    assert canonical_label("其中:当年财政拨款") == canonical_label("其中: 当年财政拨款")
    assert canonical_label("其中：当年财政拨款") == "其中:当年财政拨款"


def test_funds_carry_yuan_beside_the_printed_values(tmp_path: Path) -> None:
    db = _built(tmp_path)
    row = _rows(db, "SELECT budget, budget_yuan, executed, executed_yuan, label_canonical"
                    " FROM funds LIMIT 1")[0]
    assert tuple(row) == (100, 1_000_000.0, 99.3, 993_000.0, "年度资金总额")


def yuan_record(path: str) -> dict[str, object]:
    """A fake record whose money unit is the file's last line (budget 100, executed 99.3)."""
    record = fake_record(path)
    unit = Path(path).read_text(encoding="utf-8").splitlines()[-1]
    record["reports"][0]["money_unit"] = unit or None  # type: ignore[index]
    return record


def test_agency_summary_sums_money_in_yuan_across_units(tmp_path: Path) -> None:
    root = _corpus(tmp_path, {"a.pdf": "甲单位\n万元", "b.pdf": "甲单位\n元", "c.pdf": "甲单位\n"})
    db = tmp_path / "c.db"
    build(root, db, workers=1, limits=LIMITS, task=yuan_record)
    rows = _rows(db, "SELECT year, budget_yuan, executed_yuan, execution_rate FROM agency_summary")
    total = (sum(r["budget_yuan"] or 0 for r in rows), sum(r["executed_yuan"] or 0 for r in rows))
    assert total == (1_000_100.0, 993_099.3)  # 100 万元 + 100 元; the unit-less report left out
    rates = _rows(db, "SELECT execution_rate FROM report_overview")
    assert [r[0] for r in rates] == [0.993, 0.993, 0.993]  # a rate needs no unit


def test_full_text_search_finds_agency_and_indicator_names(tmp_path: Path) -> None:
    db = _built(tmp_path)
    hits = _rows(db, "SELECT r.agency FROM reports_fts JOIN reports r ON r.id = reports_fts.rowid"
                     " WHERE reports_fts MATCH ? ORDER BY r.agency", '"甲单位"')
    assert [h[0] for h in hits] == ["甲单位", "甲单位"]
    assert len(_rows(db, "SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?", '"指标2"')) == 3
    # A document read again replaces its entries instead of adding to them.
    build(tmp_path / "in", db, workers=1, limits=LIMITS, task=fake_record, force=True)
    assert len(_rows(db, "SELECT rowid FROM reports_fts")) == 3


def test_datasette_metadata_is_written_beside_the_database(tmp_path: Path) -> None:
    root = _corpus(tmp_path, {"a.docx": "甲单位\n1"})
    db = tmp_path / "out" / "selfeval.db"
    out = CliRunner().invoke(main, ["corpus", "build", str(root), "--db", str(db), "--quiet"])
    assert out.exit_code == 0, out.output
    path = metadata_path(db)
    assert path == tmp_path / "out" / "selfeval.metadata.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    assert meta == metadata("selfeval")
    tables = meta["databases"]["selfeval"]["tables"]
    assert tables["reports"]["label_column"] == "label"
    assert tables["reports"]["fts_table"] == "reports_fts"


def test_every_canned_query_and_facet_runs_on_a_built_database(tmp_path: Path) -> None:
    db = _built(tmp_path)
    meta = metadata("c")["databases"]["c"]
    for name, query in meta["queries"].items():
        _rows(db, query["sql"].replace(":rule", "'total_mismatch'"))  # raises if it is wrong
        assert query["title"], name
    errors = _rows(db, meta["queries"]["errors_by_agency"]["sql"])
    assert sum(r["errors"] for r in errors) == _rows(
        db, "SELECT COUNT(*) FROM flags WHERE severity = 'error'")[0][0]
    for table, entry in meta["tables"].items():
        columns = {r[1] for r in _rows(db, f"PRAGMA table_info({table})")}
        assert columns, table
        for col in [*entry.get("facets", []), *([entry["label_column"]]
                    if "label_column" in entry else [])]:
            assert col in columns, (table, col)
