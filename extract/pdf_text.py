"""One text-layer PDF page → grids and text lines, from its ruling lines and characters.

Characters are placed into the cells of :mod:`selfeval.extract.ruling`'s tables by position
(a binary search on the rulings, so the cost grows with the characters, not with
characters × cells). Characters outside every table become :class:`TextLine` items.

Spreadsheet exports (LibreOffice Calc) draw the text of a merged cell centred on the
*whole* merged height, even when a page break cuts the cell: the text then lands
off the page, or in the margin just past the table. Such overflow text is given to
the nearest empty cell of the same column, which is the cell it was drawn for.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from selfeval.extract.grid import Cell, Grid, Item, TextLine
from selfeval.extract.pdf_layer import Char, PageLayer
from selfeval.extract.ruling import RuledTable, find_ruled_tables

#: How far past a table's top or bottom edge (pt) overflow text of a cut merged cell
#: is looked for. Measured on the Calc exports: the overflow sits 7–16 pt below the
#: table; ordinary text after a table starts ≥ 20 pt below it.
OVERFLOW_GAP = 18.0

#: Characters on one line differ in ``top`` by less than this (pt); pdfplumber's default.
LINE_TOLERANCE = 3.0

#: A gap wider than this (pt) between two characters of a line is a space; pdfplumber's
#: default ``x_tolerance``.
WORD_GAP = 3.0


def _locate(table: RuledTable, x: float, y: float) -> tuple[int, int] | None:
    """Return the (row, col) slot containing the point, or None outside the table."""
    xs, ys = table.xs, table.ys
    if not (xs[0] <= x <= xs[-1] and ys[0] <= y <= ys[-1]):
        return None
    c = min(bisect_right(xs, x) - 1, len(xs) - 2)
    r = min(bisect_right(ys, y) - 1, len(ys) - 2)
    return r, c


def _slot_owner(table: RuledTable) -> list[list[int]]:
    """For every slot, the index of the cell covering it."""
    owner = [[-1] * (len(table.xs) - 1) for _ in range(len(table.ys) - 1)]
    for k, cell in enumerate(table.cells):
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                owner[r][c] = k
    return owner


def _overflow_target(
    table: RuledTable, owner: list[list[int]], filled: set[int], line: list[Char],
    page_height: float,
) -> int | None:
    """Return the cell a line of overflowing text belongs to, or None if it is ordinary
    text. The whole line must sit inside one column, off the page or just past an edge
    of the table that is open in that column, and the cell must be otherwise empty."""
    xs, ys = table.xs, table.ys
    x0, x1 = min(ch["x0"] for ch in line), max(ch["x1"] for ch in line)
    y = sum((ch["top"] + ch["bottom"]) / 2 for ch in line) / len(line)
    c = bisect_right(xs, (x0 + x1) / 2) - 1
    if not 0 <= c < len(xs) - 1 or x0 < xs[c] - 1 or x1 > xs[c + 1] + 1:
        return None
    off_page = y < 0 or y > page_height
    above = ys[0] - OVERFLOW_GAP <= y < ys[0] and table.open_top[c]
    below = ys[-1] < y <= ys[-1] + OVERFLOW_GAP and table.open_bottom[c]
    if not (off_page or above or below):
        return None
    rows = range(len(owner)) if y < ys[0] else range(len(owner) - 1, -1, -1)
    for r in rows:
        k = owner[r][c]
        if k not in filled:
            return k
    return None


def _lines(chars: list[Char]) -> list[list[Char]]:
    """Group characters into lines (``top`` within :data:`LINE_TOLERANCE` of the line's
    first character), each sorted left to right, top line first. Characters drawn at
    one x (to 1/100 pt: overprinted text) keep their top-to-bottom order, whatever
    float noise the PDF library adds."""
    lines: list[tuple[float, list[Char]]] = []
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if lines and ch["top"] - lines[-1][0] <= LINE_TOLERANCE:
            lines[-1][1].append(ch)
        else:
            lines.append((ch["top"], [ch]))
    return [sorted(line, key=lambda c: round(c["x0"], 2)) for _, line in lines]


def _line_text(line: list[Char]) -> str:
    out, previous = [], None
    for ch in line:
        if previous is not None and ch["x0"] - previous["x1"] > WORD_GAP:
            out.append(" ")
        out.append(ch["text"])
        previous = ch
    return "".join(out)


def _cell_text(chars: list[Char]) -> str:
    """The text of a cell's characters, lines joined with ``\n``. Blank characters are
    kept, so a line that wrapped at a space still ends with it (the normaliser reads
    that as a space, not a wrap inside a word). The same result as pdfplumber's
    ``extract_text(keep_blank_chars=True)`` at a third of its cost on the fixtures."""
    return "\n".join(_line_text(line) for line in _lines(chars))


def _text_lines(chars: list[Char], page_number: int) -> list[TextLine]:
    lines = []
    for line in _lines(chars):
        text = _line_text(line)
        if text.strip():
            box = (
                min(ch["x0"] for ch in line), min(ch["top"] for ch in line),
                max(ch["x1"] for ch in line), max(ch["bottom"] for ch in line),
            )
            lines.append(TextLine(text, page_number, box))
    return lines


def _to_grid(
    table: RuledTable, chars_by_cell: list[list[Char]], page_number: int, extractor: str
) -> Grid:
    xs, ys = table.xs, table.ys
    cells = tuple(
        Cell(
            row=sc.row, col=sc.col, rowspan=sc.rowspan, colspan=sc.colspan,
            text=_cell_text(chars_by_cell[k]),
            box=(xs[sc.col], ys[sc.row], xs[sc.col + sc.colspan], ys[sc.row + sc.rowspan]),
            page=page_number,
        )
        for k, sc in enumerate(table.cells)
    )
    return Grid(
        n_rows=len(ys) - 1, n_cols=len(xs) - 1, cells=cells, extractor=extractor,
        page=page_number, box=table.bbox, col_edges=xs,
    )


def page_items(
    page: PageLayer, page_number: int, tables: list[RuledTable] | None = None,
    extractor: str = "pdf-text",
) -> Iterator[Item]:
    """Given a page with a text layer, yield its tables and text lines in
    reading order (top to bottom). ``tables`` are the page's ruling grids, found from its
    vector line art unless given (by the ``extractor`` named)."""
    if tables is None:
        tables = find_ruled_tables(page.edges)
    owners = [_slot_owner(t) for t in tables]
    chars_by_cell: list[list[list[Char]]] = [[[] for _ in t.cells] for t in tables]
    loose: list[Char] = []
    for ch in page.chars:
        x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        for t, table in enumerate(tables):
            slot = _locate(table, x, y)
            if slot is not None:
                chars_by_cell[t][owners[t][slot[0]][slot[1]]].append(ch)
                break
        else:
            loose.append(ch)
    filled = [{k for k, chars in enumerate(cells) if chars} for cells in chars_by_cell]
    outside: list[Char] = []
    for line in _lines(loose):
        for t, table in enumerate(tables):
            k = _overflow_target(table, owners[t], filled[t], line, page.height)
            if k is not None:
                chars_by_cell[t][k].extend(line)
                break
        else:
            outside.extend(ch for ch in line if ch["top"] >= 0 and ch["bottom"] <= page.height)
    items: list[tuple[float, Item]] = [
        (line.box[1], line) for line in _text_lines(outside, page_number) if line.box
    ]
    items += [
        (t.bbox[1], _to_grid(t, chars_by_cell[i], page_number, extractor))
        for i, t in enumerate(tables)
    ]
    items.sort(key=lambda pair: pair[0])
    for _, item in items:
        yield item
