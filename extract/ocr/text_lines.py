"""Split a region of ink into single lines of text, the unit the recognition model reads.

Printed forms set text in straight rows, so a horizontal projection of the ink finds
the lines of a cell (or of the page outside its tables); a vertical projection then
trims each line to its ink, or splits it where a wide gap separates two texts (``联系人``
on the left of a page, ``联系电话`` on the right).
"""

from __future__ import annotations

import cv2
import numpy as np
from selfeval.extract.ocr import image_prep

#: A pixel row belongs to a text line when it has at least this many ink pixels: one
#: keeps the thinnest strokes (一 of a 9 pt character is 1-2 px tall at 200 dpi).
MIN_ROW_INK = 1
#: Bands of ink shorter than this (points) are noise (scan speckle, the residue of a
#: removed seal), not a line. Measured on the scanned fixtures at 200 dpi: speckle
#: bands are 1-3 px tall and 1-8 px wide; the thinnest real line (a dash) is 4 px.
MIN_LINE_HEIGHT_POINTS = 1.5
#: Outside tables, a row of a band with less ink than this share of the band's fullest
#: row is a gap: on 000-r3 the seal's residue left 0-8 ink pixels a row between the
#: title (up to 331 a row) and the year line (55-110 a row), joining them.
SPARSE_ROW_SHARE = 0.03
#: Two bands closer than this (points) are one line. Gaps between ink bands on the
#: scanned fixtures: 1-3 px (23; the parts of one line: a colon's dots, a glyph's
#: strokes), 4-6 px (11), 8-14 px (117; between the lines of a wrapped cell). 1.2 pt
#: (3 px) read 382 cells right, 2.5 pt (7 px) 381, and 3 fewer on 001/003/004.
LINE_GAP_POINTS = 1.2
#: Outside tables, a horizontal gap wider than this many line heights splits a line
#: in two: between the 联系人 and 联系电话 fields of 002 it is about 25; word and
#: punctuation gaps are under one.
SPLIT_GAP_LINES = 2.5
#: On a salted page (image_prep.find_specks), ink of at most this many square points
#: is noise, not text, where it stands alone: a line of its own, or a run at a line's
#: end set apart from the rest by more than the line's height. Specks that touched
#: outgrow the speck size (wild scans: 12-20 px at 200 dpi, 1.6-2.6 pt²) and read as
#: '"' in an empty cell, or as "。。" after 总分, hiding the total row. A trailing full
#: stop or colon is closer than a line height to its text; a lone digit holds 5 pt² or
#: more. A clean page keeps such ink: a thin dash there may hold less.
NOISE_INK_MAX_POINTS = 3.0
#: A line crop is at least this tall (points), centred on its ink: a lone "-" or "0"
#: cut to its ink alone is a sliver the rec model reads as "=" or "一"; body text is
#: 9-10.5 pt.
MIN_CROP_HEIGHT_POINTS = 9.0
#: A line wider than this many of its heights is "long" (a sentence, not a label or
#: a number) ...
LONG_LINE_RATIO = 8.0
#: ... and is cropped this many times its ink height (before the margin). Measured on
#: the scanned fixtures (model columns read / cells right of 387): 1.0 106k / 383;
#: 1.6 86k / 382; 2.2 75k / 382 (the cell lost: a row of five dashes read as four).
LONG_LINE_CROP_HEIGHT = 2.2
#: White margin kept around a line crop (points): the rec model was trained on crops
#: with a little background around the glyphs.
CROP_MARGIN_POINTS = 1.5


#: A lone "/" (the forms' "not applicable") is told by its shape, because the rec model,
#: trained on lines of text, reads it alone as "1" or "7" at 0.40-0.71. Measured on the
#: fixtures: a "/" drifts 0.30-0.32 px left per px down, is 2.4-2.9 times as tall as
#: wide, and no pixel row holds more than half its width; "1", "7", digits and CJK
#: glyphs drift -0.21..0 and have a row (bar, serif, stroke) over 0.7 of their width.
#: On the grainier wild scans a narrow "/" (6-7 px at 150 dpi) has one row widened by a
#: grain (6 of 7 px) and a second-fullest row of 4 of 6 px (sw02): so the second-fullest
#: row is measured (a bar or a serif fills two rows or more at 150 dpi), against 0.68.
SLASH_MIN_DRIFT = 0.2
SLASH_MIN_ASPECT = 2.0
SLASH_MAX_ROW_SHARE = 0.68


#: A row of dots ("……", the placeholder row of the national template) is told by its
#: shape too: the rec model reads six dots as "mmu" or "mmmm" (no01's scan, confidence
#: 0.37-0.48), and a placeholder read as a name becomes an indicator. Measured there:
#: dots 6 px (2.2 pt) tall at 200 dpi, up to 10 px wide where a speck touched one,
#: centres within 1 px of one row, 11 px apart; specks left between them are ignored.
DOT_MAX_POINTS = 3.5
DOT_ROW_MIN_DOTS = 3
#: What a row of dots reads as.
DOT_ROW = "……"


