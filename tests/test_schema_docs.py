"""docs/schema.md is kept true: every key a record can carry is documented there."""

from __future__ import annotations

from dataclasses import fields

import pytest
from selfeval.normalize.records import (
    CellRef,
    CitedCell,
    Document,
    Flag,
    Fund,
    Indicator,
    Report,
    Source,
    Where,
    document_to_dict,
)
from selfeval.scoring import score_report

from tests.data_paths import DOCS_DIR
from tests.scoring_cases import truth_report

SCHEMA = (DOCS_DIR / "schema.md").read_text(encoding="utf-8")


def _documented(key: str) -> bool:
    """``key`` has a row of its own (`` `key` ``) or its parts do (`` `key.page` ``)."""
    return f"`{key}`" in SCHEMA or f"`{key}." in SCHEMA


@pytest.mark.parametrize("record", [Report, Fund, Indicator, Flag, Where],
                         ids=lambda r: r.__name__)
def test_every_field_that_reaches_the_json_is_documented(record: type) -> None:
    report = score_report(truth_report("003_yueyang_docx"))
    assert report.flags, "a report with flags, so that their keys are seen"
    printed = document_to_dict_keys(report)
    for f in fields(record):
        if f.name in printed[record.__name__]:
            assert _documented(f.name) or _documented(f"where.{f.name}"), (
                f"{record.__name__}.{f.name} is in the JSON but not in docs/schema.md")


def document_to_dict_keys(report: Report) -> dict[str, set[str]]:
    """The keys the JSON of a document holding ``report`` prints, per record type."""
    doc = document_to_dict(Document(Source("x.pdf", "0" * 64, "pdf", 1), (report,)))
    out = doc["reports"][0]
    flag = out["flags"][0] if out["flags"] else {"where": {}}
    return {
        "Report": set(out), "Fund": set(out["funds"][0]),
        "Indicator": set(out["indicators"][0]), "Flag": set(flag),
        "Where": set(flag["where"]),
    }


@pytest.mark.parametrize("record", [CellRef, CitedCell], ids=lambda r: r.__name__)
def test_every_key_of_a_cell_location_is_documented(record: type) -> None:
    cells = SCHEMA[SCHEMA.index("## Cell locations"):]
    cells = cells[:cells.index("\n## ")]
    for f in fields(record):
        assert f"`{f.name}`" in cells, f"{record.__name__}.{f.name} is not in 'Cell locations'"


def test_document_keys_are_documented() -> None:
    for key in ("source.path", "source.sha256", "source.format", "source.pages", "reports",
                "skipped", "errors"):
        assert _documented(key), key
