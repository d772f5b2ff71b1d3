"""The PDF reader: a page at a time, so memory stays flat in the page count."""

from __future__ import annotations

from collections.abc import Iterator

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError

from extract.errors import DamagedFile, EmptyFile, EncryptedFile
from extract.grid import Item, PageError, RawDocument
from extract.pdf_lattice import lattice_tables, needs_lattice
from extract.pdf_text import page_items
from extract.ruling import find_ruled_tables
from extract.safety import check_file_size, check_pdf


def _open(path: str) -> pdfplumber.PDF:
    try:
        return pdfplumber.open(path)
    except PDFPasswordIncorrect as exc:
        raise EncryptedFile(path, "the PDF is encrypted and needs a password") from exc
    except PDFSyntaxError as exc:
        raise DamagedFile(path, f"not a readable PDF ({exc})") from exc


def read_pdf(path: str) -> RawDocument:
    """Open the PDF at ``path`` and return a raw document whose items are read lazily.

    The file is checked first (size, encryption, damage, page count: extract.safety),
    so a bad file fails here, before any page is read.
    """
    if check_file_size(path) == 0:
        raise EmptyFile(path, "the file is empty (0 bytes)")
    check_pdf(path)
    pdf = _open(path)
    try:
        n_pages = len(pdf.pages)
    except Exception as exc:
        pdf.close()
        raise DamagedFile(path, f"the PDF's page tree cannot be read ({exc})") from exc
    raw = RawDocument(path=path, format="pdf", pages=n_pages, items=iter(()))
    raw.items = _iter_pages(pdf, raw)
    return raw


def _text_page_items(path: str, page: pdfplumber.page.Page, number: int) -> list[Item]:
    """A text-layer page's items: rulings from the vector line art, or from camelot's
    lattice finder where the vector grid is not trustworthy (see extract.pdf_lattice)."""
    tables = find_ruled_tables(page.edges)
    if needs_lattice(page, tables):
        lattice = lattice_tables(path, number, page.height)
        if lattice:
            return list(page_items(page, number, lattice, extractor="pdf-lattice"))
    return list(page_items(page, number, tables))


def _iter_pages(pdf: pdfplumber.PDF, raw: RawDocument) -> Iterator[Item]:
    with pdf:
        for index, page in enumerate(pdf.pages):
            number = index + 1
            try:
                yield from _text_page_items(raw.path, page, number)
            except Exception as exc:  # noqa: BLE001 - one broken page never loses the others
                raw.page_errors.append(PageError(number, f"page {number} cannot be read ({exc})"))
            finally:
                page.close()
