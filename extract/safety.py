"""Pre-flight checks: cheap looks at a file that refuse it before the heavy work starts.

Each check raises an :class:`selfeval.extract.errors.SelfevalError` subclass naming the file
and the reason, or returns quietly. :func:`selfeval.extract.reading.preflight` runs the
ones a file's reader names (:mod:`selfeval.extract.registry`); the OCR path calls the
page-level one (:func:`check_page_render`) before it renders.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any

from selfeval.extract import limits
from selfeval.extract.errors import (
    DamagedFile,
    EncryptedFile,
    LimitExceeded,
    SelfevalError,
    detail,
    with_detail,
)
from selfeval.extract.regular_file import not_regular_reason

#: How far into an XML part its DOCTYPE may sit. A DOCTYPE must come before the root
#: element, which Word writes within the first ~100 bytes; 64 KB also covers a long
#: run of comments or processing instructions in front of it.
XML_PROLOG_BYTES = 64 * 1024


def _mb(n: float) -> str:
    return f"{n / (1024 * 1024):,.0f} MiB"


def check_file_size(path: str | Path) -> int:
    """Return the file's size in bytes, or raise :class:`LimitExceeded` over the limit
    (and :class:`SelfevalError` for a FIFO, a device or anything but a regular file)."""
    try:
        st = os.stat(path)
    except FileNotFoundError as exc:
        raise SelfevalError(str(path), "no such file") from exc
    except OSError as exc:
        raise SelfevalError(str(path), f"cannot be opened ({exc.strerror or detail(exc)})") from exc
    not_regular = not_regular_reason(st.st_mode)
    if not_regular:
        raise SelfevalError(str(path), not_regular)
    size = st.st_size
    if size > limits.MAX_FILE_BYTES:
        raise LimitExceeded(
            str(path), f"the file is {_mb(size)}, over the {_mb(limits.MAX_FILE_BYTES)} limit"
        )
    return size


def check_page_count(path: str | Path, pages: int) -> None:
    """Raise :class:`LimitExceeded` if ``pages`` is over :data:`limits.MAX_PAGES`."""
    if pages > limits.MAX_PAGES:
        raise LimitExceeded(
            str(path), f"the PDF has more than {limits.MAX_PAGES:,} pages (the page limit)"
        )


def check_pdf(path: str | Path) -> int:
    """Open the PDF the way pdfplumber does and return its page count.

    An encrypted PDF that opens with the empty user password (an "owner password"
    only, common on published forms) passes; one that needs a password raises
    :class:`EncryptedFile`. A broken cross-reference table is left to pdfminer's
    recovery, as pdfplumber would; a file it still cannot parse raises
    :class:`DamagedFile`. Pages are counted by walking the page tree (a ``/Count``
    can lie), stopping one past :data:`limits.MAX_PAGES`, and the count is pdfium's when
    pdfium finds more pages than the walk (a page object that cannot be parsed).
    """
    from selfeval.extract.pdf_pages import guard_references

    guard_references()
    with open(path, "rb") as fh:
        return count_pdf_pages(path, open_pdf_document(path, fh))


def count_pdf_pages(path: str | Path, document: Any) -> int:
    """The page count of pdfminer's open ``document`` of the file at ``path``, checked
    as :func:`check_pdf` says (the reader counts on the document it reads, whose page
    objects the count leaves parsed)."""
    from pdfminer.psexceptions import PSEOF
    from selfeval.extract.pdf_pages import page_slots, pdfium_page_count

    try:
        pages = sum(1 for _ in islice(page_slots(document), limits.MAX_PAGES + 1))
    except PSEOF as exc:
        raise DamagedFile(str(path), "a damaged PDF (truncated: it ends too early)") from exc
    except RecursionError as exc:
        raise DamagedFile(str(path), "a damaged PDF (its objects nest too deeply)") from exc
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types on junk
        raise DamagedFile(str(path), with_detail("a damaged PDF", exc)) from exc
    if pages == 0:
        raise DamagedFile(str(path), "a damaged PDF (no pages could be found)")
    if pages <= limits.MAX_PAGES:
        pages = max(pages, pdfium_page_count(str(path)) or 0)
    check_page_count(path, pages)
    return pages


def open_pdf_document(path: str | Path, fh: Any) -> Any:
    """Return pdfminer's document for the open file, or raise why it cannot be opened."""
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psexceptions import PSEOF

    try:
        return PDFDocument(PDFParser(fh), password="")
    except PDFPasswordIncorrect as exc:
        raise EncryptedFile(str(path), "the PDF is encrypted with a password") from exc
    except PDFEncryptionError as exc:
        raise EncryptedFile(
            str(path), with_detail("the PDF is encrypted in a way that cannot be opened", exc)
        ) from exc
    except PSEOF as exc:
        raise DamagedFile(str(path), "a damaged PDF (truncated: it ends too early)") from exc
    except RecursionError as exc:
        raise DamagedFile(str(path), "a damaged PDF (its cross-reference sections refer back "
                          "to each other in a loop)") from exc
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types on junk
        raise DamagedFile(str(path), with_detail("a damaged PDF", exc)) from exc


