"""Docs kept true by tests: every registered rule, and every repair flag of the
normaliser, is documented in docs/scoring.md with its severity, and nothing else is."""

from __future__ import annotations

import re

import pytest
from selfeval.normalize.records import REPAIR_RULES
from selfeval.scoring import NOT_CHECKED, RULES

from tests.data_paths import DOCS_DIR, ROOT

DOC = DOCS_DIR / "scoring.md"
README = ROOT / "README.md"


def _table(text: str) -> dict[str, str]:
    """``rule id → severity`` from a markdown table whose rows start ``| `id` | severity |``."""
    return dict(re.findall(r"^\| `([a-z0-9_]+)` \| (error|warning|info) \|", text, re.M))


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_documented_with_its_severity(rule_id: str) -> None:
    documented = _table(DOC.read_text(encoding="utf-8"))
    assert documented.get(rule_id) == RULES[rule_id].severity


def test_doc_lists_the_scorer_and_repair_rules_and_not_checked_and_no_other() -> None:
    documented = set(_table(DOC.read_text(encoding="utf-8")))
    assert documented == set(RULES) | REPAIR_RULES | {NOT_CHECKED}


@pytest.mark.parametrize("rule_id", sorted(REPAIR_RULES))
def test_repair_rules_are_info(rule_id: str) -> None:
    assert _table(DOC.read_text(encoding="utf-8"))[rule_id] == "info"


def test_readme_links_the_scoring_doc() -> None:
    assert "docs/scoring.md" in README.read_text(encoding="utf-8")
