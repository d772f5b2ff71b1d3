"""Text-PDF path per page by the library that reads the pages: selfeval (read, normalise,
score) with pdfium, the default, and with pdfminer (``SELFEVAL_PDF_TEXT=pdfminer``), vs
pdfplumber's ``extract_tables()`` alone, taking turns on the same pages."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from selfeval.corpus.pipeline import process_file
from selfeval.extract.pdf_settings import TEXT_READER_ENV

from bench.bench_text_pdf import REPEATS, _pages, _pdfplumber, seconds_per_page, text_pdfs

#: The issue's target: the whole pipeline at most this share of pdfplumber's time.
TARGET_RATIO = 0.3


def _selfeval_with(reader: str) -> Callable[[Path], None]:
    def run(path: Path) -> None:
        before = os.environ.get(TEXT_READER_ENV)
        os.environ[TEXT_READER_ENV] = reader
        try:
            process_file(path)
        finally:
            if before is None:
                del os.environ[TEXT_READER_ENV]
            else:
                os.environ[TEXT_READER_ENV] = before
    return run


def main() -> None:
    docs = text_pdfs()
    pages = sum(_pages(d) for d in docs)
    pdfium, pdfminer, plumber = seconds_per_page(
        [_selfeval_with("pdfium"), _selfeval_with("pdfminer"), _pdfplumber], docs, REPEATS)
    print(f"text PDFs: {len(docs)} files, {pages} pages (median of {REPEATS}, taking turns)")
    print(f"  selfeval, pages read by pdfium     {pdfium * 1000:8.1f} ms/page"
          f"   /pdfplumber = {pdfium / plumber:.2f} (target <= {TARGET_RATIO})")
    print(f"  selfeval, pages read by pdfminer   {pdfminer * 1000:8.1f} ms/page"
          f"   /pdfplumber = {pdfminer / plumber:.2f}")
    print(f"  pdfplumber extract_tables()        {plumber * 1000:8.1f} ms/page"
          f"   pdfminer/pdfium = {pdfminer / pdfium:.1f}x")
