"""Decide, page by page, whether a PDF page is read from its text layer or by OCR.

A page goes to OCR when its text layer is missing (a scan) or unusable: glyphs
without a Unicode mapping come out of pdfminer as ``(cid:N)``, of pdfium as U+FFFD
(selfeval.extract.pdfium_layer), or as private-use code points. A page whose text
layer reads is never OCR'd, whatever images it also holds (a logo, a seal, a signature).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from selfeval.extract.pdf_layer import PageLayer

#: A page with fewer readable characters than this, under a page-sized image, is a
#: scan. The text pages of the fixtures hold 44 (a header-only continuation page) to
#: 2,368; the scanned ones 0. A scanner's caption or page number stays well below 20.
MIN_TEXT_CHARS = 20
#: ... where "page-sized" is an image covering this share of the page. The scans of
#: the fixtures cover 100%; a logo or a seal image covers under 5%.
SCAN_IMAGE_COVERAGE = 0.5
#: A text layer is unusable when this share of its glyphs is unmapped ((cid:N), U+FFFD,
#: private use). Every text page of the fixtures has 0%; a CID font without a
#: ToUnicode map gives 100%. A few private-use icons (checkboxes) stay far below.
MAX_UNMAPPED_SHARE = 0.3


@lru_cache(maxsize=4096)  # a page's glyphs are a few hundred characters, read again and again
def _is_unmapped(text: str) -> bool:
    if text.startswith("(cid:") or "\ufffd" in text:
        return True
    return any(unicodedata.category(ch) == "Co" for ch in text)


def _image_coverage(page: PageLayer) -> float:
    """Return the largest share of the page that one image covers."""
    area = float(page.width) * float(page.height)
    if area <= 0:
        return 0.0
    best = 0.0
    for image in page.images:
        width = max(min(float(image["x1"]), float(page.width)) - max(float(image["x0"]), 0.0), 0.0)
        height = max(
            min(float(image["bottom"]), float(page.height)) - max(float(image["top"]), 0.0), 0.0
        )
        best = max(best, width * height / area)
    return best


def page_needs_ocr(page: PageLayer) -> bool:
    """Return whether a page must be read by OCR rather than from its text layer."""
    glyphs = [str(char["text"]) for char in page.chars if not str(char["text"]).isspace()]
    unmapped = sum(1 for text in glyphs if _is_unmapped(text))
    readable = len(glyphs) - unmapped
    if glyphs and unmapped / len(glyphs) >= MAX_UNMAPPED_SHARE:
        return True
    if readable == 0:
        # No text layer: worth reading only if the page shows something.
        return bool(page.images) or page.has_shapes
    return readable < MIN_TEXT_CHARS and _image_coverage(page) >= SCAN_IMAGE_COVERAGE
