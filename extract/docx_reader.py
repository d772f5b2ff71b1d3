"""Read a DOCX into raw grids and text lines, in body order.

The reader walks ``w:tbl/w:tr/w:tc`` itself rather than using python-docx's
``Table.cell``/``_cells``: python-docx (1.2) skips cells and rows wrapped in
content controls or tracked insertions, reads neither ``w:sym`` nor check-box
controls, and would parse the part with its own parser. Walking the XML once
gives each real cell exactly once, with its spans taken from ``w:gridSpan``,
``w:vMerge``, ``w:hMerge``, ``w:gridBefore`` and ``w:gridAfter``; a slot no
cell reaches (a short row, ``w:gridBefore``) is covered by nothing and reads
``None`` in :meth:`Grid.rows`, like a slot under a merge.

A cell's text is its paragraphs joined with ``\\n``; a nested table inside a
cell is flattened into that text (each nested cell's paragraphs in row order),
since forms use nested tables for layout inside one answer. A cell holding only
whitespace reads ``""``. Text typed into a ``vMerge`` continuation cell (Word
hides it; hand-made files have it) is appended to the merged cell's text.
Rows deleted with tracked changes are dropped. Repeated header rows
(``w:tblHeader``) are ordinary rows here: a DOCX table is one grid, never split.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree
from selfeval.extract.docx_package import load_main_part
from selfeval.extract.docx_text import attr, blocks, child, name, paragraph_text
from selfeval.extract.errors import DamagedFile
from selfeval.extract.grid import FLOWING_TABLES, Cell, Grid, Item, RawDocument, TextLine

#: Word refuses to build a table wider than 63 columns. A span larger than the
#: table's declared grid (or than 63 when it declares none) is clamped to it, so a
#: hostile ``gridSpan="1000000000"`` cannot make ``Grid.rows`` allocate a huge row.
WORD_MAX_COLUMNS = 63

_PARAGRAPH_OR_TABLE = frozenset({"w:p", "w:tbl"})
_ROW = frozenset({"w:tr"})
_CELL = frozenset({"w:tc"})


def read_docx(path: str) -> RawDocument:
    """Return the raw document of the DOCX at ``path`` (the part is parsed before returning)."""
    root = load_main_part(path)
    body = child(root, "w:body")
    if body is None:
        raise DamagedFile(path, "word/document.xml has no <w:body>")
    return RawDocument(path=path, format="docx", pages=None, items=_body_items(body),
                       capabilities=FLOWING_TABLES)


def _body_items(body: etree._Element) -> Iterator[Item]:
    """Yield a TextLine per non-blank line of each paragraph and a Grid per table, in order."""
    for el in blocks(body, _PARAGRAPH_OR_TABLE):
        if name(el) == "w:p":
            for line in paragraph_text(el).split("\n"):
                if line.strip():
                    yield TextLine(text=line)
        else:
            grid = table_grid(el)
            if grid.n_rows:
                yield grid


@dataclass
class _Span:
    """A cell while its table is being walked (rowspan grows as continuations are met)."""

    row: int
    col: int
    colspan: int
    rowspan: int = 1
    texts: list[str] = field(default_factory=list)

    def freeze(self) -> Cell:
        text = "\n".join(t for t in self.texts if t.strip())
        return Cell(row=self.row, col=self.col, text=text, rowspan=self.rowspan,
                    colspan=self.colspan)


def table_grid(tbl: etree._Element) -> Grid:
    """Return the grid of table ``tbl``: one Cell per real (merged) cell."""
    tbl_grid = child(tbl, "w:tblGrid")
    declared = sum(1 for c in tbl_grid if name(c) == "w:gridCol") if tbl_grid is not None else 0
    max_span = declared or WORD_MAX_COLUMNS
    rows = [tr for tr in blocks(tbl, _ROW) if not _is_deleted(tr)]
    spans: list[_Span] = []
    above: dict[int, _Span] = {}  # start column -> cell reaching the previous row
    n_cols = declared
    for r, tr in enumerate(rows):
        tr_pr = child(tr, "w:trPr")
        col = _grid_count(tr_pr, "w:gridBefore", 0, max_span)
        here: dict[int, _Span] = {}
        last: _Span | None = None
        for tc in blocks(tr, _CELL):
            tc_pr = child(tc, "w:tcPr")
            width = _grid_count(tc_pr, "w:gridSpan", 1, max_span) or 1
            text = _cell_text(tc)
            if _continues(tc_pr, "w:vMerge") and col in above:
                span = above[col]
                span.rowspan = r - span.row + 1
            elif _continues(tc_pr, "w:hMerge") and last is not None:
                span = last
                span.colspan += width
            else:
                span = _Span(row=r, col=col, colspan=width)
                spans.append(span)
            span.texts.append(text)
            here[span.col] = last = span
            col += width
        n_cols = max(n_cols, col + _grid_count(tr_pr, "w:gridAfter", 0, max_span))
        above = here
    return Grid(n_rows=len(rows), n_cols=n_cols, cells=tuple(s.freeze() for s in spans),
                extractor="docx")


def _cell_text(tc: etree._Element) -> str:
    """Return a cell's paragraphs joined with newlines, nested tables flattened in."""
    lines: list[str] = []
    for el in blocks(tc, _PARAGRAPH_OR_TABLE):
        if name(el) == "w:p":
            lines.append(paragraph_text(el))
        else:
            rows = blocks(el, _ROW)
            lines.extend(_cell_text(inner) for tr in rows for inner in blocks(tr, _CELL))
    return "\n".join(lines)


def _continues(pr: etree._Element | None, merge: str) -> bool:
    """True if ``pr`` marks its cell as continuing a merge (a merge element not ``restart``)."""
    el = child(pr, merge) if pr is not None else None
    return el is not None and attr(el, "val") != "restart"


def _grid_count(pr: etree._Element | None, what: str, default: int, limit: int) -> int:
    """Return the integer ``w:val`` of ``pr``'s child ``what``, clamped to ``0..limit``."""
    el = child(pr, what) if pr is not None else None
    try:
        value = int(attr(el, "val") or default)
    except ValueError:
        return default
    return max(0, min(value, limit))


def _is_deleted(tr: etree._Element) -> bool:
    tr_pr = child(tr, "w:trPr")
    return tr_pr is not None and child(tr_pr, "w:del") is not None
