"""Every file in tests/data/repro/ (each once broke selfeval; README there) through
``selfeval extract --json``: the right pages and errors, or one plain line and exit 2,
in seconds."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from functools import cache

import pytest
from click.testing import CliRunner, Result
from selfeval.corpus.cli import main

from tests.data_paths import REPRO

#: Seconds any repro file may take through ``extract`` (each once ran into the 300 s limit).
SECONDS_BOUND = 20.0


@dataclass(frozen=True)
class Expected:
    """What ``extract --json`` must say about one repro file."""

    #: The document's ``errors``, each one line, exactly.
    errors: tuple[str, ...]
    #: The page count (None when the file is refused before it is counted).
    pages: int | None = None
    #: The pages each report is printed on.
    report_pages: tuple[tuple[int, ...], ...] = ()


EXPECTED: dict[str, Expected] = {
    "dup_part.docx": Expected((
        "the DOCX holds 2 parts named word/document.xml (readers disagree on which counts)",)),
    "xxe_ebcdic.docx": Expected((
        "word/document.xml is not well-formed XML (Unsupported encoding: detecting EBCDIC ,"
        " line 1, column 1 (<string>, line 1))",)),
    "fuzz-001_longgang-bytes-22.pdf": Expected(("no self-evaluation form found",)),
    "p02_huge_mediabox_noscale.pdf": Expected((
        "no self-evaluation form found (page 1 cannot be read (Bounding box contains non-number"
        " coordinate(s): [0, 0, 1, /'e9', 1, /'e9']))",)),
    "p07_ref_cycle_kids.pdf": Expected((
        "a damaged PDF (its objects refer to each other in a loop: 3 → 4 → 3)",)),
    "p08_ref_cycle_mediabox.pdf": Expected((
        "a damaged PDF (its objects refer to each other in a loop: 6 → 7 → 6)",)),
    "p11_xref_prev_loop.pdf": Expected((
        "a damaged PDF (its cross-reference sections refer back to each other in a loop)",)),
    "p26_form_xobject_fanout_2pow30.pdf": Expected((
        "no self-evaluation form found (page 1 draws more than 100,000 forms, or nests them too"
        " deeply (the drawing limit))",)),
    "p27_silent_page_drop.pdf": Expected((
        "no self-evaluation form found (page 2 cannot be read (its page object is damaged))",)),
    # The form is on page 2 of 9 in both; the unparseable page is named, none renumbered.
    "p28_yueyang_page3_unparseable.pdf": Expected(
        ("page 3 cannot be read (its page object is damaged)",), 9, ((2,),)),
    "p29_yueyang_page1_unparseable.pdf": Expected(
        ("page 1 cannot be read (its page object is damaged)",), 9, ((2,),)),
    # Reads cleanly: its annotation is a drawing bomb only for a renderer (test_report_limits).
    "report_dos_annot_fanout21.pdf": Expected((), 9, ((2,),)),
}


@cache
def run(name: str) -> tuple[Result, float]:
    started = time.monotonic()
    result = CliRunner().invoke(main, ["extract", "--json", "--timeout", "60",
                                       str(REPRO / name)])
    return result, time.monotonic() - started


def test_every_repro_file_is_tested() -> None:
    assert {p.name for p in REPRO.iterdir() if p.suffix in (".pdf", ".docx")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_repro_file(name: str) -> None:
    result, seconds = run(name)
    want = EXPECTED[name]
    assert seconds < SECONDS_BOUND
    doc = json.loads(result.stdout)
    assert tuple(doc["errors"]) == want.errors
    assert doc["source"].get("pages") == want.pages
    assert tuple(tuple(r["pages"]) for r in doc["reports"]) == want.report_pages
    lines = result.stderr.splitlines()
    assert result.exit_code == (2 if not doc["reports"] else 0)
    assert lines == [f"selfeval: {REPRO / name}: {e}" for e in want.errors]
