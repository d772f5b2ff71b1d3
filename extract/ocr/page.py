"""Read one scanned page: tables cell by cell, and the text lines around them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image
from selfeval.extract.grid import Box, Cell, Grid, Item, TextLine
from selfeval.extract.ocr import image_prep, rulings, text_lines
from selfeval.extract.ocr.recognizer import recognise_lines

#: The resolution the page is rendered at for OCR. The scans on the fixtures hold
#: 170 dpi images. Cells right of 387: 150 dpi 383, 200 dpi 383, 250 dpi 382; image
#: preparation costs 0.2-0.3 s CPU per page at 150 dpi, 0.3-0.4 at 200, and the rec
#: model's work does not change (every line is scaled to 48 px). 200 keeps a margin
#: for smaller print than the fixtures' 9-10.5 pt (8 pt is 22 px high at 200 dpi).
OCR_RENDER_DPI = 200
#: Text outside the tables read below this confidence is dropped as noise: on the
#: fixtures the residue of a removed seal read "T" at 0.11; every real line 0.92-1.00.
MIN_TEXT_LINE_CONFIDENCE = 0.65
#: A line inside a cell read below this confidence is dropped from the cell's text as
#: noise, and does not count in the cell's confidence. On the fixtures: seal residue
#: read "T" 0.11 and "W" 0.19; the one real line below 0.3 is a lone "。" wrapped onto
#: its own line (0.195, lost); the least sure real line reads 0.459. On the 99 wild
#: scans every cell line read 0.30-0.45 is salt noise ("i", "5", "1", "日s", ":") or a
#: real line read as garbage ("10020001.资出" for a 31-character code and name).
NOISE_LINE_CONFIDENCE = 0.45
#: A line of a cell that reads only punctuation is noise too, however sure the read: a
#: speck under a weight ``20`` read ``:`` at 0.44 (wild sc04's scan); line-breaking
#: rules never carry these marks alone onto a line of print.
_PUNCTUATION_ONLY = re.compile(r"^[\s:：;；,，.]+$")
#: The confidence given to a line told by its shape (text_lines.told_by_shape: a "/",
#: a row of dots) rather than read by the model; no other glyph on the fixtures passes
#: those tests.
SHAPE_CONFIDENCE = 0.95
#: Pixels shaved off each side of a cell before looking for its text, past the ruling.
CELL_INSET_POINTS = 1.0
#: A stroke at most this wide (points) reaching a cell's corner is a rule's remnant: a
#: scanned browser print's bevelled box corner measured 1.4 pt (4 px at 200 dpi). A
#: glyph as thin (a "1") keeps the cell's padding above and below it; the 51 committed
#: scans and the scanned fixtures read the same with the test as without.
CORNER_STROKE_POINTS = 2.0
#: A line no wider than this (points) beside a cell's side is a rule's remnant wherever
#: it stands: a scanned browser print's inner box rule left 0.7 pt (2 px) strokes read
#: as a leading "1"; a digit or a CJK glyph is wider than a point.
SIDE_STROKE_POINTS = 1.0
#: Ink this close to the page edge (points) is ignored outside tables: the scans' edge
#: shadows sit within 4 pt of the edge; printed text on the fixtures starts >= 30 pt in.
PAGE_MARGIN_POINTS = 12.0
#: Ruling pixels are grown by this many pixels before being erased from the text image,
#: so the anti-aliased fringe of a line does not read as a stroke.
RULING_FRINGE = 2


@dataclass(frozen=True)
class _Straightened:
    """A cleaned, straightened page and the map back to the original page's pixels."""

    gray: np.ndarray
    ink: np.ndarray
    inverse: np.ndarray  # 2x3 affine: straightened pixel -> rendered pixel

    def to_points(self, box: tuple[int, int, int, int], points_per_pixel: float) -> Box:
        x0, top, x1, bottom = box
        corners = np.array([[x0, top, 1], [x1, top, 1], [x0, bottom, 1], [x1, bottom, 1]])
        mapped = corners @ self.inverse.T * points_per_pixel
        return (
            round(float(mapped[:, 0].min()), 2), round(float(mapped[:, 1].min()), 2),
            round(float(mapped[:, 0].max()), 2), round(float(mapped[:, 1].max()), 2),
        )


