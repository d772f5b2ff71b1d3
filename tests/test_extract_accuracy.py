"""Every fixture through ``selfeval extract --json``, compared with its truth file field by
field (the acceptance tests of the extraction and OCR issues)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from fixture_paths import TRUTH
from flag_matching import Tally
from truth_compare import Agreement, compare_document, load_truth

from corpus.cli import main
from normalize.records import report_from_dict

#: The extraction issue's bar: field agreement over the text-PDF and DOCX fixtures.
MIN_TEXT_AGREEMENT = 0.99
#: The OCR issue's bars on the scanned fixtures: all fields, and the numeric ones.
MIN_SCANNED_AGREEMENT = 0.97
MIN_SCANNED_NUMERIC_AGREEMENT = 0.99

TRUTHS = sorted(TRUTH.glob("*.json"))


def is_scanned(name: str) -> bool:
    return load_truth(TRUTH / name)["document"]["style"] == "scanned"


def extract_json(path: Path) -> dict:
    result = CliRunner().invoke(main, ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def extracted(fixtures_dir: Path) -> dict[str, tuple[dict, dict]]:
    """Truth file name → (what ``selfeval extract --json`` printed, the truth)."""
    out = {}
    for truth_path in TRUTHS:
        truth = load_truth(truth_path)
        out[truth_path.name] = (extract_json(fixtures_dir / truth["document"]["file"]), truth)
    return out


def _agreement(extracted: dict[str, tuple[dict, dict]], scanned: bool) -> Agreement:
    total = Agreement()
    for name, (got, truth) in extracted.items():
        if is_scanned(name) != scanned:
            continue
        agreement = compare_document(got, truth)
        print(f"{name}: {agreement.matched}/{agreement.total} fields = {agreement.ratio:.2%}"
              f" (numeric {agreement.numeric_ratio:.2%})")
        total.add(agreement)
    kind = "scanned" if scanned else "text PDF + DOCX"
    print(f"{kind}: {total.matched}/{total.total} = {total.ratio:.2%}; "
          f"numeric {total.numeric_matched}/{total.numeric_total} = {total.numeric_ratio:.2%}")
    for miss in total.misses[:30]:
        print("  miss:", miss)
    return total


def test_every_report_found_and_none_invented(extracted: dict[str, tuple[dict, dict]]) -> None:
    for name, (got, truth) in extracted.items():
        assert len(got["reports"]) == len(truth["reports"]), name
        assert [s["why"] for s in got["skipped"]] == [s["why"] for s in truth["skipped"]], name


def test_field_agreement_on_text_fixtures(extracted: dict[str, tuple[dict, dict]]) -> None:
    assert _agreement(extracted, scanned=False).ratio >= MIN_TEXT_AGREEMENT


def test_field_agreement_on_scanned_fixtures(extracted: dict[str, tuple[dict, dict]]) -> None:
    total = _agreement(extracted, scanned=True)
    assert total.ratio >= MIN_SCANNED_AGREEMENT
    assert total.numeric_ratio >= MIN_SCANNED_NUMERIC_AGREEMENT


def _tally(extracted: dict[str, tuple[dict, dict]], scanned: bool, skip: frozenset[str]) -> Tally:
    tally = Tally()
    for name, (got, truth) in extracted.items():
        if is_scanned(name) != scanned:
            continue
        for have, want in zip(got["reports"], truth["reports"], strict=True):
            tally.add(report_from_dict(have).flags, want.get("expected_flags", []), skip=skip)
    return tally


def test_expected_flags_fire_end_to_end(extracted: dict[str, tuple[dict, dict]]) -> None:
    """On text PDFs and DOCX the flags (repair flags included) are exactly the truth's
    ``expected_flags``: precision and recall 100%."""
    tally = _tally(extracted, scanned=False, skip=frozenset())
    print("text PDF + DOCX, end to end:", tally.summary())
    assert tally.precision == 1.0 and tally.recall == 1.0, (tally.unexpected, tally.missed)


def test_expected_flags_fire_on_scanned_fixtures(extracted: dict[str, tuple[dict, dict]]) -> None:
    """On scans every expected flag fires and no other rule does. ``ocr_low_confidence``
    is left out of precision: the truth files cannot know our recogniser's confidence."""
    tally = _tally(extracted, scanned=True, skip=frozenset({"ocr_low_confidence"}))
    print("scanned, end to end:", tally.summary())
    assert tally.precision == 1.0 and tally.recall == 1.0, (tally.unexpected, tally.missed)
