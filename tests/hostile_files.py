"""Generators of broken, huge and crafted input files for the hostile-input tests.

Nothing binary is committed: every file is made here, in a temporary folder, from the
good fixtures or from raw bytes. Each generator takes a folder and returns the path
it wrote. :data:`CASES` lists them all with what the pre-flight checks must say.
"""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from selfeval.extract import errors, limits
from selfeval.extract.office_convert import converter

from tests.data_paths import DOCS

#: A text PDF and a DOCX of the same form: the good inputs hostile files are made from.
GOOD_PDF = DOCS / "001_longgang_docx-pdf.pdf"
GOOD_DOCX = DOCS / "001_longgang_docx.docx"


# --- raw PDF writing -------------------------------------------------------------------


def build_pdf(objects: list[bytes], root: int = 1, trailer: bytes = b"") -> bytes:
    """Given object bodies (object n is ``objects[n-1]``), return a PDF with a true xref
    (``trailer``: more entries for the trailer dictionary)."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\n" % (len(objects) + 1, root, trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    """Return a stream object body holding ``data``."""
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_pdf(page_texts: list[str], media_box: bytes = b"[0 0 595 842]",
             page_extra: bytes = b"") -> bytes:
    """Return a PDF with one page per string, each printing that (ASCII) string."""
    # 1 catalog, 2 pages, 3 font, then (page, content) pairs.
    n = len(page_texts)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, text in enumerate(page_texts):
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        content = b"BT /F1 12 Tf 72 770 Td (%s) Tj ET" % escaped.encode("latin-1")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources << /Font << /F1 3 0 R >> >>"
            b" /Contents %d 0 R %s >>" % (media_box, 5 + 2 * i, page_extra)
        )
        objects.append(stream(content))
    return build_pdf(objects)


def many_pages_pdf(n: int) -> bytes:
    """Return an ``n``-page PDF whose pages share one font and one content stream."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        stream(b"BT /F1 12 Tf 72 770 Td (A page of a long bundle, no form here) Tj ET"),
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    ] * n
    return build_pdf(objects)


def deflate_zeros(n_mb: int) -> bytes:
    """Return a zlib stream of ``n_mb`` MiB of zero bytes, made in milliseconds: after a
    full flush deflate forgets its history, so every further MiB compresses the same."""
    comp = zlib.compressobj(9)
    chunk = bytes(1024 * 1024)
    first = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    return first + block * (n_mb - 1) + comp.flush()


def image_bomb_pdf(side: int) -> bytes:
    """Return a one-page PDF holding a ``side`` x ``side`` grey image of honest zeros:
    a few hundred KB that decodes to ``side**2`` bytes (``side`` a multiple of 1024)."""
    data = deflate_zeros(side * side // (1024 * 1024))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
        stream(data, b"/Type /XObject /Subtype /Image /Width %d /Height %d"
               b" /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode" % (side, side)),
        stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
    ]
    return build_pdf(objects)


def page_tree_loop_pdf() -> bytes:
    """Return a PDF whose page tree lists itself as its own kid."""
    return build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
    ])


def info_loop_pdf() -> bytes:
    """Return a one-page PDF whose trailer's /Info is two objects referring to each other
    (read while the document is opened: pdfminer looped there until the timeout)."""
    return build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"5 0 R",
        b"4 0 R",
    ], trailer=b"/Info 4 0 R ")


