"""Read an HTML page: each innermost table as a grid, the text around it as lines.

County sites print the form as a ``<table>`` in the page, often inside layout tables,
between menus and footers. A table holding another table is layout: its text is read
as lines and its inner tables as grids. A table of one row or one column (a menu, a
link bar) is read as lines too. ``rowspan``/``colspan`` are spans (clamped to the
table: ``rowspan="0"`` runs to its end); ``<br>`` and block elements break lines,
other whitespace is collapsed as a browser does. Scripts, styles and the ``<head>``
are not text. The page is decoded as :mod:`selfeval.extract.html_text` says and
parsed by lxml without network access; libxml2 stops at 256 levels of nesting, and a
page it stops on is refused rather than read in part.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import lxml.html
from lxml import etree
from selfeval.extract.errors import DamagedFile, EmptyFile, LimitExceeded
from selfeval.extract.grid import FLOWING_TABLES, Cell, Grid, Item, RawDocument, TextLine
from selfeval.extract.html_text import decode_page
from selfeval.extract.limits import MAX_SHEET_CELLS
from selfeval.extract.reader_spec import HTML_START
from selfeval.extract.safety import check_html
from selfeval.extract.sheet_layout import Merge, SheetCell, sheet_items

#: Elements whose start and end break a line.
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "caption", "center", "dd", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul", "br",
})
#: Elements whose content is not page text.
_SKIPPED = frozenset({"head", "script", "style", "noscript", "template", "iframe", "object",
                      "select", "textarea", "button"})
#: The HTML standard's ceilings on spans.
MAX_COLSPAN, MAX_ROWSPAN = 1000, 65534

#: A cell style drawing a border (``border-top: 1px solid #000000``), not ``none`` or 0.
_BORDER = re.compile(r"border(?:-(?:top|bottom|left|right))?\s*:\s*(?!none\b|0\b|hidden\b)[^;]",
                     re.IGNORECASE)

#: Whitespace holding a line break between two CJK characters (ideographs, CJK and
#: full-width punctuation).
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_BREAK = re.compile(f"(?<=[{_CJK}])[ \t\r]*\n\\s*(?=[{_CJK}])")

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")

_PARSER = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                           huge_tree=False)


def read_html(path: str) -> RawDocument:
    """Return the raw document of the HTML page at ``path`` (parsed before returning)."""
    check_html(path)
    data = Path(path).read_bytes()
    if not data:
        raise EmptyFile(path, "the file is empty (0 bytes)")
    if not HTML_START.match(data.removeprefix(codecs.BOM_UTF8)):
        raise DamagedFile(path, "not an HTML page (it does not start with markup)")
    return html_document(path, decode_page(data), "html")


def html_document(path: str, text: str, fmt: str) -> RawDocument:
    """The raw document of a page's decoded ``text`` (an HTML file, or a web archive's page)."""
    root = _parse_page(path, text)
    body = root.find("body")
    return RawDocument(path=path, format=fmt, pages=None,
                       items=_items(path, body if body is not None else root),
                       capabilities=FLOWING_TABLES)


def _parse_page(path: str, text: str) -> etree._Element:
    """Parse a page, refusing one libxml2 could only read in part (nested too deep). An
    XHTML page's XML declaration is dropped: the text is decoded already, and lxml refuses
    a decoded text that still declares an encoding."""
    try:
        root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text, count=1),
                                             parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise DamagedFile(path, "the page holds no HTML that can be read") from exc
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in _PARSER.error_log):
        raise LimitExceeded(path, "the page nests its elements more than 255 deep "
                            "(the parser's limit)")
    return root


def _tag(el: etree._Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _is_layout(table: etree._Element) -> bool:
    """A table holding a table, or of one row or one column, is layout, not a form."""
    if table.find(".//table") is not None:
        return True
    rows = list(table.iter("tr"))
    return len(rows) < 2 or max(len(row.findall("td") + row.findall("th")) for row in rows) < 2


def _walk(root: etree._Element, path: str | None) -> Iterator[str | Grid]:
    """Yield the lines of ``root``'s text in order and, given the page's ``path``, a grid
    per form-like table. Iterative, so no nesting depth reaches Python's recursion limit."""
    tables = path is not None
    line: list[str] = []
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        tag = _tag(el)
        form = not closing and tables and tag == "table" and not _is_layout(el)
        if closing or form or tag in _SKIPPED:
            if tag in _BLOCKS:
                yield from _flush(line)
            if form:
                yield from _table(str(path), el)
            if el is not root and el.tail:
                line.append(el.tail)
            continue
        if tag in _BLOCKS:
            yield from _flush(line)
        if el.text:
            line.append(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    yield from _flush(line)


def _flush(line: list[str]) -> Iterator[str]:
    """The line collected so far, its whitespace collapsed as a browser does; a source line
    break between two CJK characters is dropped (CSS Text's segment-break rule: Word's
    "save as web page" wraps its source lines inside Chinese text)."""
    text = " ".join(_CJK_BREAK.sub("", "".join(line)).split())
    line.clear()
    if text:
        yield text


def _items(path: str, body: etree._Element) -> Iterator[Item]:
    for part in _walk(body, path):
        yield TextLine(part) if isinstance(part, str) else part


def _cell_text(cell: etree._Element) -> str:
    return "\n".join(str(part) for part in _walk(cell, None))


def _table(path: str, table: etree._Element) -> Iterator[str | Grid]:
    """A form-like table: its caption as a line, then its grid. A table whose cells
    draw their own borders (a spreadsheet saved as a page) is laid out as a sheet is:
    bordered rows are the grid, rows without a border the lines around it."""
    caption = table.find("caption")
    if caption is not None:
        yield from (str(p) for p in _walk(caption, None))
    rows = list(table.iter("tr"))
    taken: set[tuple[int, int]] = set()
    cells: list[tuple[Cell, bool]] = []
    for r, row in enumerate(rows):
        c = 0
        for td in row:
            if _tag(td) not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            colspan = min(_span(td, "colspan", 1), MAX_COLSPAN)
            rowspan = _span(td, "rowspan", 1) or len(rows) - r
            rowspan = min(rowspan, MAX_ROWSPAN, len(rows) - r)
            if (c + colspan) * len(rows) > MAX_SHEET_CELLS:
                raise LimitExceeded(path, f"a table spans over {MAX_SHEET_CELLS:,} cells "
                                    "(the cell limit)")
            taken.update((r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan))
            cells.append((Cell(r, c, _cell_text(td), rowspan, colspan),
                          bool(_BORDER.search(td.get("style", "")))))
            c += colspan
    # The table is as wide as its last column a cell starts in: a span past it
    # (colspan="1000" on a title) covers columns nothing else uses.
    n_cols = max((cell.col + 1 for cell, _ in cells), default=0)
    clamped = [(replace(cell, colspan=min(cell.colspan, n_cols - cell.col)), ruled)
               for cell, ruled in cells]
    if any(ruled for _, ruled in clamped):
        yield from _as_sheet(clamped)
        return
    yield Grid(n_rows=len(rows), n_cols=n_cols, cells=tuple(cell for cell, _ in clamped),
               extractor="html")


def _as_sheet(cells: list[tuple[Cell, bool]]) -> Iterator[str | Grid]:
    sheet = {(cell.row, cell.col): SheetCell(cell.text, ruled) for cell, ruled in cells}
    merges = [Merge(cell.row, cell.col, cell.rowspan, cell.colspan) for cell, _ in cells
              if cell.rowspan > 1 or cell.colspan > 1]
    for item in sheet_items(sheet, merges, None, extractor="html"):
        yield item.text if isinstance(item, TextLine) else item


def _span(td: etree._Element, name: str, default: int) -> int:
    try:
        return max(0, int(str(td.get(name, default)).strip().rstrip(";") or default))
    except ValueError:
        return default
