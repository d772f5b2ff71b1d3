"""Clean a rendered scan before anything reads it: seal out, page straight, ink found.

Given an RGB page image, :func:`seal_free_gray` returns a grey image without the red
stamp, :func:`skew_angle` measures how far the ruling lines are rotated, :func:`rotate`
straightens the page and :func:`ink_mask` returns the dark pixels (ink = 255) that
line detection and text recognition work on.
"""

from __future__ import annotations

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
