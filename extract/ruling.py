"""Ruled tables from line segments: a pipeline of small pure functions.

``edges → table regions → column/row rulings → slots → merged cells``.

Unlike a corner-intersection finder (pdfplumber's, which needs all four corners of a
cell), cells here are built by merging the slots of a ruling grid wherever no border
separates them. A merged cell that a page break cuts open (its bottom border is not
drawn) is still one cell, ending at the table's edge — the case of a first-level
indicator cell that runs over the break.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

#: Edges closer than this (pt) are the same ruling. LibreOffice and Word draw a
#: ruling as segments whose ends differ by < 1 pt; 2 pt keeps adjacent rulings of
#: the narrowest cells seen in the fixtures (≥ 13 pt apart) distinct.
SNAP_TOLERANCE = 2.0

#: Segments shorter than this (pt) are glyph strokes or dots, not rulings.
MIN_EDGE_LENGTH = 4.0

#: The least height (pt) a row holding a line of text has: the smallest type in the
#: corpora's tables is 9 pt. A table's side rulings that run on past its first or last
#: row ruling by less are the page margin's clipping, not a row a page break left open.
MIN_TEXT_ROW = 8.0

#: A border counts as drawn when segments cover this share of the slot side. Segments
#: of a drawn border cover 100% in every fixture; a missing one covers 0%.
BORDER_COVERAGE = 0.5


@dataclass(frozen=True)
class Segment:
    """A horizontal (``y0 == y1``) or vertical (``x0 == x1``) ruling segment."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.bottom - self.top) <= (self.x1 - self.x0)


@dataclass(frozen=True)
class SlotCell:
    """A merged cell in ruling-grid coordinates."""

    row: int
    col: int
    rowspan: int
    colspan: int


@dataclass(frozen=True)
class RuledTable:
    """The ruling grid of one table: ``xs`` column rulings, ``ys`` row rulings, and cells."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    cells: tuple[SlotCell, ...]
    #: Per column: no border is drawn on the table's top / bottom edge there, i.e. a
    #: cell that a page break cut open.
    open_top: tuple[bool, ...] = ()
    open_bottom: tuple[bool, ...] = ()

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])


def _thin(e: dict[str, float]) -> Segment | None:
    """An edge as a zero-width segment on its centre line, or None for a thick one."""
    seg = Segment(float(e["x0"]), float(e["top"]), float(e["x1"]), float(e["bottom"]))
    if seg.bottom - seg.top <= SNAP_TOLERANCE and seg.x1 - seg.x0 > 0:
        mid = (seg.top + seg.bottom) / 2
        return Segment(seg.x0, mid, seg.x1, mid)
    if seg.x1 - seg.x0 <= SNAP_TOLERANCE and seg.bottom - seg.top > 0:
        mid = (seg.x0 + seg.x1) / 2
        return Segment(mid, seg.top, mid, seg.bottom)
    return None


def _span(seg: Segment) -> tuple[float, float, float]:
    """``(coordinate across, start, end)`` of a segment along its direction."""
    return (seg.top, seg.x0, seg.x1) if seg.horizontal else (seg.x0, seg.top, seg.bottom)


def _continues_a_ruling(short: Segment, rulings: dict[tuple[bool, int], list[Segment]]) -> bool:
    """A short piece with a ruling of its own line ending at each of its ends: the side of
    a narrow slot between two column boundaries a few points apart, which Word and
    LibreOffice draw as its own piece (sk02's Word PDF: 322.25-325.8 between 253.15-322.0
    and 325.05-436.3)."""
    at, start, end = _span(short)
    bucket = round(at / SNAP_TOLERANCE)
    near = [r for b in (bucket - 1, bucket, bucket + 1)
            for r in rulings.get((short.horizontal, b), ())
            if abs(_span(r)[0] - at) <= SNAP_TOLERANCE]
    def meets(point: float) -> bool:
        return any(_span(r)[1] - SNAP_TOLERANCE <= point <= _span(r)[2] + SNAP_TOLERANCE
                   for r in near)
    return meets(start) and meets(end)


def edges_to_segments(edges: Iterable[dict[str, float]]) -> list[Segment]:
    """Given pdfplumber edge dicts, return axis-aligned segments long enough to be rulings,
    and the shorter pieces that continue a ruling at both ends."""
    thin = [seg for e in edges if (seg := _thin(e)) is not None]
    long_enough = [seg for seg in thin if _span(seg)[2] - _span(seg)[1] >= MIN_EDGE_LENGTH]
    rulings: dict[tuple[bool, int], list[Segment]] = {}
    for seg in long_enough:
        rulings.setdefault((seg.horizontal, round(_span(seg)[0] / SNAP_TOLERANCE)), []).append(seg)
    short = [seg for seg in thin if _span(seg)[2] - _span(seg)[1] < MIN_EDGE_LENGTH]
    return long_enough + [seg for seg in short if _continues_a_ruling(seg, rulings)]


class _UnionFind:
    """Disjoint sets over ``0..n-1`` (path halving)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def _touch(a: Segment, b: Segment) -> bool:
    t = SNAP_TOLERANCE
    return not (
        a.x1 + t < b.x0 or b.x1 + t < a.x0 or a.bottom + t < b.top or b.bottom + t < a.top
    )


