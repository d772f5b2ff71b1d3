"""A raw document's stream of grids and text lines → its forms → a Document.

A form starts at a grid preceded by a title line (…自评表), or whose first row names
header fields (项目名称, 预算部门名称, …) or titles them; any other grid continues the
form before it (the rest of a table after a page break, or a DOCX form split into two
tables). A table that holds a second form's title and head rows is cut there first.
Text lines before a form's title belong to the previous form (its footer); the title
and what follows belong to the new one. Every line above the first form is its own (a
page's headline, the file name printed above the title).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from selfeval.extract.errors import NoForm
from selfeval.extract.grid import Cell, Grid, Item, PageError, RawDocument, TextLine
from selfeval.normalize.fields import line_fields
from selfeval.normalize.form import FormSource, build_form
from selfeval.normalize.headers import match_label
from selfeval.normalize.labels import labels
from selfeval.normalize.records import Document, Report, Skipped, Source
from selfeval.normalize.text import clean_text
from selfeval.normalize.titles import is_form_title


@dataclass
class _Pending:
    grids: list[Grid] = field(default_factory=list)
    before: list[TextLine] = field(default_factory=list)
    after: list[TextLine] = field(default_factory=list)
    #: The 1-based number of the form's first grid among the document's tables.
    first_table: int = 1

    def finish(self, trailing: list[TextLine]) -> FormSource:
        after = _footer(self.after + trailing, self.grids[-1].page)
        return FormSource(tuple(self.grids), tuple(self.before), tuple(after), self.first_table)


def _starting_rows(grid: Grid) -> list[list[Cell]]:
    """The cells that start in each row of ``grid``, row by row."""
    rows: list[list[Cell]] = [[] for _ in range(grid.n_rows)]
    for cell in grid.cells:
        if 0 <= cell.row < grid.n_rows:
            rows[cell.row].append(cell)
    return rows


def _header_fields(cells: list[Cell]) -> set[str]:
    """The header fields (项目名称, 主管部门 …) the cells name."""
    table = labels().header_fields
    return {f for c in cells if (f := match_label(clean_text(c.text), table)) is not None}


def _names_header_field(cells: list[Cell]) -> bool:
    return bool(_header_fields(cells))


def _titles_form(rows: list[list[Cell]], row: int) -> bool:
    """Row ``row`` (of a grid's :func:`_starting_rows`) is one cell printing a form's
    title and the row under it names header fields (a title over 项目名称 | …; not
    ``项目支出绩效指标表`` over the indicator header, a part of the same form)."""
    cells = rows[row]
    return (len(cells) == 1 and is_form_title(clean_text(cells[0].text))
            and row + 1 < len(rows) and _names_header_field(rows[row + 1]))


def _starts_form(grid: Grid, before: list[Grid]) -> bool:
    """A grid whose first row names header fields (项目名称 | …) or titles a form (a page
    holding one form's last rows, then the next form's table) — unless the grids
    ``before`` it, of the form so far, print nothing but head rows, none naming a
    field the grid's first row names: those are the head rows of the same form, the
    rest of which a page break carried to this grid (项目名称 at the foot of a page,
    主管部门 | … at the head of the next)."""
    rows = _starting_rows(grid)
    if not rows:
        return False
    if _titles_form(rows, 0):
        return True
    named = _header_fields(rows[0])
    if not named:
        return False
    printed = _head_fields_only(before)
    return printed is None or bool(named & printed)


def _head_fields_only(grids: list[Grid]) -> set[str] | None:
    """The header fields ``grids`` name, if every row they print is a head row (names a
    header field, or is one cell: a title, its year, a unit note; or is blank); else
    None."""
    fields: set[str] = set()
    for grid in grids:
        for cells in _starting_rows(grid):
            named = _header_fields(cells)
            if not named and len(cells) > 1 and any(clean_text(c.text) for c in cells):
                return None
            fields |= named
    return fields


_NOTE_START = re.compile(r"^(注|说明|备注)\s*[:：]?")
_LIST_ITEM = re.compile(r"^\d{1,2}\s*[.、]")


def _starts_footer(text: str) -> bool:
    """A line that belongs under a form: a ``label: value`` field or a 注/说明/备注 note."""
    return bool(line_fields(text)) or bool(_NOTE_START.match(clean_text(text)))


def _footer(lines: list[TextLine], last_page: int | None) -> list[TextLine]:
    """The lines after a form's last table that still belong to it.

    In a PDF: every line on the table's last page, and the next page's lines when that
    page opens with a field or a note (seed 002 prints 联系人 and its 注 block there).
    In a DOCX (no pages): fields and notes up to the first line that is neither.
    """
    if last_page is not None:
        next_page = [ln for ln in lines if ln.page == last_page + 1]
        keep_next = bool(next_page) and _starts_footer(next_page[0].text)
        return [ln for ln in lines
                if ln.page == last_page or (keep_next and ln.page == last_page + 1)]
    out: list[TextLine] = []
    in_note = False
    for ln in lines:
        text = clean_text(ln.text)
        in_note = in_note or bool(_NOTE_START.match(text))
        if not (_starts_footer(text) or (in_note and _LIST_ITEM.match(text))):
            break
        out.append(ln)
    return out


def _cut_before_title(lines: list[TextLine], title_at: int, last_page: int | None) -> int:
    """Where the next form's lines start: at its title, or at the first line of the
    title's page when the previous form ended on an earlier page (``附件3`` above a
    title belongs to the new form)."""
    cut = title_at
    title_page = lines[title_at].page
    if title_page is not None and last_page is not None and title_page > last_page:
        while cut > 0 and lines[cut - 1].page == title_page:
            cut -= 1
    return cut


def split_forms(items: Iterable[Grid | TextLine]) -> Iterator[FormSource]:
    """Given a document's items in reading order, yield one :class:`FormSource` per form."""
    current: _Pending | None = None
    lines: list[TextLine] = []
    tables = 0
    for item in items:
        if isinstance(item, TextLine):
            lines.append(item)
            continue
        title_at = next((i for i, ln in enumerate(lines) if is_form_title(ln.text)), None)
        if current is None or title_at is not None or _starts_form(item, current.grids):
            last_page = current.grids[-1].page if current is not None else None
            if current is None:  # what is printed above the first form is its heading
                cut = 0
            elif title_at is not None:
                cut = _cut_before_title(lines, title_at, last_page)
            else:
                cut = len(lines)
            if current is not None:
                yield current.finish(lines[:cut])
            current = _Pending(before=lines[cut:], first_table=tables + 1)
        else:
            current.after.extend(lines)
        current.grids.append(item)
        tables += 1
        lines = []
    if current is not None:
        yield current.finish(lines)


