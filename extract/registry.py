"""The registry of readers: the one place that says which formats selfeval reads.

A reader is one module with a function ``(path) -> RawDocument`` and one
:class:`~selfeval.extract.reader_spec.ReaderSpec` below. Sniffing tries the specs in
this order and takes the first that matches (an HTML page that mentions ``%PDF-`` is
HTML, so HTML comes before PDF); the messages naming the formats read, the suffixes
``corpus build`` lists and the preflight all come from here.
"""

from __future__ import annotations

from selfeval.extract.grid import FLOWING_TABLES, PAGED_LAYOUT
from selfeval.extract.reader_spec import (
    HTML_START,
    MHT_START,
    Contains,
    LeadingText,
    OleStream,
    ReaderSpec,
    ZipPart,
)
from selfeval.extract.safety import check_docx_zip, check_file_size, check_html, check_pdf

_LEGACY_WORD = "a legacy Word .doc"


# The two preflights below import their modules when a file of their format comes:
# every document passes through this registry, and a PDF needs neither lxml (the XLSX
# preflight) nor subprocess and tempfile (the converter's).
def _check_xlsx(path: str) -> None:
    from selfeval.extract.xlsx_package import check_xlsx

    check_xlsx(path)


def _check_legacy_word(path: str) -> None:
    from selfeval.extract.office_convert import check_converter

    check_converter(path, what=_LEGACY_WORD)

_SPECS = (
    ReaderSpec(name="docx", title="a DOCX", suffixes=(".docx",),
               sniff=ZipPart("word/document.xml"), preflight=check_docx_zip,
               entry="selfeval.extract.docx_reader:read_docx", capabilities=FLOWING_TABLES),
    ReaderSpec(name="xlsx", title="an XLSX workbook", suffixes=(".xlsx", ".xlsm"),
               sniff=ZipPart("xl/workbook.xml"), preflight=_check_xlsx,
               entry="selfeval.extract.xlsx_reader:read_xlsx", capabilities=FLOWING_TABLES),
    ReaderSpec(name="doc", title=_LEGACY_WORD, suffixes=(".doc", ".wps"),
               sniff=OleStream(("WordDocument",)),
               preflight=_check_legacy_word,
               entry="selfeval.extract.doc_reader:read_doc", capabilities=FLOWING_TABLES),
    ReaderSpec(name="xls", title="an XLS workbook", suffixes=(".xls", ".et"),
               sniff=OleStream(("Workbook", "Book")), preflight=check_file_size,
               entry="selfeval.extract.xls_reader:read_xls", capabilities=FLOWING_TABLES),
    ReaderSpec(name="html", title="an HTML page", suffixes=(".html", ".htm", ".shtml"),
               sniff=LeadingText(HTML_START), preflight=check_html,
               entry="selfeval.extract.html_reader:read_html", capabilities=FLOWING_TABLES),
    ReaderSpec(name="mht", title="a web archive (MHT)", suffixes=(".mht", ".mhtml"),
               sniff=LeadingText(MHT_START), preflight=check_html,
               entry="selfeval.extract.mht_reader:read_mht", capabilities=FLOWING_TABLES),
    ReaderSpec(name="pdf", title="a PDF", suffixes=(".pdf",), sniff=Contains(b"%PDF-"),
               preflight=check_pdf, entry="selfeval.extract.pdf_reader:read_pdf",
               capabilities=PAGED_LAYOUT),
)

#: Every reader by its format's name, in sniffing order.
READERS: dict[str, ReaderSpec] = {spec.name: spec for spec in _SPECS}


def reader_for(fmt: str) -> ReaderSpec | None:
    """The reader of format ``fmt`` (a stored ``documents.format``), if selfeval has one."""
    return READERS.get(fmt)


def document_suffixes() -> tuple[str, ...]:
    """Every file name ending a reader takes, lower case (``.pdf``, ``.docx``, …)."""
    return tuple(dict.fromkeys(s for spec in READERS.values() for s in spec.suffixes))


def not_read() -> str:
    """``not a PDF, a DOCX or …``: what a refused file is not, for its message."""
    titles = [spec.title for spec in READERS.values()]
    listed = ", ".join(titles[:-1]) + f" or {titles[-1]}" if len(titles) > 1 else titles[0]
    return f"not {listed}"
