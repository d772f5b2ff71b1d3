"""How text PDFs are read: the one place for the PDF reader's settings.

The settings come from the environment (so that they reach a corpus build's workers,
local or Dask, as the labels do) or are given to
:func:`selfeval.extract.pdf_reader.read_pdf` directly (the tests comparing the readers).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal, cast

from selfeval.extract.errors import SelfevalError

#: Names the library that reads text pages (``pdfium`` or ``pdfminer``).
TEXT_READER_ENV = "SELFEVAL_PDF_TEXT"

TextReader = Literal["pdfium", "pdfminer"]
TEXT_READERS: tuple[TextReader, ...] = ("pdfium", "pdfminer")


@dataclass(frozen=True)
class PdfSettings:
    """Settings of the PDF reader."""

    #: The library that reads a text page's characters and line art. pdfium reads the
    #: text fixtures' pages some 20× faster than pdfminer and gives the same cells
    #: (tests/test_pdf_layers.py); pdfminer (through pdfplumber) still reads a file
    #: pdfium refuses, or a page it cannot load, whatever this says.
    text_reader: TextReader = "pdfium"


def pdf_settings() -> PdfSettings:
    """The settings the environment asks for (:data:`TEXT_READER_ENV`), else the defaults."""
    named = os.environ.get(TEXT_READER_ENV, "").strip().lower()
    if not named:
        return PdfSettings()
    if named not in TEXT_READERS:
        raise SelfevalError(TEXT_READER_ENV, f"names no PDF text reader: {named!r} "
                            f"(one of {', '.join(TEXT_READERS)})")
    return PdfSettings(text_reader=cast(TextReader, named))
