"""Every fixture through ``selfeval extract --json``, compared with its truth file field by
field (the acceptance tests of the extraction and OCR issues). The scanned fixtures go
through OCR and are marked slow."""

from __future__ import annotations

import pytest
from selfeval.normalize.records import report_from_dict

from tests.conftest import ExtractJson
from tests.data_paths import FIXTURES, TRUTH
from tests.flag_matching import Tally
from tests.truth_compare import Agreement, compare_document, load_truth

#: The extraction issue's bar: field agreement over the text-PDF and DOCX fixtures.
MIN_TEXT_AGREEMENT = 0.99
#: The OCR issue's bars on the scanned fixtures: all fields, and the numeric ones.
MIN_SCANNED_AGREEMENT = 0.97
MIN_SCANNED_NUMERIC_AGREEMENT = 0.99

TRUTHS = sorted(TRUTH.glob("*.json"))

#: Truth file name → (what ``selfeval extract --json`` printed, the truth).
Extracted = dict[str, tuple[dict, dict]]


def _extract(extract_json: ExtractJson, scanned: bool) -> Extracted:
    out = {}
    for truth_path in TRUTHS:
        truth = load_truth(truth_path)
        if (truth["document"]["style"] == "scanned") == scanned:
            out[truth_path.name] = (extract_json(FIXTURES / truth["document"]["file"]), truth)
    return out


@pytest.fixture(scope="module")
def text_docs(extract_json: ExtractJson) -> Extracted:
    return _extract(extract_json, scanned=False)


@pytest.fixture(scope="module")
def scanned_docs(extract_json: ExtractJson) -> Extracted:
    return _extract(extract_json, scanned=True)


def _agreement(extracted: Extracted, kind: str) -> Agreement:
    total = Agreement()
    for name, (got, truth) in extracted.items():
        agreement = compare_document(got, truth)
        print(f"{name}: {agreement.matched}/{agreement.total} fields = {agreement.ratio:.2%}"
              f" (numeric {agreement.numeric_ratio:.2%})")
        total.add(agreement)
    print(f"{kind}: {total.matched}/{total.total} = {total.ratio:.2%}; "
          f"numeric {total.numeric_matched}/{total.numeric_total} = {total.numeric_ratio:.2%}")
    for miss in total.misses[:30]:
        print("  miss:", miss)
    return total


def _every_report_found_and_none_invented(extracted: Extracted) -> None:
    for name, (got, truth) in extracted.items():
        assert len(got["reports"]) == len(truth["reports"]), name
        assert [s["why"] for s in got["skipped"]] == [s["why"] for s in truth["skipped"]], name


def _tally(extracted: Extracted, skip: frozenset[str]) -> Tally:
    tally = Tally()
    for got, truth in extracted.values():
        for have, want in zip(got["reports"], truth["reports"], strict=True):
            tally.add(report_from_dict(have).flags, want.get("expected_flags", []), skip=skip)
    return tally


def test_every_report_found_and_none_invented(text_docs: Extracted) -> None:
    _every_report_found_and_none_invented(text_docs)


def test_field_agreement_on_text_fixtures(text_docs: Extracted) -> None:
    assert _agreement(text_docs, "text PDF + DOCX").ratio >= MIN_TEXT_AGREEMENT


def test_expected_flags_fire_end_to_end(text_docs: Extracted) -> None:
    """On text PDFs and DOCX the flags (repair flags included) are exactly the truth's
    ``expected_flags``: precision and recall 100%."""
    tally = _tally(text_docs, skip=frozenset())
    print("text PDF + DOCX, end to end:", tally.summary())
    assert tally.precision == 1.0 and tally.recall == 1.0, (tally.unexpected, tally.missed)


@pytest.mark.slow
def test_every_scanned_report_found_and_none_invented(scanned_docs: Extracted) -> None:
    _every_report_found_and_none_invented(scanned_docs)


@pytest.mark.slow
def test_field_agreement_on_scanned_fixtures(scanned_docs: Extracted) -> None:
    total = _agreement(scanned_docs, "scanned")
    assert total.ratio >= MIN_SCANNED_AGREEMENT
    assert total.numeric_ratio >= MIN_SCANNED_NUMERIC_AGREEMENT


@pytest.mark.slow
def test_expected_flags_fire_on_scanned_fixtures(scanned_docs: Extracted) -> None:
    """On scans every expected flag fires and no other rule does. ``ocr_low_confidence``
    is left out of precision: the truth files cannot know our recogniser's confidence."""
    tally = _tally(scanned_docs, skip=frozenset({"ocr_low_confidence"}))
    print("scanned, end to end:", tally.summary())
    assert tally.precision == 1.0 and tally.recall == 1.0, (tally.unexpected, tally.missed)
