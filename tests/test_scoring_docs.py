"""Docs kept true by tests: every registered rule is documented with its severity,
and is a rule of RULES.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scoring import RULES
from tests.flag_matching import FIXTURES

DOC = Path(__file__).resolve().parents[1] / "docs" / "scoring.md"
README = Path(__file__).resolve().parents[1] / "README.md"
SPEC = FIXTURES.parent / "spec" / "RULES.md"


def _table(text: str) -> dict[str, str]:
    """``rule id → severity`` from a markdown table whose rows start ``| `id` | severity |``."""
    return dict(re.findall(r"^\| `([a-z0-9_]+)` \| (error|warning|info) \|", text, re.M))


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_documented_with_its_severity(rule_id: str) -> None:
    documented = _table(DOC.read_text(encoding="utf-8"))
    assert documented.get(rule_id) == RULES[rule_id].severity


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_is_in_the_spec_table_with_the_same_severity(rule_id: str) -> None:
    assert _table(SPEC.read_text(encoding="utf-8")).get(rule_id) == RULES[rule_id].severity


def test_doc_lists_no_rule_the_scorer_lacks() -> None:
    assert set(_table(DOC.read_text(encoding="utf-8"))) == set(RULES)


def test_every_spec_rule_is_scored_or_raised_by_the_normaliser() -> None:
    spec = set(_table(SPEC.read_text(encoding="utf-8")))
    assert spec - set(RULES) == {"year_artifact"}


def test_readme_links_the_scoring_doc() -> None:
    assert "docs/scoring.md" in README.read_text(encoding="utf-8")
