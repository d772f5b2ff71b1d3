"""Pictures of the page region a flag's cells are printed on, rendered from the PDF.

The record says where every cell a flag rests on is printed (page and box in PDF
points, for a text layer and a scan alike: docs/schema.md, "Cell locations"). This
module reads no text: it crops a band across the page, from the header row of the
table above the cells (so the column labels, 分值 / 得分, are in the picture) down to
the lowest cell, renders it with pypdfium2, and places the cells' boxes on the crop.
Where the table began on an earlier page (no header row above the cells on theirs),
the header row is cropped from its own page, a second picture to show above.
The report draws those boxes over the picture (SVG in the same points), so what it
draws is exactly what the record holds.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from selfeval.extract.grid import Box
from selfeval.extract.pdf_draws import check_form_draws

#: Render scale (2 = 144 dpi: the small CJK print of these forms stays legible; 1.5
#: blurred 7-pt cell text in the seed PDFs).
CROP_SCALE = 2.0

#: Points kept above and below the cells and their header row, so that a box drawn on
#: the outermost cell is not cut by the picture's edge.
BAND_MARGIN_PT = 6.0

#: Points by which a header row may overlap the row under it and still count as above
#: it (rulings are shared; a box's edge may sit a hair below the next row's top).
TOUCH_PT = 1.0

#: A header cell more than this many times as tall as the row's typical cell is a label
#: running down the block beside it (a scan's 绩效指标 cell, from the header row to the
#: foot of the page), not part of the header row's band.
TALL_CELL = 3.0


@dataclass(frozen=True)
class Mark:
    """A box to draw: a cell a flag rests on, its role (``reported`` or ``input``) and
    the record field it holds."""

    role: str
    field: str
    box: Box


def header_row(headers: Sequence[Box], above: float = math.inf) -> tuple[Box, ...]:
    """The header row nearest above ``above`` (points) among the header cells ``headers``
    of one page (a header printed on two rows, both; a label running down beside the
    block left out): the column labels of the table the cells under it are in. Empty
    where no header cell is above."""
    over = [h for h in headers if h[1] <= above + TOUCH_PT]
    if not over:
        return ()
    nearest = max(h[1] for h in over)
    row = [h for h in over if h[3] > nearest - TOUCH_PT or h[1] == nearest]
    typical = sorted(h[3] - h[1] for h in row)[(len(row) - 1) // 2]
    return tuple(h for h in row if h[3] - h[1] <= TALL_CELL * typical)


@dataclass(frozen=True)
class Region:
    """What to picture on one page: the marks, and the boxes of the header-row cells of
    the report's tables printed on that page (the nearest one above the marks is kept
    in the crop). A region without marks is a header row alone (:attr:`carried`)."""

    page: int
    marks: tuple[Mark, ...]
    headers: tuple[Box, ...] = ()
    #: Where no header row is printed above the marks on this page (a table continuing
    #: over a page break), the header row on the latest page before it that prints one:
    #: pictured on its own, above this region's picture.
    carried: Region | None = None

    def band(self) -> tuple[float, float]:
        """The band to crop, ``(top, bottom)`` in points before margins: the marks, and
        the header row nearest above them; a header row alone, its own band."""
        if not self.marks:
            return min(h[1] for h in self.headers), max(h[3] for h in self.headers)
        top = min(m.box[1] for m in self.marks)
        bottom = max(m.box[3] for m in self.marks)
        row = header_row(self.headers, top)
        return min((top, *(h[1] for h in row))), bottom


@dataclass(frozen=True)
class Picture:
    """A cropped band of a page as a data URI, where it is on the page (points), and the
    marks to draw on it (in page points: the picture spans ``x0..x0+width`` and
    ``top..top+height``)."""

    uri: str
    x0: float
    top: float
    width: float
    height: float
    marks: tuple[Mark, ...]


def _png_uri(image: Any) -> str:
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def _crop(page_height: float, band: tuple[float, float]) -> tuple[float, float]:
    top, bottom = band
    return max(0.0, top - BAND_MARGIN_PT), min(page_height, bottom + BAND_MARGIN_PT)


def render_region(pdf_path: str, region: Region) -> Picture | None:
    """Return the picture of ``region``, or None when the file has no readable page of
    that number. A page that asks for too many form drawings (annotations included)
    raises :class:`selfeval.extract.errors.LimitExceeded`; run this under limits
    (:mod:`selfeval.corpus.guarded_pictures`)."""
    import pypdfium2
    from selfeval.extract.pdf_reader import open_pdf

    with open_pdf(pdf_path) as pdf:
        page_obj = pdf.page(region.page)
        if page_obj is None:
            return None
        check_form_draws(pdf_path, page_obj, region.page, rendered=True)
    doc = pypdfium2.PdfDocument(pdf_path)
    try:
        pdf_page = doc[region.page - 1]
        width, height = pdf_page.get_size()
        top, bottom = _crop(height, region.band())
        image = pdf_page.render(scale=CROP_SCALE, crop=(0, height - bottom, 0, top)).to_pil()
    finally:
        doc.close()
    return Picture(_png_uri(image.convert("RGB")), 0.0, top, float(width), bottom - top,
                   region.marks)


def _carried(page: int, headers: Sequence[tuple[int, Box]]) -> Region | None:
    """The header row a table continued onto ``page`` has on an earlier page: the lowest
    header row of the latest page before it that prints one (the last table begun there)."""
    before = [p for p, _ in headers if p < page]
    if not before:
        return None
    last = max(before)
    row = header_row([h for p, h in headers if p == last])
    return Region(last, (), row) if row else None


def regions(marks: Sequence[tuple[int, Mark]], headers: Sequence[tuple[int, Box]]
            ) -> list[Region]:
    """The marks grouped by page (pages in order), each with the header cells of its page,
    and the header row of an earlier page where none is printed above the marks."""
    out = []
    for p in sorted({page for page, _ in marks}):
        region = Region(p, tuple(m for page, m in marks if page == p),
                        tuple(h for page, h in headers if page == p))
        top = min(m.box[1] for m in region.marks)
        if not header_row(region.headers, top):
            region = replace(region, carried=_carried(p, headers))
        out.append(region)
    return out