def encrypted_pdf(source: Path, user_password: str, owner_password: str,
                  algorithm: str = "AES-128") -> bytes:
    """Return ``source`` re-saved encrypted (pypdf)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=user_password, owner_password=owner_password,
                   algorithm=algorithm)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def annotation_fanout_pdf(source: Path, depth: int) -> bytes:
    """Return ``source`` with one annotation on its second page whose appearance draws a
    form XObject that draws the next one twice, ``depth`` levels deep: 2**depth line
    draws from a few hundred bytes (tests/data/repro/report_dos_annot_fanout21.pdf is
    the Yueyang fixture at depth 21)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
    )

    writer = PdfWriter(clone_from=PdfReader(source))

    def box(*numbers: int) -> ArrayObject:
        return ArrayObject([NumberObject(n) for n in numbers])

    def form(data: bytes, inner: object = None) -> object:
        xobject = DecodedStreamObject()
        xobject.set_data(data)
        xobject.update({NameObject("/Type"): NameObject("/XObject"),
                        NameObject("/Subtype"): NameObject("/Form"),
                        NameObject("/BBox"): box(0, 0, 100, 100)})
        if inner is not None:
            xobject[NameObject("/Resources")] = DictionaryObject(
                {NameObject("/XObject"): DictionaryObject({NameObject("/Y"): inner})})
        return writer._add_object(xobject)

    ref = form(b"0 0 m 1 1 l S")
    for _ in range(depth):
        ref = form(b"/Y Do /Y Do", ref)
    annotation = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Square"),
        NameObject("/Rect"): box(0, 0, 595, 842),
        NameObject("/AP"): DictionaryObject({NameObject("/N"): ref}),
    })
    writer.pages[1][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def broken_xref_pdf(source: Path) -> bytes:
    """Return ``source`` with its ``startxref`` pointing into the middle of nowhere."""
    data = source.read_bytes()
    at = data.rindex(b"startxref")
    start = at + len(b"startxref")
    while data[start:start + 1] in (b"\r", b"\n", b" "):
        start += 1
    end = start
    while data[end:end + 1].isdigit():
        end += 1
    wrong = str(len(data) // 3).rjust(end - start, "0")[: end - start]
    return data[:start] + wrong.encode() + data[end:]


# --- DOCX and other ZIPs -----------------------------------------------------------------

_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" '
    b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_bytes(document_xml: bytes | None, extra: dict[str, bytes] | None = None) -> bytes:
    """Return a minimal DOCX package around ``document_xml`` (left out if ``None``)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        if document_xml is not None:
            zf.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def zip_bomb_docx(dest: Path, inflated_bytes: int) -> None:
    """Write a DOCX whose document.xml is ``inflated_bytes`` of XML compressing ~1000:1."""
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            head = b'<?xml version="1.0"?><w:document %s><w:body><w:p><w:r><w:t>' % _W
            tail = b"</w:t></w:r></w:p></w:body></w:document>"
            fh.write(head)
            chunk = b"A" * (1024 * 1024)
            left = inflated_bytes - len(head) - len(tail)
            while left > 0:
                fh.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
            fh.write(tail)


def zip_bomb_xlsx(dest: Path, inflated_bytes: int) -> None:
    """Write an XLSX whose sheet is ``inflated_bytes`` of XML compressing ~1000:1."""
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("xl/workbook.xml", b"<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(b"<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>")
            chunk = b"A" * (1024 * 1024)
            for _ in range(inflated_bytes // len(chunk) + 1):
                fh.write(chunk)
            fh.write(b"</t></is></c></row></sheetData></worksheet>")


def nested_tables_html(depth: int) -> bytes:
    """Return a page of ``depth`` tables nested one in another's cell."""
    return b"<html><body>" + b"<table><tr><td>" * depth + b"x" + b"</td></tr></table>" * depth


def declared_huge_docx(declared: int) -> bytes:
    """Return a small valid DOCX whose central directory claims document.xml inflates to
    ``declared`` bytes (a zip that lies about its size)."""
    data = bytearray(docx_bytes(b"<w:document %s><w:body/></w:document>" % _W))
    name = b"word/document.xml"
    at = 0
    while True:  # find document.xml's central-directory record
        at = data.index(b"PK\x01\x02", at)
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46: at + 46 + name_len] == name:
            break
        at += 4
    struct.pack_into("<I", data, at + 24, declared)
    return bytes(data)


def entity_bomb_xml() -> bytes:
    """Return a document.xml with a "billion laughs" internal DTD."""
    lines = [b'<?xml version="1.0"?>', b'<!DOCTYPE w:document [', b'<!ENTITY lol0 "lol">']
    lines += [b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)]
    lines.append(b"]>")
    lines.append(b"<w:document %s><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>"
                 b"</w:body></w:document>" % _W)
    return b"\n".join(lines)


def docx_without_document(source: Path) -> bytes:
    """Return ``source`` (a DOCX) with word/document.xml left out."""
    buf = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                dst.writestr(info, src.read(info))
    return buf.getvalue()


