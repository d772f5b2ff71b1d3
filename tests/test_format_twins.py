"""Each fixture converted into each new format it can take reads like its PDF/DOCX twin:
≥ 99.5% of the twin's truth (pages aside: only a PDF has them) and the same flags.

The converted files are committed (tests/data/fixtures/sources/README.md says how each was
made), so these tests need no converter, except to read a ``.doc``: selfeval itself reads
one through LibreOffice, so those twins are skipped, saying so, where it is missing.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from selfeval.extract.office_convert import INSTALL_HINT, converter
from selfeval.normalize.records import report_from_dict

from tests.conftest import ExtractJson
from tests.data_paths import SOURCES, TRUTH
from tests.flag_matching import Tally
from tests.truth_compare import compare_document, load_truth

#: The issue's bar for a converted fixture against its twin's truth.
MIN_TWIN_AGREEMENT = 0.995

#: Converted file → (its twin's truth file, the format it must be read as).
TWINS: dict[str, tuple[str, str]] = {
    "000_qiannan_xlsx-export.xlsx": ("000_qiannan_xlsx-export.json", "xlsx"),
    "002_qnjinrong_xlsx-export.xlsx": ("002_qnjinrong_xlsx-export.json", "xlsx"),
    "000_qiannan_xlsx-export.xls": ("000_qiannan_xlsx-export.json", "xls"),
    "002_qnjinrong_xlsx-export.xls": ("002_qnjinrong_xlsx-export.json", "xls"),
    "000_qiannan_xlsx-export.html": ("000_qiannan_xlsx-export.json", "html"),
    "002_qnjinrong_xlsx-export.html": ("002_qnjinrong_xlsx-export.json", "html"),
    "001_longgang_docx.html": ("001_longgang_docx.json", "html"),
    "003_yueyang_docx.html": ("003_yueyang_docx.json", "html"),
    "004_huangpu_docx.html": ("004_huangpu_docx.json", "html"),
    "001_longgang_docx.doc": ("001_longgang_docx.json", "doc"),
    "003_yueyang_docx.doc": ("003_yueyang_docx.json", "doc"),
    "004_huangpu_docx.doc": ("004_huangpu_docx.json", "doc"),
}

#: Formats read through LibreOffice: their twins are read only where it is installed.
CONVERTED = {"doc"}


def twin_truth(truth_name: str, fmt: str) -> dict[str, Any]:
    truth = copy.deepcopy(load_truth(TRUTH / truth_name))
    truth["document"]["format"] = fmt
    return truth


@pytest.mark.parametrize("name", sorted(TWINS))
def test_converted_fixture_reads_like_its_twin(name: str, extract_json: ExtractJson) -> None:
    truth_name, fmt = TWINS[name]
    if fmt in CONVERTED and converter() is None:
        pytest.skip(f"LibreOffice (soffice) is not installed: {name} cannot be converted here "
                    f"({INSTALL_HINT})")
    truth = twin_truth(truth_name, fmt)
    got = extract_json(SOURCES / name)
    assert got["source"]["format"] == fmt
    agreement = compare_document(got, truth)
    assert agreement.ratio >= MIN_TWIN_AGREEMENT, agreement.misses[:20]
    tally = Tally()
    for have, want in zip(got["reports"], truth["reports"], strict=True):
        tally.add(report_from_dict(have).flags, want.get("expected_flags", []),
                  skip=frozenset({"not_checked"}))
    assert not tally.unexpected and not tally.missed


def test_every_converted_fixture_is_listed() -> None:
    on_disk = {p.name for p in Path(SOURCES).iterdir() if p.suffix != ".md"}
    assert on_disk == set(TWINS)
