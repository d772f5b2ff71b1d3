"""Clean a rendered scan before anything reads it: seal out, page straight, ink found.

Given an RGB page image, :func:`seal_free_gray` returns a grey image without the red
stamp, :func:`skew_angle` measures how far the ruling lines are rotated, :func:`rotate`
straightens the page and :func:`ink_mask` returns the dark pixels (ink = 255) that
line detection and text recognition work on.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

#: Seal pixels are red: hue within this many OpenCV hue units (0..180) of 0/180.
#: Measured on the stamps of the scanned fixtures (pixels with R - G > 50): hue -5..4
#: (1st-99th percentile).
SEAL_HUE_DISTANCE = 12
#: ... and saturated: the stamps' pixels measure S >= 57 (1st percentile, median 110),
#: paper S <= 10 (99th percentile).
SEAL_MIN_SATURATION = 60
#: ... and light: a black ruling or text printed under the seal blends to V 100-165
#: (measured where the seal crosses the rulings of 000-r3), so only V >= 170 is
#: whitened: about half of a stamp's pixels (median V 205). The darker rest is already
#: light in the red channel the grey is taken from; what of it still reads as ink is
#: speckle, dropped as noise by the line reader.
SEAL_MIN_VALUE = 170
#: Lines whose angle is further than this from horizontal are not used to measure skew.
#: The scans are rotated 0.3-1.5 degrees; 5 leaves room and rejects diagonals ("/" cells).
MAX_SKEW_DEGREES = 5.0
#: Step of the text-line skew search (degrees): a 0.1 degree error moves the end of a
#: 500 pt line by under 1 pt, far less than the 4-5 pt between two lines of notes.
TEXT_SKEW_STEP = 0.1
#: Below this rotation the page is left alone: at 200 dpi, 0.05 degrees moves a point at the
#: far edge of an A4 table by under 1.5 px, less than a ruling line's thickness.
MIN_SKEW_DEGREES = 0.05
#: Adaptive-threshold window (px) and offset: the window spans about two characters at
#: 200 dpi, so the paper shading of the scans (a smooth gradient) does not read as ink.
THRESHOLD_WINDOW = 51
THRESHOLD_OFFSET = 18
#: A speck is a blob of ink of at most this area (square points). Specks of the wild
#: scans (salt noise at 150 dpi read at 200 dpi) measure 1-11 px (0.1-1.4 pt²); so
#: do the dots of text: a decimal point, a colon's dots, a full stop.
SPECK_MAX_AREA_POINTS = 1.6
#: A speck with no bigger blob within this many points, in any direction, is lone: no
#: text. A speck that does not sit between two bigger blobs on their line (one within
#: this reach to its left, one to its right, no further than SPECK_REACH_UP_DOWN_POINTS
#: up or down) is noise on a salted page only: there it read as '"', ':' or '。' at
#: the start or end of a label ('"产出指标', '总分。。”'), but on a clean page it is a
#: label's trailing colon or a full-width "：" (test_ocr_rendered). On the scanned
#: fixture 002 the points of "99.71%" and "9.97" stand 2.2 pt from their digits, the
#: point of the list number "4.定性指标" 3.2 pt left of 定 (a reach of 3 lost it).
SPECK_REACH_ACROSS_POINTS = 5.0
SPECK_REACH_UP_DOWN_POINTS = 1.0
#: A page is salted (speckled all over) when it holds at least this many lone specks
#: per 10,000 pt². Measured: the text PDFs rendered for OCR (the wild corpus's Word
#: and Calc PDFs, the fixtures') 0-0.26; the fixtures' real scans 0.08-3.63; the wild
#: scans, salted, 87-155.
SALTED_PAGE_SPECKS = 20.0


def seal_free_gray(rgb: np.ndarray) -> np.ndarray:
    """Return the page as grey levels with the red seal gone and what it covers kept.

    Grey is read from the red channel, where a red stamp is nearly as light as paper
    but black ink (also black ink under the stamp) stays dark; the clearly red,
    light pixels (the stamp itself) are then painted white.
    """
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    hue, sat, val = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]
    red = (hue <= SEAL_HUE_DISTANCE) | (hue >= 180 - SEAL_HUE_DISTANCE)
    seal = red & (sat >= SEAL_MIN_SATURATION) & (val >= SEAL_MIN_VALUE)
    gray = rgb[:, :, 0].copy()
    gray[seal] = 255
    return gray


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Return a binary image, 255 where there is ink, tolerant of uneven paper shading."""
    return cv2.adaptiveThreshold(
        gray,
        255,
        cv2.ADAPTIVE_THRESH_MEAN_C,
        cv2.THRESH_BINARY_INV,
        THRESHOLD_WINDOW,
        THRESHOLD_OFFSET,
    )


@dataclass(frozen=True)
class Specks:
    """The specks of a page's ink, and whether the page is salted with them."""

    mask: np.ndarray  # 255 on the specks to erase before lines are read
    salted: bool  # on a salted page, any little ink standing apart is noise too