def xlsx_bytes(sheet_xml: bytes = b"<worksheet/>") -> bytes:
    """Return a minimal XLSX-shaped package (what a form exported to Excel looks like)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("xl/workbook.xml", b"<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buf.getvalue()


#: Text put into form cells by :func:`hostile_cells_docx`.
SCRIPT_TEXT = '<script>alert("selfeval")</script><img src=x onerror=alert(1)>'
#: 100,000 characters: a cell nobody would type but a broken export can hold.
LONG_TEXT = "超长文本" * 25_000
#: Characters that are legal in XML but trouble for terminals, HTML and CSV: DEL, C1
#: controls (NEL, CSI), a right-to-left override, a zero-width space, a BOM, a tab.
CONTROL_TEXT = "ctl\x7f\x85\x9b\u202e\u200b\ufeff\tend"


def hostile_cells_docx(source: Path, dest: Path) -> None:
    """Copy the DOCX form ``source`` with its project name and its first indicator rows'
    cells replaced by script tags, a 100,000-character string and control characters."""
    import docx

    document = docx.Document(str(source))
    for table in document.tables:
        for row in table.rows:
            labels = [c.text.strip().rstrip(":：") for c in row.cells]
            if "项目名称" in labels:
                at = labels.index("项目名称")
                value = next(c for c in row.cells[at + 1:] if c._tc is not row.cells[at]._tc)
                value.text = SCRIPT_TEXT + CONTROL_TEXT
        rows = table.rows
        header = next((i for i, r in enumerate(rows) if any(c.text.strip() == "三级指标"
                                                              for c in r.cells)), None)
        if header is None:
            continue
        cols = [c.text.strip() for c in rows[header].cells]
        name_col = cols.index("三级指标")
        for row, text in zip(rows[header + 1: header + 4],
                             (SCRIPT_TEXT, LONG_TEXT, CONTROL_TEXT), strict=False):
            row.cells[name_col].text = text
            row.cells[name_col + 1].text = text
    document.save(str(dest))


# --- other formats ---------------------------------------------------------------------


def png_bytes() -> bytes:
    """Return a valid 1x1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


HTML_TEXT = (b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>"
             b"<body><h1>Not Found</h1><p>%PDF-1.4 is not here.</p></body></html>\n")


def ole_doc_bytes(stream_name: str = "WordDocument") -> bytes:
    """Return a small OLE2 compound file whose directory names ``stream_name``
    (the shape of a legacy .doc, .xls or encrypted DOCX)."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9)  # version, order, 512 B
    struct.pack_into("<I", header, 0x30, 0)  # first directory sector
    directory = bytearray(512)
    for i, name in enumerate(("Root Entry", stream_name)):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        directory[i * 128: i * 128 + len(encoded)] = encoded
        struct.pack_into("<HB", directory, i * 128 + 64, len(encoded), 5 if i == 0 else 2)
    return bytes(header + directory)


# --- the catalogue -----------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One hostile file: how to make it and what the pre-flight checks must make of it."""

    name: str
    #: The file name to write, extension included (the extension may lie).
    filename: str
    make: Callable[[Path], None]
    #: ``None`` if the file must pass pre-flight; else the error class it raises…
    error: type[errors.SelfevalError] | None = None
    #: …and a fragment its reason must contain.
    reason: str = ""
    #: The format pre-flight must sniff for a file that passes.
    format: str | None = None
    #: The good fixture this file is a disguised copy of: it must read the same.
    same_as: Path | None = None