def _straighten(image: Image.Image) -> _Straightened:
    rgb = np.asarray(image.convert("RGB"))
    gray = image_prep.seal_free_gray(rgb)
    ink = image_prep.ink_mask(gray)
    angle = image_prep.skew_angle(ink)
    matrix = image_prep.rotation_matrix(gray.shape, angle)
    if angle:
        gray = image_prep.rotate(gray, matrix)
        ink = image_prep.ink_mask(gray)
    return _Straightened(gray, ink, cv2.invertAffineTransform(matrix))


def _inset(box: tuple[int, int, int, int], by: int) -> tuple[int, int, int, int]:
    x0, top, x1, bottom = box
    return x0 + by, top + by, max(x1 - by, x0 + by), max(bottom - by, top + by)


def _crop(image: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    x0, top, x1, bottom = box
    return image[top:bottom, x0:x1]


def _lines_in(
    ink: np.ndarray, box: tuple[int, int, int, int], pixels_per_point: float, salted: bool
) -> list[tuple[int, int, int, int]]:
    """Return the text-line boxes inside ``box``, in page pixels, without what is left
    of a rule (:func:`_is_rule_remnant`)."""
    x0, top, x1, bottom = box
    found = text_lines.line_boxes(ink[top:bottom, x0:x1], pixels_per_point, salted=salted)
    size = (x1 - x0, bottom - top)
    return [(x0 + a, top + b, x0 + c, top + d) for a, b, c, d in found
            if not _is_rule_remnant((a, b, c, d), size, pixels_per_point)]


def _is_rule_remnant(line: tuple[int, int, int, int], size: tuple[int, int],
                       pixels_per_point: float) -> bool:
    """A line of ink that is what is left of a rule in a table drawn with separated
    borders (a web page printed, then scanned), where the rulings do not wholly cover a
    cell's own box: a stroke thinner than any glyph beside the cell's side, or a thin
    stroke reaching its corner, within a point of a side and of the top or bottom (the
    box's bevelled corner; text keeps its padding from the top and bottom)."""
    a, b, c, d = line
    width, height = size
    near = CELL_INSET_POINTS * pixels_per_point
    at_side = a <= near or c >= width - near
    at_end = b <= near or d >= height - near
    if c - a <= SIDE_STROKE_POINTS * pixels_per_point:
        return at_side
    return c - a <= CORNER_STROKE_POINTS * pixels_per_point and at_side and at_end


#: Reads a batch of single-line crops into ``(text, confidence)`` pairs.
Recogniser = Callable[[list[np.ndarray]], list[tuple[str, float]]]


def _cell_confidence(texts: list[tuple[str, float]],
                     kept: list[tuple[str, float]]) -> float | None:
    """How sure the recogniser is of a cell's text: its least sure line kept; with no
    line kept, its least sure line (``None`` for an empty cell). A speck dropped as
    noise does not make the text beside it doubtful."""
    scored = kept or texts
    return round(min(s for _, s in scored), 4) if scored else None


def ocr_page(
    image: Image.Image,
    page_number: int,
    points_per_pixel: float,
    recognise: Recogniser = recognise_lines,
) -> list[Item]:
    """Read a rendered scanned page into Grids (one per ruled table) and TextLines.

    ``image`` is the page rendered at ``points_per_pixel`` (72 / dpi); every box and
    ``col_edges`` value returned is in PDF points, top-left origin. Cells carry the
    recogniser's confidence (the lowest of their lines; ``None`` for an empty cell).
    ``recognise`` is the line recogniser; another engine can be measured through it.
    """
    pixels_per_point = 1.0 / points_per_pixel
    page = _straighten(image)
    horizontal, vertical = rulings.line_masks(page.ink, pixels_per_point)
    tables = rulings.find_tables(horizontal, vertical, pixels_per_point)

    lines_mask = cv2.dilate(
        cv2.bitwise_or(horizontal, vertical), np.ones((2 * RULING_FRINGE + 1,) * 2, np.uint8)
    )
    text_ink = cv2.bitwise_and(page.ink, cv2.bitwise_not(lines_mask))
    specks = image_prep.find_specks(text_ink, pixels_per_point)
    text_ink = cv2.bitwise_and(text_ink, cv2.bitwise_not(specks.mask))
    text_gray = np.where((lines_mask > 0) | (specks.mask > 0), 255, page.gray).astype(np.uint8)

    inset = max(round(CELL_INSET_POINTS * pixels_per_point), 1)
    cell_lines = [
        [_lines_in(text_ink, _inset(cell.box, inset), pixels_per_point, specks.salted)
         for cell in table.cells]
        for table in tables
    ]
    outside = text_ink.copy()
    margin = max(round(PAGE_MARGIN_POINTS * pixels_per_point), 1)
    outside[:margin] = 0
    outside[-margin:] = 0
    outside[:, :margin] = 0
    outside[:, -margin:] = 0
    for table in tables:
        x0, top, x1, bottom = table.box
        outside[max(top - inset, 0): bottom + inset, max(x0 - inset, 0): x1 + inset] = 0
    free_lines = text_lines.line_boxes(outside, pixels_per_point, split_wide_gaps=True,
                                       salted=specks.salted)

    all_boxes = [b for per_table in cell_lines for per_cell in per_table for b in per_cell]
    all_boxes += free_lines
    shapes = [text_lines.told_by_shape(_crop(text_ink, b), pixels_per_point) for b in all_boxes]
    read = iter(
        recognise(
            [
                text_lines.crop_line(text_gray, b, pixels_per_point)
                for b, shape in zip(all_boxes, shapes, strict=True)
                if shape is None
            ]
        )
    )
    results = iter([(shape, SHAPE_CONFIDENCE) if shape is not None else next(read)
                    for shape in shapes])

    items: list[tuple[float, float, Item]] = []
    for table, per_table in zip(tables, cell_lines, strict=True):
        cells = []
        for cell, boxes in zip(table.cells, per_table, strict=True):
            texts = [next(results) for _ in boxes]
            kept = [(t, score) for t, score in texts if t and score >= NOISE_LINE_CONFIDENCE
                    and not _PUNCTUATION_ONLY.match(t)]
            cells.append(
                Cell(
                    row=cell.row,
                    col=cell.col,
                    text="\n".join(t for t, _ in kept),
                    rowspan=cell.rowspan,
                    colspan=cell.colspan,
                    box=page.to_points(cell.box, points_per_pixel),
                    page=page_number,
                    confidence=_cell_confidence(texts, kept),
                )
            )
        grid_box = page.to_points(table.box, points_per_pixel)
        mid = (table.ys[0] + table.ys[-1]) // 2
        edges = tuple(page.to_points((x, mid, x, mid), points_per_pixel)[0] for x in table.xs)
        grid = Grid(
            n_rows=len(table.ys) - 1,
            n_cols=len(table.xs) - 1,
            cells=tuple(cells),
            extractor="pdf-ocr",
            page=page_number,
            box=grid_box,
            col_edges=edges,
        )
        items.append((grid_box[1], grid_box[0], grid))
    for box in free_lines:
        text, score = next(results)
        if text.strip() and score >= MIN_TEXT_LINE_CONFIDENCE:
            where = page.to_points(box, points_per_pixel)
            items.append((where[1], where[0], TextLine(text=text, page=page_number, box=where)))
    items.sort(key=lambda item: (item[0], item[1]))
    return [item for _, _, item in items]