def group_segments(segments: Sequence[Segment]) -> list[list[Segment]]:
    """Given segments, return groups of segments that touch each other (one per table)."""
    sets = _UnionFind(len(segments))
    order = sorted(range(len(segments)), key=lambda i: segments[i].top)
    for pos, i in enumerate(order):
        for j in order[pos + 1 :]:
            if segments[j].top > segments[i].bottom + SNAP_TOLERANCE:
                break
            if _touch(segments[i], segments[j]):
                sets.union(i, j)
    groups: dict[int, list[Segment]] = {}
    for i, seg in enumerate(segments):
        groups.setdefault(sets.find(i), []).append(seg)
    return list(groups.values())


@dataclass(frozen=True)
class _Ruling:
    """One ruling position: the mean of a run of segment coordinates each within the
    tolerance of the next, and the run's extent (a run can be wider than the tolerance:
    the stacked rules of rows a browser prints with no height)."""

    at: float
    lo: float
    hi: float

    def holds(self, coord: float) -> bool:
        return self.lo - SNAP_TOLERANCE <= coord <= self.hi + SNAP_TOLERANCE


def cluster(values: Iterable[float]) -> list[_Ruling]:
    """Given coordinates, return one ruling per run of values within the tolerance."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= SNAP_TOLERANCE:
            out[-1].append(v)
        else:
            out.append([v])
    return [_Ruling(sum(run) / len(run), run[0], run[-1]) for run in out]


def _coverage(spans: list[tuple[float, float]], lo: float, hi: float) -> float:
    """Share of ``[lo, hi]`` covered by the union of ``spans``."""
    covered, cursor = 0.0, lo
    for a, b in sorted(spans):
        a, b = max(a, cursor), min(b, hi)
        if b > a:
            covered += b - a
            cursor = b
    return covered / (hi - lo) if hi > lo else 1.0


def _index_lines(
    segments: Sequence[Segment], rulings: Sequence[_Ruling], horizontal: bool
) -> list[list[tuple[float, float]]]:
    """For each ruling, the spans of segments lying on it."""
    spans: list[list[tuple[float, float]]] = [[] for _ in rulings]
    starts = [r.lo - SNAP_TOLERANCE for r in rulings]  # ascending: the runs are apart
    for seg in segments:
        if seg.horizontal != horizontal:
            continue
        coord = seg.top if horizontal else seg.x0
        k = bisect_right(starts, coord) - 1
        if k >= 0 and rulings[k].holds(coord):
            spans[k].append((seg.x0, seg.x1) if horizontal else (seg.top, seg.bottom))
    return spans


def _open_ends(segments: Sequence[Segment], ys: list[_Ruling]) -> list[_Ruling]:
    """``ys`` with the ends of column rulings that run on past the first or last row
    ruling: a table a page break cuts where no border is drawn (a browser prints a
    cell split over two pages without one), whose cells end where their sides end."""
    verticals = [s for s in segments if not s.horizontal]
    top, bottom = min(s.top for s in verticals), max(s.bottom for s in verticals)
    return ([_Ruling(top, top, top)] if top < ys[0].at - MIN_TEXT_ROW else []) + ys + (
        [_Ruling(bottom, bottom, bottom)] if bottom > ys[-1].at + MIN_TEXT_ROW else [])


def segments_to_table(segments: Sequence[Segment]) -> RuledTable | None:
    """Given the segments of one table, return its ruling grid with merged cells."""
    x_rulings = cluster(s.x0 for s in segments if not s.horizontal)
    y_rulings = cluster(s.top for s in segments if s.horizontal)
    if len(x_rulings) >= 2 and y_rulings:
        y_rulings = _open_ends(segments, y_rulings)
    if len(x_rulings) < 2 or len(y_rulings) < 2:
        return None
    vlines = _index_lines(segments, x_rulings, horizontal=False)
    hlines = _index_lines(segments, y_rulings, horizontal=True)
    xs, ys = [r.at for r in x_rulings], [r.at for r in y_rulings]
    cells = merge_slots(
        len(ys) - 1, len(xs) - 1,
        joined_right=lambda r, c: _coverage(vlines[c + 1], ys[r], ys[r + 1]) < BORDER_COVERAGE,
        joined_down=lambda r, c: _coverage(hlines[r + 1], xs[c], xs[c + 1]) < BORDER_COVERAGE,
    )
    return RuledTable(
        tuple(xs), tuple(ys), cells,
        open_top=_open_edge(hlines[0], xs), open_bottom=_open_edge(hlines[-1], xs),
    )


def _open_edge(spans: list[tuple[float, float]], xs: Sequence[float]) -> tuple[bool, ...]:
    """Per column, whether the table's outer border along ``spans`` is missing there."""
    return tuple(
        _coverage(spans, xs[c], xs[c + 1]) < BORDER_COVERAGE for c in range(len(xs) - 1)
    )


