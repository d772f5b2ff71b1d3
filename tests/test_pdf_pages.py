"""The PDF page walk (real page numbers, reference loops) and the drawing count."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from selfeval.extract import limits
from selfeval.extract.errors import LimitExceeded
from selfeval.extract.pdf_draws import check_form_draws
from selfeval.extract.pdf_pages import (
    ReferenceLoop,
    guard_references,
    missing_pages_error,
    page_slots,
)

from tests.data_paths import DOCS, REPRO
from tests.hostile_files import annotation_fanout_pdf, build_pdf, stream


@contextmanager
def opened(path: Path) -> Iterator[PDFDocument]:
    guard_references()
    with path.open("rb") as fh:
        yield PDFDocument(PDFParser(fh))


def test_a_damaged_page_object_keeps_the_numbers_of_the_pages_after_it() -> None:
    with opened(REPRO / "p29_yueyang_page1_unparseable.pdf") as doc:
        slots = list(page_slots(doc))
    assert [s.number for s in slots] == list(range(1, 10))
    assert slots[0].page is None and slots[0].error == (
        "page 1 cannot be read (its page object is damaged)")
    assert all(s.page is not None and s.error is None for s in slots[1:])


def test_pages_the_walk_cannot_find_are_counted() -> None:
    assert missing_pages_error(9, 9) is None
    assert missing_pages_error(8, 9) == (
        "1 of the 9 pages cannot be read (not found in the file's page tree)")


def test_a_reference_loop_raises_instead_of_spinning() -> None:
    with opened(REPRO / "p08_ref_cycle_mediabox.pdf") as doc, pytest.raises(
            ReferenceLoop, match="loop: 6 → 7 → 6$"):
        doc.getobj(6)


def _fanout_pdf(tmp_path: Path, depth: int, self_drawing: bool = False) -> Path:
    """A one-page PDF drawing form 4, which draws form 5 twice, … ``depth`` levels."""
    first = 4
    forms = []
    for level in range(depth):
        inner = first if self_drawing else first + level + 1
        forms.append(stream(b"/Y Do /Y Do", b"/Type /XObject /Subtype /Form /BBox [0 0 1 1]"
                            b" /Resources << /XObject << /Y %d 0 R >> >>" % inner))
    forms.append(stream(b"0 0 m 1 1 l S", b"/Type /XObject /Subtype /Form /BBox [0 0 1 1]"))
    path = tmp_path / "fanout.pdf"
    path.write_bytes(build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
        b" /Resources << /XObject << /X 4 0 R >> >> >>" % (first + len(forms)),
        *forms,
        stream(b"/X Do"),
    ]))
    return path


def _check(path: Path, rendered: bool = False) -> None:
    with opened(path) as doc:
        slot = next(page_slots(doc))
        assert slot.page is not None
        check_form_draws(str(path), slot.page, slot.number, rendered)


def test_drawings_are_counted_through_nested_forms(tmp_path: Path) -> None:
    assert 2**16 < limits.MAX_FORM_DRAWS < 2**17
    _check(_fanout_pdf(tmp_path, 15))  # 2**16 - 1 drawings: read
    with pytest.raises(LimitExceeded, match="^.*: page 1 draws more than 100,000 forms"):
        _check(_fanout_pdf(tmp_path, 17))


def test_a_form_that_draws_itself_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LimitExceeded):
        _check(_fanout_pdf(tmp_path, 1, self_drawing=True))


def test_annotation_appearances_count_only_for_a_render(tmp_path: Path) -> None:
    path = tmp_path / "annot.pdf"
    path.write_bytes(annotation_fanout_pdf(DOCS / "003_yueyang_docx-pdf.pdf", 21))
    with opened(path) as doc:
        page = next(s for s in page_slots(doc) if s.number == 2).page
        assert page is not None
        check_form_draws(str(path), page, 2)  # pdfminer does not draw annotations
        with pytest.raises(LimitExceeded):
            check_form_draws(str(path), page, 2, rendered=True)