def is_dot_row(ink: np.ndarray, pixels_per_point: float) -> bool:
    """Return whether a line's ink is a row of at least DOT_ROW_MIN_DOTS small dots."""
    count, _, stats, centroids = cv2.connectedComponentsWithStats(
        (ink > 0).astype(np.uint8), connectivity=8)
    speck = image_prep.SPECK_MAX_AREA_POINTS * pixels_per_point ** 2
    dots = [i for i in range(1, count) if stats[i, cv2.CC_STAT_AREA] > speck]
    if len(dots) < DOT_ROW_MIN_DOTS:
        return False
    most = DOT_MAX_POINTS * pixels_per_point
    if any(stats[i, cv2.CC_STAT_HEIGHT] > most or stats[i, cv2.CC_STAT_WIDTH] > 2 * most
           for i in dots):
        return False
    centres = [float(centroids[i, 1]) for i in dots]
    return max(centres) - min(centres) <= most / 2


#: A lone "=" (a split target's operator, 指标性质) is told by its shape too: it was
#: read as a dash (sr01's scan: four of four; sw02's: two of two), and the target lost
#: its operator. Measured there at 200 dpi: two bars 17-18 px long and 4-5 px thick,
#: 6-7 px apart top to top, the pair 11-12 px tall. 二, the CJK glyph nearest it, has a
#: top stroke clearly shorter than the bottom one and stands about as tall as it is
#: wide. A lone dash ("not applicable") is one such bar: told as "-", so that the rec
#: model, which reads a thin dash alone as "=", is not asked.
EQUALS_MIN_BAR_ASPECT = 2.5
EQUALS_MIN_LENGTH_RATIO = 0.85
EQUALS_MAX_HEIGHT_SHARE = 0.8


def _bars(ink: np.ndarray) -> list[tuple[int, int, int, int]] | None:
    """The boxes (x, y, w, h) of a line's pieces of ink, top first, if every piece is a
    horizontal bar (EQUALS_MIN_BAR_ASPECT times as long as it is thick)."""
    count, _, stats, _ = cv2.connectedComponentsWithStats((ink > 0).astype(np.uint8))
    boxes = sorted((tuple(int(v) for v in stats[i, :4]) for i in range(1, count)),
                   key=lambda box: box[1])
    if not boxes or any(w < EQUALS_MIN_BAR_ASPECT * h for _, _, w, h in boxes):
        return None
    return [(x, y, w, h) for x, y, w, h in boxes]


def _is_equals(bars: list[tuple[int, int, int, int]]) -> bool:
    """Whether a line's bars (:func:`_bars`) are one "=": two of one length, one over the
    other."""
    if len(bars) != 2:
        return False
    (x0, y0, w0, h0), (x1, y1, w1, h1) = bars
    shorter, longer = sorted((w0, w1))
    overlap = min(x0 + w0, x1 + w1) - max(x0, x1)
    return (shorter >= EQUALS_MIN_LENGTH_RATIO * longer
            and y1 >= y0 + h0 and overlap >= EQUALS_MIN_LENGTH_RATIO * shorter
            and y1 + h1 - y0 <= EQUALS_MAX_HEIGHT_SHARE * longer)


def told_by_shape(ink: np.ndarray, pixels_per_point: float) -> str | None:
    """The text of a line the rec model misreads and its shape tells: "/", "=", "-" or
    "……"."""
    if is_slash(ink):
        return "/"
    bars = _bars(ink)
    if bars is not None and len(bars) == 1:
        return "-"
    if bars is not None and _is_equals(bars):
        return "="
    return DOT_ROW if is_dot_row(ink, pixels_per_point) else None


def is_slash(ink: np.ndarray) -> bool:
    """Return whether a line's ink is one "/" stroke and nothing else."""
    ys, xs = np.nonzero(ink)
    if ys.size < 5:
        return False
    height = int(ys.max() - ys.min()) + 1
    width = int(xs.max() - xs.min()) + 1
    if height < SLASH_MIN_ASPECT * width:
        return False
    rows = np.sort((ink > 0).sum(axis=1))
    if int(rows[-2]) > SLASH_MAX_ROW_SHARE * width:
        return False
    if cv2.connectedComponents((ink > 0).astype(np.uint8))[0] != 2:
        return False
    return float(np.polyfit(ys, xs, 1)[0]) <= -SLASH_MIN_DRIFT


