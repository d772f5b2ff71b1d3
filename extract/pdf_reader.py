"""The PDF reader: a page at a time, so memory stays flat in the page count.

pdfminer walks the page tree (real page numbers, damaged pages named:
selfeval.extract.pdf_pages) and counts each page's form drawings before anything draws
them (selfeval.extract.pdf_draws). A page's characters and line art are then read by
pdfium (selfeval.extract.pdfium_layer), or by pdfplumber/pdfminer where the settings
say so (selfeval.extract.pdf_settings) or pdfium refuses the file or the page: both
give the same :class:`~selfeval.extract.pdf_layer.PageLayer`. pdfplumber is imported
and opened only when a page is read through it: its import (pdfminer's layout
analysis, fonts and interpreter with it) is about 50 ms that ``selfeval extract`` on a
file of pdfium pages does not pay.

Each page is triaged on its own (selfeval.extract.triage): a page with a usable text layer is
read from it; a scanned page, or one whose text layer is unusable, is rendered and
read by the OCR reader (selfeval.extract.ocr). Pages are created one by one rather than
through ``pdfplumber.PDF.pages`` (which keeps every page), and each page's decoded
streams are dropped from pdfminer's object cache once the page is read.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pypdfium2 as pdfium
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFStream, resolve1
from selfeval.extract.errors import EmptyFile, SelfevalError, with_detail
from selfeval.extract.grid import PAGED_LAYOUT, Item, PageError, RawDocument
from selfeval.extract.pdf_draws import check_form_draws
from selfeval.extract.pdf_lattice import covers_more, lattice_tables, needs_lattice
from selfeval.extract.pdf_layer import PageLayer, plumber_layer
from selfeval.extract.pdf_pages import guard_references, missing_pages_error, page_slots
from selfeval.extract.pdf_settings import PdfSettings, pdf_settings
from selfeval.extract.pdf_text import page_items
from selfeval.extract.pdfium_layer import read_layer
from selfeval.extract.ruling import find_ruled_tables
from selfeval.extract.safety import (
    check_file_size,
    check_page_render,
    count_pdf_pages,
    open_pdf_document,
)
from selfeval.extract.triage import page_needs_ocr

_log = logging.getLogger(__name__)


class MinerFile:
    """The file as pdfminer parses it, its object lookups guarded against reference
    loops: the page tree and each page's objects. pdfplumber opens it too, once, only
    when a page is read through pdfplumber (:meth:`plumber_page`)."""

    def __init__(self, path: str) -> None:
        self.path = path
        guard_references()
        self._fh = open(path, "rb")  # noqa: SIM115 - held until close()
        try:
            self.doc: PDFDocument = open_pdf_document(path, self._fh)
        except BaseException:
            self._fh.close()
            raise
        self._plumber: Any = None

    def page(self, number: int) -> PDFPage | None:
        """Page ``number`` (1-based, as the reader numbers it: a damaged page before it
        still counts), or None if the file has no readable page of that number."""
        slot = next((s for s in page_slots(self.doc) if s.number == number), None)
        return None if slot is None else slot.page

    def plumber_page(self, page_obj: PDFPage, number: int) -> Any:
        """``page_obj`` as a pdfplumber page, read by pdfminer's layout analysis."""
        from pdfplumber.page import Page

        if self._plumber is None:
            import pdfplumber

            self._plumber = pdfplumber.open(self.path)
        return Page(self._plumber, page_obj, page_number=number, initial_doctop=0)

    def forget(self, page_obj: PDFPage) -> None:
        """Drop what reading ``page_obj`` decoded (its content streams and XObjects) from
        pdfminer's object cache, so the next page does not add to it."""
        cache = getattr(self.doc, "_cached_objs", None)
        for stream in _page_streams(page_obj):
            if cache is not None and stream.objid is not None:
                cache.pop(stream.objid, None)
            stream.data = None

    def close(self) -> None:
        """Close the file (and pdfplumber's, without ``pdfplumber.PDF.close``, which makes
        every page first: all in memory at once, and a broken page raises)."""
        self._fh.close()
        if self._plumber is not None:
            self._plumber.flush_cache()
            self._plumber.stream.close()


@contextmanager
def open_pdf(path: str) -> Iterator[MinerFile]:
    """Open the PDF at ``path`` with pdfminer, its object lookups guarded against
    reference loops, and close it when done."""
    pdf = MinerFile(path)
    try:
        yield pdf
    finally:
        pdf.close()


def read_pdf(path: str, settings: PdfSettings | None = None) -> RawDocument:
    """Open the PDF at ``path`` and return a raw document whose items are read lazily,
    as ``settings`` say (by default, as the environment says: extract.pdf_settings).

    The file is checked first (size, encryption, damage, page count: extract.safety),
    so a bad file fails here, before any page is read.
    """
    if check_file_size(path) == 0:
        raise EmptyFile(path, "the file is empty (0 bytes)")
    settings = settings or pdf_settings()
    pdf = MinerFile(path)
    try:
        n_pages = count_pdf_pages(path, pdf.doc)
    except BaseException:
        pdf.close()
        raise
    return RawDocument(path=path, format="pdf", pages=n_pages,
                       items=_iter_pages(path, pdf, n_pages, settings),
                       capabilities=PAGED_LAYOUT)


