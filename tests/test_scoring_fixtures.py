"""The scorer on every truth record of tests/data/fixtures: each expected flag fires,
no other flag does (precision and recall both 100%)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from selfeval.normalize.records import report_from_dict, to_json_number
from selfeval.scoring import RULES, score_report

from tests.data_paths import TRUTH
from tests.flag_matching import NORMALISER_RULES, Tally, expected_key, flag_key

TRUTH_FILES = sorted(TRUTH.glob("*.json"))


def _truth_reports(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["reports"]


def test_truth_files_are_present() -> None:
    assert len(TRUTH_FILES) >= 10


def test_precision_and_recall_on_every_truth_record() -> None:
    tally = Tally()
    for path in TRUTH_FILES:
        for truth in _truth_reports(path):
            scored = score_report(report_from_dict(truth))
            tally.add(scored.flags, truth["expected_flags"])
    print(f"\nscorer on {len(TRUTH_FILES)} truth files: {tally.summary()}")
    assert not tally.unexpected, f"false alarms: {dict(tally.unexpected)}"
    assert not tally.missed, f"missed: {dict(tally.missed)}"
    assert tally.precision == 1.0 and tally.recall == 1.0
    assert sum(tally.matched.values()) >= 20  # the fixtures do expect flags


@pytest.mark.parametrize("path", TRUTH_FILES, ids=lambda p: p.stem)
def test_expected_flags_carry_the_truth_values(path: Path) -> None:
    """Where the truth states expected/reported/severity, the flag says the same."""
    for truth in _truth_reports(path):
        scored = score_report(report_from_dict(truth))
        by_key = {flag_key(f): f for f in scored.flags}
        for entry in truth["expected_flags"]:
            if entry["rule"] in NORMALISER_RULES:
                continue
            flag = by_key[expected_key(entry)]
            assert flag.severity == entry["severity"]
            assert flag.rule in RULES and flag.profile == "national"
            assert flag.where.page in (truth.get("pages") or [None])
            for key in ("expected", "reported"):
                if key in entry and isinstance(entry[key], (int, float)):
                    value = getattr(flag, key)
                    assert isinstance(value, Decimal)
                    assert to_json_number(value) == pytest.approx(entry[key])