def normalize_document(raw: RawDocument) -> Document:
    """Return the canonical document for ``raw``; raise :class:`NoForm` when it holds none."""
    reports: list[Report] = []
    skipped: list[Skipped] = []
    page_errors: list[PageError] = []
    for source in split_forms(_content(raw.items, page_errors)):
        built = build_form(source)
        if isinstance(built, Report):
            reports.append(built)
        elif isinstance(built, Skipped):
            skipped.append(built)
    errors = tuple(e.reason for e in page_errors)
    if not reports:
        detail = f" ({'; '.join(errors)})" if errors else ""
        raise NoForm(raw.path, f"no self-evaluation form found{detail}")
    if not raw.capabilities.paged:
        reports = [_without_pages(r) for r in reports]
        skipped = [Skipped((), s.why) for s in skipped]
    return Document(
        source=Source(raw.path, raw.sha256, raw.format, raw.pages),
        reports=tuple(reports),
        skipped=tuple(skipped),
        errors=errors,
    )


def _content(items: Iterable[Item], page_errors: list[PageError]) -> Iterator[Grid | TextLine]:
    """The grids and lines of a reader's stream; its page errors go to ``page_errors``."""
    for item in items:
        if isinstance(item, PageError):
            page_errors.append(item)
        elif isinstance(item, Grid):
            yield from _cut_at_titles(item)
        else:
            yield item


def _cut_at_titles(grid: Grid) -> Iterator[Grid]:
    """``grid`` cut above each row that titles a form (:func:`_titles_form`): in
    a PDF, two of Word's tables printed back to back (one form's last rows, the next
    form's table) are ruled as one, and a workbook's sheet is one table. Only where
    every cell has a box or an address, so that no cell's location depends on its row
    number."""
    rows = _starting_rows(grid)
    cuts = [row for row in range(1, grid.n_rows) if _titles_form(rows, row)]
    if not cuts or any(c.box is None and c.address is None for c in grid.cells):
        yield grid
        return
    bounds = [0, *cuts, grid.n_rows]
    for top, bottom in zip(bounds, bounds[1:], strict=False):
        part = tuple(replace(c, row=c.row - top, rowspan=min(c.rowspan, bottom - c.row))
                     for c in grid.cells if top <= c.row < bottom)
        page = min((c.page for c in part if c.page is not None), default=grid.page)
        yield replace(grid, n_rows=bottom - top, cells=part, page=page)


def _without_pages(report: Report) -> Report:
    return replace(report, pages=())
