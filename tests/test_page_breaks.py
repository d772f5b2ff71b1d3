"""Where a page breaks never changes what selfeval accuses a form of.

Each wild form's Word PDF and Calc PDF is read once; then its tables are broken a third,
half and two thirds of the way down, between rows and inside one (tests/page_breaks.py),
as another printer or paper size would break them. Every variant must raise no error
flag the unbroken document does not: a heading cell a break cuts in two, head rows a
break parts from the rest, or a block whose rows a break separates must never become an
accusation. (Run on the code before these were handled, eight variants raised a false
``level1_points_mismatch``.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from selfeval.extract.reading import read_document

from tests.data_paths import WILD
from tests.page_breaks import accusations, with_breaks

TEXT_PDFS = sorted([*WILD.glob("*/*_docx-pdf.pdf"), *WILD.glob("*/*_xlsx-export.pdf")])
#: How far down each table is broken.
SHARES = (1 / 3, 1 / 2, 2 / 3)


@pytest.mark.parametrize("path", TEXT_PDFS, ids=lambda p: p.name)
def test_a_page_break_elsewhere_adds_no_accusation(path: Path) -> None:
    items = list(read_document(path).items)
    unbroken = accusations(str(path), items)
    added = {(share, inside): extra for share in SHARES for inside in (False, True)
             if (extra := accusations(str(path), with_breaks(items, share, inside)) - unbroken)}
    assert added == {}


def test_the_breaks_move_rows_to_the_next_page() -> None:
    path = WILD / "wc03_yinchuan" / "wc03_yinchuan_docx-pdf.pdf"
    items = list(read_document(path).items)
    for inside in (False, True):
        broken = with_breaks(items, 1 / 2, inside)
        assert len(broken) > len(items)
        pages = {getattr(item, "page", None) for item in broken}
        assert {1, 2} <= pages
