"""``corpus report`` renders untrusted PDFs under limits: each picture in a child with
a time and memory limit, after a count of the page's form drawings (annotations
included), within one time budget per report; a picture that cannot be made says why."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from selfeval.corpus import guarded_pictures
from selfeval.corpus.guarded_pictures import PictureBudget
from selfeval.corpus.ingest import build
from selfeval.corpus.page_images import Mark, Region
from selfeval.corpus.report_html import collect

from tests.data_paths import DOCS, REPRO
from tests.hostile_files import annotation_fanout_pdf

#: The Yueyang form with an annotation drawing 2**21 forms (35 s and 6.4 GB a picture).
BOMB = REPRO / "report_dos_annot_fanout21.pdf"
#: Seconds a report of one document may take (its ten pictures take about one).
REPORT_BOUND_S = 30.0

DRAWING_LIMIT = ("no picture: page 2 draws more than 100,000 forms, or nests them too deeply"
                 " (the drawing limit)")


def _pictures(tmp_path: Path, pdf: bytes) -> tuple[list[tuple[str | None, str | None]], float]:
    """Build a corpus of one PDF and collect its report: each flag's (picture, why not)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "form.pdf").write_bytes(pdf)
    db = tmp_path / "c.db"
    build(folder, db, workers=1)
    started = time.monotonic()
    data = collect(db)
    seconds = time.monotonic() - started
    pictures = [(p["picture"], p["why"]) for report in data["reports"]
                for f in report["flags"] for p in f["pictures"]]
    assert pictures, "the form has flags with cells on a page"
    return pictures, seconds


@pytest.mark.slow
def test_a_drawing_bomb_gets_no_picture_and_the_report_finishes(tmp_path: Path) -> None:
    pictures, seconds = _pictures(tmp_path, BOMB.read_bytes())
    assert seconds < REPORT_BOUND_S
    assert {why for _, why in pictures} == {DRAWING_LIMIT}


@pytest.mark.slow
def test_a_small_fanout_is_pictured(tmp_path: Path) -> None:
    small = annotation_fanout_pdf(DOCS / "003_yueyang_docx-pdf.pdf", 8)
    pictures, seconds = _pictures(tmp_path, small)
    assert seconds < REPORT_BOUND_S
    assert all(p and p.uri.startswith("data:image/png") and why is None for p, why in pictures)


#: A region to picture, for the limits (the stand-in renderers never look at it).
REGION = Region(1, (Mark("reported", "total_score", (0.0, 0.0, 10.0, 10.0)),))


def _hang(region: Region, path: str) -> str:
    time.sleep(3600)
    return ""


def _hog(region: Region, path: str) -> str:
    return str(len(bytearray(64 * 1024**3)))


def test_a_picture_that_hangs_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guarded_pictures, "PICTURE_TIMEOUT_S", 0.5)
    monkeypatch.setattr(guarded_pictures, "render_region", _hang)
    budget = PictureBudget()
    assert budget.picture("x.pdf", REGION) == (
        None, "no picture: timed out after 0.5 s")
    assert budget.seconds_left < guarded_pictures.PICTURE_BUDGET_S


def test_a_picture_that_eats_memory_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guarded_pictures, "PICTURE_MAX_MEMORY", 1024**3)
    monkeypatch.setattr(guarded_pictures, "render_region", _hog)
    assert PictureBudget().picture("x.pdf", REGION) == (
        None, "no picture: exceeded the memory limit of 1 GiB")


def test_pictures_past_the_budget_are_not_made() -> None:
    assert PictureBudget(seconds_left=0).picture("x.pdf", REGION) == (
        None, f"no picture: the report's {guarded_pictures.PICTURE_BUDGET_S:g} s for pictures"
              " were spent")
