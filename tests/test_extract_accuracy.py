"""Every text-PDF and DOCX fixture through ``selfeval extract --json``, compared with its
truth file field by field (the extraction issue's acceptance test)."""

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

#: The issue's bar: field agreement over the text-PDF and DOCX fixtures.
MIN_AGREEMENT = 0.99

TEXT_TRUTHS = sorted(p for p in TRUTH.glob("*.json") if "scanned" not in p.name)


def extract_json(path: Path) -> dict:
    result = CliRunner().invoke(main, ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def extracted(fixtures_dir: Path) -> dict[str, tuple[dict, dict]]:
    """Truth file name → (what ``selfeval extract --json`` printed, the truth)."""
    out = {}
    for truth_path in TEXT_TRUTHS:
        truth = load_truth(truth_path)
        out[truth_path.name] = (extract_json(fixtures_dir / truth["document"]["file"]), truth)
    return out


def test_every_report_found_and_none_invented(extracted: dict[str, tuple[dict, dict]]) -> None:
    for name, (got, truth) in extracted.items():
        assert len(got["reports"]) == len(truth["reports"]), name
        assert [s["why"] for s in got["skipped"]] == [s["why"] for s in truth["skipped"]], name


def test_field_agreement_on_text_fixtures(extracted: dict[str, tuple[dict, dict]]) -> None:
    total = Agreement()
    for name, (got, truth) in extracted.items():
        agreement = compare_document(got, truth)
        print(f"{name}: {agreement.matched}/{agreement.total} fields = {agreement.ratio:.2%}")
        total.add(agreement)
    print(f"text PDF + DOCX: {total.matched}/{total.total} = {total.ratio:.2%}; "
          f"numeric {total.numeric_ratio:.2%}")
    for miss in total.misses[:30]:
        print("  miss:", miss)
    assert total.ratio >= MIN_AGREEMENT


def test_expected_flags_fire_end_to_end(extracted: dict[str, tuple[dict, dict]]) -> None:
    """The flags on the extracted records (repair flags included) are exactly the truth's
    ``expected_flags``: precision and recall 100%."""
    tally = Tally()
    for got, truth in extracted.values():
        for have, want in zip(got["reports"], truth["reports"], strict=True):
            fired = report_from_dict(have).flags
            tally.add(fired, want.get("expected_flags", []), skip=frozenset())
    print("end to end:", tally.summary())
    assert tally.precision == 1.0 and tally.recall == 1.0, (tally.unexpected, tally.missed)