def _text_page_items(path: str, layer: PageLayer, number: int) -> list[Item]:
    """A text-layer page's items: rulings from the vector line art, or from camelot's
    lattice finder where the vector grid is not trustworthy (see extract.pdf_lattice)."""
    tables = find_ruled_tables(layer.edges)
    if needs_lattice(layer, tables):
        lattice = lattice_tables(path, number, layer.height)
        if covers_more(layer, lattice, tables):
            return list(page_items(layer, number, lattice, extractor="pdf-lattice"))
    return list(page_items(layer, number, tables))


class _Pdfium:
    """The file as pdfium opens it, once, when a page first needs it: to read text pages
    and to render pages for OCR."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._pdf: Any = None
        self._refused: Exception | None = None

    def _document(self) -> Any:
        if self._pdf is None and self._refused is None:
            try:
                self._pdf = pdfium.PdfDocument(self.path)
            except pdfium.PdfiumError as exc:  # e.g. junk before the header: pdfminer reads on
                self._refused = exc
                _log.info("%s: pdfium cannot open the file (%s); pdfminer reads it", self.path,
                          exc)
        if self._refused is not None:
            raise self._refused
        return self._pdf

    def text_page(self, number: int) -> pdfium.PdfPage | None:
        """Page ``number`` loaded to read its text layer, or None where pdfium cannot
        load it (the file or the page) or reads no size for it (a MediaBox of junk,
        which pdfium takes for an empty page and pdfminer names): pdfminer reads it then."""
        try:
            page = self._document()[number - 1]
        except (pdfium.PdfiumError, IndexError) as exc:
            _log.info("%s: pdfium cannot load page %d (%s); pdfminer reads it", self.path,
                      number, exc)
            return None
        left, bottom, right, top = page.get_mediabox()
        if right == left or top == bottom:
            _log.info("%s: pdfium reads no size for page %d; pdfminer reads it", self.path,
                      number)
            page.close()
            return None
        return page

    def ocr_items(self, page_obj: PDFPage, number: int) -> list[Item]:
        from selfeval.extract.ocr import OCR_RENDER_DPI, ocr_page

        check_form_draws(self.path, page_obj, number, rendered=True)
        pdfium_page = self._document()[number - 1]
        check_page_render(self.path, pdfium_page, OCR_RENDER_DPI, number)
        image = pdfium_page.render(scale=OCR_RENDER_DPI / 72).to_pil().convert("RGB")
        return ocr_page(image, number, 72 / OCR_RENDER_DPI)

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()


def _page_streams(page_obj: PDFPage) -> list[PDFStream]:
    """The content streams and image/form XObjects a page draws."""
    streams = [s for s in page_obj.contents if isinstance(s, PDFStream)]
    xobjects = resolve1((page_obj.resources or {}).get("XObject")) or {}
    if isinstance(xobjects, dict):
        streams += [x for x in map(resolve1, xobjects.values()) if isinstance(x, PDFStream)]
    return streams


def _page_error(number: int, exc: Exception) -> PageError:
    """The error of a page that raised ``exc``: a limit's own reason when it names the
    page, else ``page N cannot be read (what the library said)``."""
    if isinstance(exc, SelfevalError) and exc.reason.startswith(f"page {number} "):
        return PageError(number, exc.reason)
    return PageError(number, with_detail(f"page {number} cannot be read", exc))


def _iter_pages(path: str, pdf: MinerFile, n_pages: int,
                settings: PdfSettings) -> Iterator[Item]:
    pdfium_pdf = _Pdfium(path)
    found = 0
    try:
        for slot in page_slots(pdf.doc):
            found = number = slot.number
            if slot.page is None:
                yield PageError(number, slot.error or "")
                continue
            yield from _page_items(path, pdf, pdfium_pdf, slot.page, number, settings)
    finally:
        pdfium_pdf.close()
        pdf.close()
    missing = missing_pages_error(found, n_pages)
    if missing:
        yield PageError(found + 1, missing)


def _page_items(path: str, pdf: MinerFile, pdfium_pdf: _Pdfium, page_obj: PDFPage,
                number: int, settings: PdfSettings) -> list[Item]:
    """One page's items, or its :class:`PageError`: a broken page never loses the others."""
    page = pdfium_page = None
    try:
        check_form_draws(path, page_obj, number)  # before either library draws the page
        if settings.text_reader == "pdfium":
            pdfium_page = pdfium_pdf.text_page(number)
        if pdfium_page is not None:
            layer = read_layer(pdfium_page, path, number)
        else:
            page = pdf.plumber_page(page_obj, number)
            layer = plumber_layer(page)
        if page_needs_ocr(layer):
            return pdfium_pdf.ocr_items(page_obj, number)
        return _text_page_items(path, layer, number)
    except Exception as exc:  # noqa: BLE001 - a broken page never loses the others
        return [_page_error(number, exc)]
    finally:
        if pdfium_page is not None:
            pdfium_page.close()
        if page is not None:
            page.close()
        pdf.forget(page_obj)
