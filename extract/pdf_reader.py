"""The PDF reader: a page at a time, so memory stays flat in the page count."""

from __future__ import annotations

from collections.abc import Iterator

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError

from extract.errors import DamagedFile, EncryptedFile
from extract.grid import Item, PageError, RawDocument
from extract.pdf_text import page_items


def _open(path: str) -> pdfplumber.PDF:
    try:
        return pdfplumber.open(path)
    except PDFPasswordIncorrect as exc:
        raise EncryptedFile(path, "the PDF is encrypted and needs a password") from exc
    except PDFSyntaxError as exc:
        raise DamagedFile(path, f"not a readable PDF ({exc})") from exc


def read_pdf(path: str) -> RawDocument:
    """Open the PDF at ``path`` and return a raw document whose items are read lazily."""
    pdf = _open(path)
    try:
        n_pages = len(pdf.pages)
    except Exception as exc:
        pdf.close()
        raise DamagedFile(path, f"the PDF's page tree cannot be read ({exc})") from exc
    raw = RawDocument(path=path, format="pdf", pages=n_pages, items=iter(()))
    raw.items = _iter_pages(pdf, raw)
    return raw


def _iter_pages(pdf: pdfplumber.PDF, raw: RawDocument) -> Iterator[Item]:
    with pdf:
        for index, page in enumerate(pdf.pages):
            number = index + 1
            try:
                yield from list(page_items(page, number))
            except Exception as exc:  # noqa: BLE001 - one broken page never loses the others
                raw.page_errors.append(PageError(number, f"page {number} cannot be read ({exc})"))
            finally:
                page.close()