def _write(data: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    return lambda dest: dest.write_bytes(data() if callable(data) else data)


def _copy(source: Path) -> Callable[[Path], None]:
    return lambda dest: shutil.copyfile(source, dest)


_LEGACY_DOC: tuple[type[errors.SelfevalError] | None, str, str | None] = (
    (None, "", "doc") if converter() else (errors.UnsupportedFormat, "needs LibreOffice", None))

CASES: tuple[Case, ...] = (
    Case("zero-byte", "empty.pdf", _write(b""), errors.EmptyFile, "empty"),
    Case("truncated-pdf", "truncated.pdf",
         lambda d: d.write_bytes(GOOD_PDF.read_bytes()[:100_000]), errors.DamagedFile,
         "truncated"),
    Case("header-only-pdf", "header_only.pdf", _write(b"%PDF-1.7\n" + b"\x00junk" * 100),
         errors.DamagedFile, "damaged PDF"),
    Case("broken-xref", "broken_xref.pdf", _write(lambda: broken_xref_pdf(GOOD_PDF)),
         None, format="pdf", same_as=GOOD_PDF),
    Case("encrypted-password", "encrypted.pdf",
         _write(lambda: encrypted_pdf(GOOD_PDF, "secret", "owner")),
         errors.EncryptedFile, "encrypted with a password"),
    Case("encrypted-empty-user-aes", "owner_only_aes.pdf",
         _write(lambda: encrypted_pdf(GOOD_PDF, "", "owner")), None, format="pdf",
         same_as=GOOD_PDF),
    Case("encrypted-empty-user-rc4", "owner_only_rc4.pdf",
         _write(lambda: encrypted_pdf(GOOD_PDF, "", "owner", "RC4-128")), None, format="pdf",
         same_as=GOOD_PDF),
    Case("docx-named-pdf", "really_a_docx.pdf", _copy(GOOD_DOCX), None, format="docx",
         same_as=GOOD_DOCX),
    Case("pdf-named-docx", "really_a_pdf.docx", _copy(GOOD_PDF), None, format="pdf",
         same_as=GOOD_PDF),
    Case("html-named-pdf", "download.pdf", _write(HTML_TEXT), None, format="html"),
    Case("html-named-docx", "download.docx", _write(HTML_TEXT), None, format="html"),
    Case("png-named-pdf", "scan.pdf", _write(png_bytes), errors.UnsupportedFormat, "a PNG image"),
    Case("png-named-docx", "scan.docx", _write(png_bytes), errors.UnsupportedFormat,
         "a PNG image"),
    Case("xlsx-named-docx", "workbook.docx", _write(xlsx_bytes), None, format="xlsx"),
    # Read through LibreOffice where it is installed; refused saying so where it is not.
    Case("legacy-doc", "legacy.doc", _write(ole_doc_bytes), *_LEGACY_DOC),
    Case("legacy-doc-named-docx", "legacy.docx", _write(ole_doc_bytes), *_LEGACY_DOC),
    Case("encrypted-docx", "locked.docx", _write(lambda: ole_doc_bytes("EncryptedPackage")),
         errors.UnsupportedFormat, "password-protected"),
    Case("thousand-pages", "thousand_pages.pdf", _write(lambda: many_pages_pdf(1000)),
         None, format="pdf"),
    Case("too-many-pages", "too_many_pages.pdf",
         _write(lambda: many_pages_pdf(limits.MAX_PAGES + 1)), errors.LimitExceeded,
         f"more than {limits.MAX_PAGES:,} pages"),
    Case("page-tree-loop", "page_loop.pdf", _write(page_tree_loop_pdf), errors.DamagedFile,
         "damaged PDF"),
    Case("info-reference-loop", "info_loop.pdf", _write(info_loop_pdf), errors.DamagedFile,
         "its objects refer to each other in a loop: 4 → 5 → 4"),
    Case("image-bomb", "image_bomb.pdf", _write(lambda: image_bomb_pdf(20_480)), None,
         format="pdf"),
    Case("docx-zip-bomb", "zip_bomb.docx",
         lambda d: zip_bomb_docx(d, limits.MAX_DOCX_XML_BYTES + 1024 * 1024),
         errors.LimitExceeded, "of XML, over the"),
    Case("docx-declared-huge", "declared_huge.docx",
         _write(lambda: declared_huge_docx(4_000_000_000)), errors.LimitExceeded,
         "unpacks to"),
    Case("docx-entity-bomb", "entity_bomb.docx", _write(lambda: docx_bytes(entity_bomb_xml())),
         errors.DamagedFile, "XML entity declarations are not allowed"),
    Case("xlsx-zip-bomb", "zip_bomb.xlsx",
         lambda d: zip_bomb_xlsx(d, limits.MAX_DOCX_XML_BYTES + 1024 * 1024),
         errors.LimitExceeded, "the XLSX holds"),
    Case("xlsx-entity-bomb", "entity_bomb.xlsx", _write(lambda: xlsx_bytes(entity_bomb_xml())),
         errors.DamagedFile, "XML entity declarations are not allowed"),
    Case("xls-damaged", "damaged.xls", _write(lambda: ole_doc_bytes("Workbook")), None,
         format="xls"),
    Case("html-nested-tables", "nested_tables.html", _write(lambda: nested_tables_html(100_000)),
         errors.LimitExceeded, "100,000 tables, over the"),
    Case("docx-no-document", "no_document.docx", _write(lambda: docx_without_document(GOOD_DOCX)),
         errors.DamagedFile, "without word/document.xml"),
    Case("damaged-zip", "damaged.docx", _write(lambda: GOOD_DOCX.read_bytes()[:5000]),
         errors.DamagedFile, "damaged ZIP"),
    Case("hostile-cells", "hostile_cells.docx", lambda d: hostile_cells_docx(GOOD_DOCX, d),
         None, format="docx"),
    Case("no-tables", "no_tables.pdf",
         _write(lambda: text_pdf(["Annual report 2023", "Nothing tabular on this page."])),
         None, format="pdf"),
    Case("spaces-and-cjk-path", "目录 with space/自评表 副本 (1).pdf", _copy(GOOD_PDF), None,
         format="pdf", same_as=GOOD_PDF),
)


def make(case: Case, folder: Path) -> Path:
    """Write ``case``'s file under ``folder`` and return its path."""
    dest = folder / case.filename
    dest.parent.mkdir(parents=True, exist_ok=True)
    case.make(dest)
    return dest


def case(name: str) -> Case:
    """Return the case called ``name``."""
    return next(c for c in CASES if c.name == name)