def merge_slots(
    n_rows: int, n_cols: int,
    joined_right: Callable[[int, int], bool], joined_down: Callable[[int, int], bool],
) -> tuple[SlotCell, ...]:
    """Given a grid of slots and which neighbours no border separates (slot ``(r, c)``
    from ``(r, c + 1)`` and from ``(r + 1, c)``), return the merged cells, one per group
    of joined slots. A group that is not a rectangle (a ruling broken part-way, or a
    sliver of a column no rule closes, joining a tall thin group to a wide one) is
    parted into rectangles (:func:`_rectangles`): its bounding rectangle would swallow
    the cells around it. Shared by the vector and the OCR readers."""
    sets = _UnionFind(n_rows * n_cols)
    for r in range(n_rows):
        for c in range(n_cols):
            here = r * n_cols + c
            if c + 1 < n_cols and joined_right(r, c):
                sets.union(here, here + 1)
            if r + 1 < n_rows and joined_down(r, c):
                sets.union(here, here + n_cols)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            groups.setdefault(sets.find(r * n_cols + c), []).append((r, c))
    cells = [cell for slots in groups.values() for cell in _rectangles(slots)]
    cells.sort(key=lambda cell: (cell.row, cell.col))
    return tuple(cells)


def _rectangles(slots: list[tuple[int, int]]) -> list[SlotCell]:
    """The cells of one group of joined slots (in row-major order): its bounding
    rectangle where the group fills it; else each row's runs of slots, a run stacked
    on the same run of the row above joined to it."""
    rows = [r for r, _ in slots]
    cols = [c for _, c in slots]
    r0, r1, c0, c1 = min(rows), max(rows), min(cols), max(cols)
    if len(slots) == (r1 - r0 + 1) * (c1 - c0 + 1):
        return [SlotCell(r0, c0, r1 - r0 + 1, c1 - c0 + 1)]
    runs: list[list[int]] = []  # [row, first col, last col], in row-major order
    for r, c in slots:
        if runs and runs[-1][0] == r and runs[-1][2] == c - 1:
            runs[-1][2] = c
        else:
            runs.append([r, c, c])
    open_cells: dict[tuple[int, int], SlotCell] = {}
    done: list[SlotCell] = []
    for r, first, last in runs:
        above = open_cells.pop((first, last), None)
        if above is not None and above.row + above.rowspan == r:
            open_cells[(first, last)] = replace(above, rowspan=above.rowspan + 1)
            continue
        if above is not None:
            done.append(above)
        open_cells[(first, last)] = SlotCell(r, first, 1, last - first + 1)
    return done + list(open_cells.values())


def find_ruled_tables(edges: Iterable[dict[str, float]]) -> list[RuledTable]:
    """Given a page's edges, return its ruled tables from top to bottom."""
    tables = []
    for group in group_segments(edges_to_segments(edges)):
        has_h = any(s.horizontal for s in group)
        has_v = any(not s.horizontal for s in group)
        if not (has_h and has_v):
            continue
        table = segments_to_table(group)
        if table is not None and len(table.cells) > 1:
            tables.append(table)
    tables.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    return tables