def check_docx_zip(path: str | Path, kind: str = "DOCX") -> None:
    """Refuse an Office Open XML package (a DOCX, an XLSX: ``kind``) whose parts would
    inflate past the documented limits.

    Python's zipfile never returns more than a member's declared size, so the
    declared sizes bound what reading can cost: their sum, the sum over XML parts
    (lxml's tree is ~12x the text), and each large part's compression ratio. An XML
    part that declares a DOCTYPE (the vehicle of entity-expansion bombs; Word never
    writes one) is refused too.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_unique_names(path, infos, kind)
            _check_sizes(path, infos, kind)
            for info in infos:
                if _is_xml(info.filename):
                    _check_xml_prolog(path, zf, info)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        raise DamagedFile(str(path), with_detail(f"a damaged {kind}", exc)) from exc
    except (zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError) as exc:
        # RuntimeError: a member encrypted inside the ZIP; NotImplementedError: an
        # unsupported compression method.
        raise DamagedFile(str(path), with_detail(f"a {kind} that cannot be unpacked", exc)) from exc


def _check_unique_names(path: str | Path, infos: list[zipfile.ZipInfo], kind: str) -> None:
    """Refuse a package holding two parts of one name: readers disagree on which one
    counts (Python's zipfile reads the last, others the first), so it has no one reading."""
    counts = Counter(info.filename for info in infos)
    name, n = counts.most_common(1)[0] if counts else ("", 0)
    if n > 1:
        raise DamagedFile(
            str(path),
            f"the {kind} holds {n} parts named {name} (readers disagree on which counts)")


def _is_xml(name: str) -> bool:
    return name.endswith((".xml", ".rels"))


def _check_sizes(path: str | Path, infos: list[zipfile.ZipInfo], kind: str) -> None:
    total = sum(i.file_size for i in infos)
    if total > limits.MAX_DOCX_UNCOMPRESSED_BYTES:
        raise LimitExceeded(
            str(path),
            f"the {kind} unpacks to {_mb(total)}, over the "
            f"{_mb(limits.MAX_DOCX_UNCOMPRESSED_BYTES)} limit",
        )
    xml_total = sum(i.file_size for i in infos if _is_xml(i.filename))
    if xml_total > limits.MAX_DOCX_XML_BYTES:
        raise LimitExceeded(
            str(path),
            f"the {kind} holds {_mb(xml_total)} of XML, over the "
            f"{_mb(limits.MAX_DOCX_XML_BYTES)} limit",
        )
    for info in infos:
        if info.file_size < limits.COMPRESSION_RATIO_MIN_BYTES:
            continue
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.MAX_DOCX_COMPRESSION_RATIO:
            raise LimitExceeded(
                str(path),
                f"{info.filename} is compressed {ratio:,.0f}:1, over the "
                f"{limits.MAX_DOCX_COMPRESSION_RATIO}:1 limit (a zip bomb?)",
            )


def check_html(path: str | Path) -> None:
    """Refuse a page over :data:`limits.MAX_HTML_BYTES` (lxml's tree costs about ten
    times the text) or holding more than :data:`limits.MAX_HTML_TABLES` tables (a page
    of tables nested a hundred thousand deep), before it is parsed."""
    size = os.stat(path).st_size
    if size > limits.MAX_HTML_BYTES:
        raise LimitExceeded(str(path), f"the page is {_mb(size)}, over the "
                            f"{_mb(limits.MAX_HTML_BYTES)} limit for HTML")
    with open(path, "rb") as fh:
        check_html_tables(path, fh.read())


def check_html_tables(path: str | Path, page: bytes) -> None:
    """Refuse a page (a file's, or the one a web archive holds) of too many tables."""
    tables = page.lower().count(b"<table")
    if tables > limits.MAX_HTML_TABLES:
        raise LimitExceeded(str(path), f"the page holds {tables:,} tables, over the "
                            f"{limits.MAX_HTML_TABLES:,}-table limit")


def _check_xml_prolog(path: str | Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    with zf.open(info) as fh:
        head = fh.read(XML_PROLOG_BYTES)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    elif head[:2] in (b"<\x00", b"\x00<"):
        head = head.replace(b"\x00", b"")
    upper = head.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        raise DamagedFile(
            str(path),
            f"{info.filename} declares a DOCTYPE (XML entity declarations are not allowed)",
        )


def _check_pixels(
    path: str | Path, pixels: float, page: int | None, what: Callable[[str], str]
) -> None:
    """Raise :class:`LimitExceeded` when ``pixels`` is over :data:`limits.MAX_RENDER_PIXELS`;
    ``what`` says what is too big, given where it is (``page 2`` or ``a page``)."""
    if pixels > limits.MAX_RENDER_PIXELS:
        where = f"page {page}" if page is not None else "a page"
        raise LimitExceeded(
            str(path), f"{what(where)}, over the {limits.MAX_RENDER_PIXELS / 1e6:,.0f} Mpx limit"
        )


def check_render_size(
    path: str | Path, width_pt: float, height_pt: float, dpi: float, page: int | None = None
) -> None:
    """Raise :class:`LimitExceeded` if a page of this size rendered at ``dpi`` would
    exceed :data:`limits.MAX_RENDER_PIXELS`. ``width_pt``/``height_pt`` are in PDF
    points (1/72 in) after any ``/UserUnit`` scaling."""
    pixels = (width_pt / 72.0 * dpi) * (height_pt / 72.0 * dpi)
    _check_pixels(path, pixels, page, lambda where: (
        f"{where} would render to {pixels / 1e6:,.0f} Mpx at {dpi:g} dpi"))


def check_image_pixels(
    path: str | Path, width_px: int, height_px: int, page: int | None = None
) -> None:
    """Raise :class:`LimitExceeded` if an embedded image's declared size would decode
    past :data:`limits.MAX_RENDER_PIXELS` (a decompression bomb)."""
    _check_pixels(path, width_px * height_px, page, lambda where: (
        f"an image on {where} is {width_px:,}x{height_px:,} px"))


def check_page_render(path: str | Path, page: Any, dpi: float, page_no: int | None = None) -> None:
    """Check a pypdfium2 ``PdfPage`` before rendering it at ``dpi`` (the OCR path): the
    rendered size, then every image on it (nested forms included) by its declared pixel
    size. pdfium streams a huge image while downsampling it, so memory stays small, but
    time does not: a 20,480 px square of zeros (400 KB in the file) took 4 s to render."""
    import pypdfium2 as pdfium

    width_pt, height_pt = page.get_size()
    check_render_size(path, width_pt, height_pt, dpi, page_no)
    for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]):
        width_px, height_px = obj.get_px_size()
        check_image_pixels(path, width_px, height_px, page_no)
