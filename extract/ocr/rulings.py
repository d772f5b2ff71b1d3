"""Find the ruled tables of a straightened page image and their cells, merged ones included.

A chain of small steps, the way pdfplumber's ``table.py`` does it from vector edges:
``line_masks -> table_regions -> ruling positions -> slot boundaries -> cells``. All
positions are pixels of the straightened image.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
from selfeval.extract.ruling import merge_slots

#: A ruling is at least this many points long. A CJK character at 9-12 pt is 9-12 pt
#: wide, so its longest stroke (一) never reaches 22 pt; the rulings of the scanned
#: fixtures are 27 pt (a one-line row's side) and longer.
MIN_RULING_POINTS = 22.0
#: A shorter stroke, down to this length, is a ruling where both its ends meet a
#: ruling of the other direction: the sides of a 15 pt row in the dense landscape
#: table of 004 (rendered from its text PDF), which a 22 pt minimum lost.
MIN_SHORT_RULING_POINTS = 6.0
#: "Meet" means its end comes this close (points) to the other ruling. A glyph's
#: stroke in a low row stops 2-3 pt short of the row's rulings; 3 pt read them as
#: rulings on 001, 003 and 004.
TOUCH_POINTS = 0.8
#: Two rulings closer than this (points) are one; pdfplumber's snap tolerance is 3 pt.
SNAP_POINTS = 3.0
#: A boundary between two slots is ruled when this share of its length has line pixels.
#: Of the 3,634 boundaries on the 5 scanned and 7 rendered fixture pages, 2,847 are
#: covered >= 0.95 and 787 < 0.05, none in between; before the seal was taken out by
#: the red channel, a ruling under the seal measured 0.42.
RULED_COVERAGE = 0.6
#: A table region has at least this many horizontal and vertical rulings (a 1x1 box is
#: not a table: a frame around a note reads as text).
MIN_RULINGS = 2
#: A table region is at least this many points wide and tall.
MIN_TABLE_POINTS = 40.0


@dataclass(frozen=True)
class PixelCell:
    """A cell in slot coordinates and its pixel box ``(x0, top, x1, bottom)``."""

    row: int
    col: int
    rowspan: int
    colspan: int
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class PixelTable:
    """A ruled table: its ruling positions and cells, in pixels."""

    xs: tuple[int, ...]
    ys: tuple[int, ...]
    cells: tuple[PixelCell, ...]

    @property
    def box(self) -> tuple[int, int, int, int]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


def _open(ink: np.ndarray, length: int, horizontal: bool) -> np.ndarray:
    kernel = np.ones((1, length) if horizontal else (length, 1), np.uint8)
    return cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)


def _short_rulings(
    candidates: np.ndarray, across: np.ndarray, horizontal: bool, reach: int
) -> np.ndarray:
    """Keep the strokes of ``candidates`` whose two ends both meet a ruling of ``across``."""
    near = cv2.dilate(across, np.ones((2 * reach + 1, 2 * reach + 1), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(candidates, connectivity=8)
    keep = np.zeros(count, dtype=bool)
    for i in range(1, count):
        x, y, w, h = (int(v) for v in stats[i, :4])
        if horizontal:
            mid = y + h // 2
            ends = near[mid, x], near[mid, x + w - 1]
        else:
            mid = x + w // 2
            ends = near[y, mid], near[y + h - 1, mid]
        keep[i] = bool(ends[0]) and bool(ends[1])
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def line_masks(ink: np.ndarray, pixels_per_point: float) -> tuple[np.ndarray, np.ndarray]:
    """Given an ink mask, return the (horizontal, vertical) masks of its rulings.

    A stroke at least MIN_RULING_POINTS long is a ruling; a shorter one (down to
    MIN_SHORT_RULING_POINTS: the side of a low row, the top of a narrow column) only
    where both its ends meet a ruling of the other direction, as a cell's side does
    and a dash or a character's stroke does not.
    """
    # No closing first: it would chain the aligned strokes of neighbouring characters
    # into false rulings; the rendered scans' rulings have no gaps to bridge.
    long_px = max(round(MIN_RULING_POINTS * pixels_per_point), 8)
    short_px = max(round(MIN_SHORT_RULING_POINTS * pixels_per_point), 4)
    reach = max(round(TOUCH_POINTS * pixels_per_point), 1)
    horizontal = _open(ink, long_px, True)
    vertical = _open(ink, long_px, False)
    short_h = cv2.subtract(_open(ink, short_px, True), horizontal)
    short_v = cv2.subtract(_open(ink, short_px, False), vertical)
    return (
        cv2.bitwise_or(horizontal, _short_rulings(short_h, vertical, True, reach)),
        cv2.bitwise_or(vertical, _short_rulings(short_v, horizontal, False, reach)),
    )


def table_regions(
    horizontal: np.ndarray, vertical: np.ndarray, min_size: int
) -> list[tuple[int, int, int, int]]:
    """Given the line masks, return the boxes of connected ruling networks, top to bottom."""
    joined = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((5, 5), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    boxes = []
    for i in range(1, count):
        x, y, w, h = (int(v) for v in stats[i, :4])
        if w >= min_size and h >= min_size:
            boxes.append((x, y, x + w, y + h))
    return sorted(boxes, key=lambda b: (b[1], b[0]))


def _ruling_positions(mask: np.ndarray, axis: int, snap: int) -> list[int]:
    """Return the positions of rulings in a line mask (axis 0: rows of pixels = horizontal)."""
    count, _, _, centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
    centres = sorted(float(centroids[i, 1 - axis]) for i in range(1, count))
    clusters: list[list[float]] = []
    for centre in centres:
        if clusters and centre - clusters[-1][-1] <= snap:
            clusters[-1].append(centre)
        else:
            clusters.append([centre])
    return [round(float(np.median(c))) for c in clusters]


def _coverage(mask: np.ndarray, fixed: int, start: int, stop: int, axis: int, band: int) -> float:
    """Return the share of a boundary segment covered by a line mask.

    ``axis`` 0: a horizontal boundary at row ``fixed`` from column ``start`` to ``stop``;
    axis 1: a vertical boundary at column ``fixed`` from row ``start`` to ``stop``. The
    ``band`` pixels either side absorb the residual skew and the line's thickness.
    """
    margin = max((stop - start) // 10, 2)
    lo, hi = start + margin, stop - margin
    if hi <= lo:
        return 1.0
    if axis == 0:
        strip = mask[max(fixed - band, 0): fixed + band + 1, lo:hi]
        covered = strip.max(axis=0) > 0
    else:
        strip = mask[lo:hi, max(fixed - band, 0): fixed + band + 1]
        covered = strip.max(axis=1) > 0
    return float(covered.mean())


def _lookup(mask: np.ndarray) -> Callable[[int, int], bool]:
    """A slot-boundary mask as the predicate merge_slots asks for."""
    return lambda r, c: bool(mask[r, c])


def find_tables(
    horizontal: np.ndarray, vertical: np.ndarray, pixels_per_point: float
) -> list[PixelTable]:
    """Given the line masks of a straightened page, return its ruled tables, top to bottom."""
    snap = max(round(SNAP_POINTS * pixels_per_point), 2)
    tables = []
    for x0, y0, x1, y1 in table_regions(
        horizontal, vertical, round(MIN_TABLE_POINTS * pixels_per_point)
    ):
        h_mask = horizontal[y0:y1, x0:x1]
        v_mask = vertical[y0:y1, x0:x1]
        ys = _ruling_positions(h_mask, 0, snap)
        xs = _ruling_positions(v_mask, 1, snap)
        if len(ys) < MIN_RULINGS or len(xs) < MIN_RULINGS:
            continue
        n_rows, n_cols = len(ys) - 1, len(xs) - 1
        right_open = np.zeros((n_rows, n_cols), dtype=bool)
        down_open = np.zeros((n_rows, n_cols), dtype=bool)
        for r in range(n_rows):
            for c in range(n_cols):
                if c + 1 < n_cols:
                    right_open[r, c] = (
                        _coverage(v_mask, xs[c + 1], ys[r], ys[r + 1], 1, snap) < RULED_COVERAGE
                    )
                if r + 1 < n_rows:
                    down_open[r, c] = (
                        _coverage(h_mask, ys[r + 1], xs[c], xs[c + 1], 0, snap) < RULED_COVERAGE
                    )
        cells = tuple(
            PixelCell(
                cell.row, cell.col, cell.rowspan, cell.colspan,
                (
                    x0 + xs[cell.col], y0 + ys[cell.row],
                    x0 + xs[cell.col + cell.colspan], y0 + ys[cell.row + cell.rowspan],
                ),
            )
            for cell in merge_slots(
                n_rows, n_cols,
                joined_right=_lookup(right_open), joined_down=_lookup(down_open),
            )
        )
        tables.append(
            PixelTable(tuple(x0 + x for x in xs), tuple(y0 + y for y in ys), cells)
        )
    return tables
