"""OCR for scanned PDF pages: ruled tables read cell by cell, so text never jumps columns.

The reader renders a page at :data:`OCR_RENDER_DPI` and calls :func:`ocr_page`. The
engine is RapidOCR's PP-OCR recognition model, shipped inside the ``rapidocr`` wheel;
docs/ocr.md records how it was chosen.
"""

from selfeval.extract.ocr.page import OCR_RENDER_DPI, ocr_page

__all__ = ["OCR_RENDER_DPI", "ocr_page"]