def find_specks(ink: np.ndarray, pixels_per_point: float) -> Specks:
    """Return the specks of ``ink``: the lone ones always, and on a salted page also
    those not set between two glyphs on a line.

    Scan noise read as ink becomes lines of its own ("國", "一") or junk at a line's
    ends; a dot of text (a decimal point, a list comma) has a glyph beside it.
    """
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    small = np.zeros(count, dtype=bool)
    small[1:] = stats[1:, cv2.CC_STAT_AREA] <= SPECK_MAX_AREA_POINTS * pixels_per_point ** 2
    if not small.any():
        return Specks(np.zeros_like(ink), salted=False)
    glyphs = np.where((ink > 0) & ~small[labels], 255, 0).astype(np.uint8)
    across = max(round(SPECK_REACH_ACROSS_POINTS * pixels_per_point), 1)
    up_down = max(round(SPECK_REACH_UP_DOWN_POINTS * pixels_per_point), 1)

    def touched(kernel: np.ndarray, anchor: tuple[int, int] = (-1, -1)) -> np.ndarray:
        near = cv2.dilate(glyphs, kernel, anchor=anchor) > 0
        hit = np.zeros(count, dtype=bool)
        hit[np.unique(labels[near & (ink > 0)])] = True
        return hit

    lone = small & ~touched(np.ones((2 * across + 1, 2 * across + 1), np.uint8))
    area = ink.shape[0] * ink.shape[1] / pixels_per_point ** 2
    salted = int(lone.sum()) / area * 10_000 >= SALTED_PAGE_SPECKS
    noise = lone
    if salted:
        side = np.ones((2 * up_down + 1, across + 1), np.uint8)
        between = touched(side, (across, up_down)) & touched(side, (0, up_down))
        noise = small & ~between
    return Specks(np.where(noise[labels], 255, 0).astype(np.uint8), salted)


def skew_angle(ink: np.ndarray) -> float:
    """Return the page's rotation in degrees: from its rulings, else from its text lines."""
    angle = ruling_skew_angle(ink)
    if angle is None:
        angle = text_skew_angle(ink)
    return angle if abs(angle) >= MIN_SKEW_DEGREES else 0.0


def ruling_skew_angle(ink: np.ndarray) -> float | None:
    """Return the rotation of the page's long horizontal rulings, in degrees (clockwise in
    image coordinates, as ``cv2.getRotationMatrix2D`` takes it to undo).

    Each long ruling is found as one connected run of a horizontal opening, and a
    straight line is fitted through its pixels; the answer is the length-weighted
    median of those slopes, so text (short strokes) never votes.
    """
    width = ink.shape[1]
    # A rotated ruling is a staircase of short runs; thicken it vertically so the steps
    # stay connected, then keep only what is long and flat.
    thick = cv2.dilate(ink, np.ones((3, 1), np.uint8))
    flat = cv2.morphologyEx(thick, cv2.MORPH_OPEN, np.ones((1, max(width // 25, 10)), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(flat, connectivity=8)
    angles: list[float] = []
    weights: list[float] = []
    for i in range(1, count):
        x, y, w, h = (int(v) for v in stats[i, :4])
        if w < width // 4:
            continue
        ys, xs = np.nonzero(labels[y:y + h, x:x + w] == i)
        slope = float(np.polyfit(xs, ys, 1)[0])
        angle = float(np.degrees(np.arctan(slope)))
        if abs(angle) <= MAX_SKEW_DEGREES:
            angles.append(angle)
            weights.append(float(w))
    if not angles:
        return None
    order = np.argsort(angles)
    cumulative = np.cumsum(np.asarray(weights)[order])
    return float(np.asarray(angles)[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def text_skew_angle(ink: np.ndarray) -> float:
    """Return the rotation that makes the page's text lines most horizontal, in degrees.

    For a page without rulings: the angle whose horizontal projection of the ink has
    the sharpest peaks and valleys (largest sum of squared row-to-row differences),
    searched on a quarter-size image in :data:`TEXT_SKEW_STEP` steps.
    """
    if min(ink.shape[:2]) < 64:
        return 0.0
    small = cv2.resize(ink, (ink.shape[1] // 4, ink.shape[0] // 4), interpolation=cv2.INTER_AREA)
    best_angle, best_score = 0.0, -1.0
    for angle in np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-9, TEXT_SKEW_STEP):
        rotated = rotate_ink(small, rotation_matrix(small.shape, float(angle)))
        profile = rotated.sum(axis=1, dtype=np.float64)
        score = float(np.square(np.diff(profile)).sum())
        if score > best_score:
            best_angle, best_score = round(float(angle), 2), score
    return best_angle


def rotation_matrix(shape: tuple[int, ...], angle: float) -> np.ndarray:
    """Return the 2x3 affine matrix that undoes a skew of ``angle`` degrees about the centre."""
    height, width = shape[:2]
    return cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)


def rotate_ink(ink: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """Return an ink mask warped by ``matrix``, the uncovered corners without ink."""
    height, width = ink.shape[:2]
    return cv2.warpAffine(ink, matrix, (width, height), flags=cv2.INTER_NEAREST)


def rotate(image: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """Return ``image`` warped by ``matrix``, the uncovered corners filled white."""
    height, width = image.shape[:2]
    fill = (255, 255, 255) if image.ndim == 3 else 255
    return cv2.warpAffine(
        image, matrix, (width, height), flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT, borderValue=fill,
    )
