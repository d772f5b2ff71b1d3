"""OCR for scanned PDF pages: ruled tables read cell by cell, so text never jumps columns.

The reader renders a page at :data:`OCR_RENDER_DPI` and calls :func:`ocr_page`. The
engine is RapidOCR's PP-OCR recognition model, shipped inside the ``rapidocr`` wheel;
docs/ocr.md records how it was chosen. Both names are loaded on first use (OpenCV and
numpy with them), so importing a module of this package costs nothing else.
"""

from __future__ import annotations

from typing import Any

__all__ = ["OCR_RENDER_DPI", "ocr_page"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from selfeval.extract.ocr import page

        return getattr(page, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
