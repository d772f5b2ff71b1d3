"""What the grid builder reads of a text-layer PDF page, whichever library read it.

Two sources fill a :class:`PageLayer`: pdfium (:mod:`selfeval.extract.pdfium_layer`, the
default) and pdfplumber/pdfminer (:func:`plumber_layer`), the second reader, kept for
files pdfium refuses and behind :class:`selfeval.extract.pdf_settings.PdfSettings`.
Coordinates are pdfplumber's: PDF points, the origin at the top left of the page as it
is displayed (``/Rotate`` applied), ``x0 < x1`` and ``top < bottom``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: A character: ``text`` and its box ``x0``, ``top``, ``x1``, ``bottom``.
Char = dict[str, Any]
#: A straight piece of line art (one side of a rectangle, one segment of a path), or
#: an image's box: ``x0``, ``top``, ``x1``, ``bottom``.
Box = dict[str, float]


@dataclass(frozen=True)
class PageLayer:
    """One page's text layer and line art."""

    width: float
    height: float
    chars: list[Char]
    #: Every straight piece of the page's line art; the rulings are among them.
    edges: list[Box]
    images: list[Box]
    #: The page draws vector shapes beyond lone straight lines (rectangles, curves):
    #: on a page without text, something worth reading by OCR.
    has_shapes: bool


def plumber_layer(page: Any) -> PageLayer:
    """The layer of a pdfplumber page, read by pdfminer."""
    return PageLayer(
        width=float(page.width), height=float(page.height), chars=page.chars,
        edges=page.edges, images=page.images, has_shapes=bool(page.curves or page.rects),
    )
