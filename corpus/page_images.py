"""Pictures of the page region a flag's cells are printed on, rendered from the PDF.

The record says where every cell a flag rests on is printed (page and box in PDF
points, for a text layer and a scan alike: docs/schema.md, "Cell locations"). This
module reads no text: it crops a band across the page, from the header row of the
table above the cells (so the column labels, 分值 / 得分, are in the picture) down to
the lowest cell, renders it with pypdfium2, and places the cells' boxes on the crop.
The report draws those boxes over the picture (SVG in the same points), so what it
draws is exactly what the record holds.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Mark:
    """A box to draw: a cell a flag rests on, its role (``reported`` or ``input``) and
    the record field it holds."""

    role: str
    field: str
    box: Box


@dataclass(frozen=True)
class Region:
    """What to picture on one page: the marks, and the boxes of the header-row cells of
    the report's tables printed on that page (the nearest one above the marks is kept
    in the crop)."""

    page: int
    marks: tuple[Mark, ...]
    headers: tuple[Box, ...] = ()

    def band(self) -> tuple[float, float]:
        """The band to crop, ``(top, bottom)`` in points before margins: the marks, and
        the header row nearest above them (a header printed on two rows, both)."""
        top = min(m.box[1] for m in self.marks)
        bottom = max(m.box[3] for m in self.marks)
        above = [h for h in self.headers if h[1] <= top + TOUCH_PT]
        if above:
            nearest = max(h[1] for h in above)
            row = [h for h in above if h[3] > nearest - TOUCH_PT or h[1] == nearest]
            top = min(top, *(h[1] for h in row))
        return top, bottom


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
    from selfeval.extract.pdf_reader import open_pdf, page_at

    with open_pdf(pdf_path) as pdf:
        page = page_at(pdf, region.page)
        if page is None:
            return None
        check_form_draws(pdf_path, page.page_obj, region.page, rendered=True)
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


def regions(marks: Sequence[tuple[int, Mark]], headers: Sequence[tuple[int, Box]]
            ) -> list[Region]:
    """The marks grouped by page (pages in order), each with the header cells of its page."""
    pages = sorted({page for page, _ in marks})
    return [Region(p, tuple(m for page, m in marks if page == p),
                   tuple(h for page, h in headers if page == p)) for p in pages]