def _runs(profile: np.ndarray, min_value: int) -> list[tuple[int, int]]:
    """Return the ``[start, stop)`` runs where ``profile >= min_value``."""
    on = np.concatenate(([False], profile >= min_value, [False]))
    edges = np.flatnonzero(on[1:] != on[:-1])
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _merge_close(runs: list[tuple[int, int]], gap: int) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, stop in runs:
        if merged and start - merged[-1][1] <= gap:
            merged[-1] = (merged[-1][0], stop)
        else:
            merged.append((start, stop))
    return merged


def _split_band(ink: np.ndarray, band: tuple[int, int], gap: int) -> list[tuple[int, int]]:
    """Split a band where its rows hold next to no ink compared with its fullest row.

    Across a whole page, a few specks on the rows between two lines (what is left of a
    seal, scan noise) join them into one band; relative to the band's fullest row,
    those rows are empty.
    """
    top, bottom = band
    profile = ink[top:bottom].sum(axis=1) // 255
    floor = max(MIN_ROW_INK, int(np.ceil(SPARSE_ROW_SHARE * int(profile.max()))))
    dense = _merge_close(_runs(profile, floor), gap)
    if len(dense) < 2:
        return [band]  # one line: keep its faint top and bottom rows
    return [(top + a, top + b) for a, b in dense]


def _without_end_noise(
    band: np.ndarray, columns: list[tuple[int, int]], most_noise: float
) -> list[tuple[int, int]]:
    """Drop the runs of ink at either end of a band holding at most ``most_noise``
    pixels and set apart from the rest by more than the band's height."""
    height = band.shape[0]

    def noise(run: tuple[int, int], gap: int) -> bool:
        return gap > height and int(band[:, run[0]:run[1]].sum()) // 255 <= most_noise

    kept = list(columns)
    while len(kept) > 1 and noise(kept[-1], kept[-1][0] - kept[-2][1]):
        kept.pop()
    while len(kept) > 1 and noise(kept[0], kept[1][0] - kept[0][1]):
        kept.pop(0)
    return kept


def line_boxes(
    ink: np.ndarray, pixels_per_point: float, split_wide_gaps: bool = False,
    salted: bool = False,
) -> list[tuple[int, int, int, int]]:
    """Given an ink mask, return the boxes ``(x0, top, x1, bottom)`` of its text lines.

    Boxes are in the mask's pixels, top to bottom (left to right within a row). On a
    ``salted`` page, little ink standing apart is dropped (NOISE_INK_MAX_POINTS).
    """
    most_noise = NOISE_INK_MAX_POINTS * pixels_per_point ** 2 if salted else 0.0
    min_height = max(round(MIN_LINE_HEIGHT_POINTS * pixels_per_point), 2)
    gap = round(LINE_GAP_POINTS * pixels_per_point)
    bands = _merge_close(_runs(ink.sum(axis=1) // 255, MIN_ROW_INK), gap)
    if split_wide_gaps:
        bands = [sub for band in bands for sub in _split_band(ink, band, gap)]
    boxes = []
    for top, bottom in bands:
        if bottom - top < min_height:
            continue
        columns = _runs(ink[top:bottom].max(axis=0), 1)
        if not columns:
            continue
        columns = _without_end_noise(ink[top:bottom], columns, most_noise)
        if split_wide_gaps:
            pieces = _merge_close(columns, round(SPLIT_GAP_LINES * (bottom - top)))
        else:
            pieces = [(columns[0][0], columns[-1][1])]
        for x0, x1 in pieces:
            piece = ink[top:bottom, x0:x1]
            rows = np.flatnonzero(piece.max(axis=1))
            if (rows.size and rows[-1] - rows[0] + 1 >= min_height
                    and int(piece.sum()) // 255 > most_noise):
                boxes.append((x0, top + int(rows[0]), x1, top + int(rows[-1]) + 1))
    return boxes


def crop_line(
    gray: np.ndarray, box: tuple[int, int, int, int], pixels_per_point: float
) -> np.ndarray:
    """Return a 3-channel crop of ``box`` from the page with a white margin around it.

    A long line gets a taller margin: the model scales every crop to 48 px high, so
    the margin shrinks the text and the width the model has to read.
    """
    x0, top, x1, bottom = box
    crop = gray[top:bottom, x0:x1]
    margin = max(round(CROP_MARGIN_POINTS * pixels_per_point), 2)
    height = max(crop.shape[0], round(MIN_CROP_HEIGHT_POINTS * pixels_per_point))
    if crop.shape[1] > LONG_LINE_RATIO * height:
        height = max(height, round(LONG_LINE_CROP_HEIGHT * crop.shape[0]))
    grow = height - crop.shape[0]
    padded = np.pad(
        crop,
        ((margin + grow // 2, margin + grow - grow // 2), (margin, margin)),
        mode="constant",
        constant_values=255,
    )
    return np.repeat(padded[:, :, None], 3, axis=2)
