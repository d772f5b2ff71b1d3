"""Documented limits on what selfeval will read. Each is checked before the work it bounds.

A file over a limit is refused with :class:`selfeval.extract.errors.LimitExceeded`, naming the
limit, rather than read until the machine runs out of time or memory. The README's
"Limits and failure modes" table states every one of these; a test keeps them equal.
The checks themselves live in :mod:`selfeval.extract.safety`. The per-document time and
memory limits belong to whoever runs documents: :mod:`selfeval.corpus.workers`.
"""

from __future__ import annotations

#: Largest file accepted, in bytes. The biggest published form PDFs seen are a few MB;
#: 200 MB leaves room for scans while keeping one document's read bounded.
MAX_FILE_BYTES = 200 * 1024 * 1024

#: Most pages read from one PDF. A form is 1–3 pages; a whole budget-disclosure
#: bundle runs to a few hundred. A generated 1,000-page text PDF opens and is
#: counted in well under a second, so 2,000 keeps reading bounded, not tight.
MAX_PAGES = 2000

#: Largest total uncompressed size of a DOCX's parts (zip-bomb guard). python-docx
#: holds every part in memory; the fixture DOCX files total about 1 MB each.
MAX_DOCX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024

#: Largest total uncompressed size of a DOCX's XML parts. lxml's tree costs about
#: 12x the XML: a 52 MB document.xml took 4.8 s and 630 MB of memory to parse. The
#: largest fixture document.xml is 174 KB.
MAX_DOCX_XML_BYTES = 50 * 1024 * 1024

#: Highest compression ratio accepted for a DOCX part larger than
#: :data:`COMPRESSION_RATIO_MIN_BYTES`. Real parts measured at most 32:1
#: (stylesWithEffects.xml); deflate's ceiling, which zip bombs reach, is about 1032:1.
MAX_DOCX_COMPRESSION_RATIO = 200

#: Parts smaller than this are not ratio-checked: a tiny part of repeated
#: characters compresses far and still costs nothing to read.
COMPRESSION_RATIO_MIN_BYTES = 1024 * 1024

#: Most pixels in one rendered page or one decoded page image (the OCR path). An A3
#: page at 300 dpi is 17.4 Mpx; 100 Mpx is 300–400 MB as an RGB(A) bitmap, so one
#: page stays far below the memory limit while a crafted page (14,400 pt square at
#: 300 dpi is 3.6 Gpx) is refused.
MAX_RENDER_PIXELS = 100_000_000

#: Most XObject drawings (``Do``) one page may ask for, nested forms counted each time
#: they are drawn. Each page of the fixtures draws at most one; a form that draws the
#: next one twice, 30 levels deep, asks for 2**30 (6.6 KB of PDF). pdfminer and pdfium
#: draw some ten thousand small forms a second, so 100,000 bounds a page to seconds.
MAX_FORM_DRAWS = 100_000

#: Deepest nesting of form XObjects drawn one inside another. Real forms nest one or
#: two deep; the drawing bomb needs depth.
MAX_FORM_DEPTH = 64

#: Most slots (rows x columns) in the used range of one worksheet. A form's sheet is
#: some 30 x 10; a whole year's budget workbook a few thousand rows. A cell set at a
#: sheet's far corner (XFD1048576) makes a range of 17 billion slots.
MAX_SHEET_CELLS = 2_000_000

#: Largest HTML page read. lxml's tree of a page costs about ten times its text; the
#: wild forms' pages are 10-40 KB and a saved county page with its menus some 300 KB.
MAX_HTML_BYTES = 20 * 1024 * 1024

#: Most ``<table>`` tags in one page. A saved page lays out its menus and footer in a
#: few dozen tables; one that nests 100,000 tables is a parser bomb.
MAX_HTML_TABLES = 5_000

#: Longest a legacy Office file's conversion by LibreOffice may take, in seconds. A
#: form's .doc converts in 2-5 s with a fresh profile (most of it LibreOffice's start);
#: past this the converter is taken to hang and its process group is killed.
CONVERT_TIMEOUT_S = 120

#: Most characters, page objects and path segments read from one text-layer page. The
#: text fixtures' pages hold at most some 10,000; pdfium hands them out at about a
#: microsecond each, so a crafted page of tiny shapes is refused within seconds.
MAX_PAGE_ITEMS = 1_000_000
