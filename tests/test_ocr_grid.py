"""The OCR reader's image steps on drawn pages: seal, skew, rulings, merged cells, lines."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image
from selfeval.extract.ocr import image_prep, ocr_page, rulings, text_lines

PX_PER_PT = 200 / 72
PAPER = (240, 238, 232)
INK = (30, 30, 30)
RED = (215, 60, 60)


def _page(width: int = 1400, height: int = 900) -> np.ndarray:
    return np.full((height, width, 3), PAPER, dtype=np.uint8)


def _table(rgb: np.ndarray) -> None:
    """Draw a 3x4 table: row 0 merges columns 1-3, column 0 merges rows 1-2."""
    xs, ys = [100, 400, 700, 1000, 1300], [100, 250, 400, 550]
    for y in (ys[0], ys[1], ys[3]):
        cv2.line(rgb, (xs[0], y), (xs[-1], y), INK, 3)
    cv2.line(rgb, (xs[1], ys[2]), (xs[-1], ys[2]), INK, 3)  # not under column 0
    for x in (xs[0], xs[1], xs[-1]):
        cv2.line(rgb, (x, ys[0]), (x, ys[-1]), INK, 3)
    for x in xs[2:4]:
        cv2.line(rgb, (x, ys[1]), (x, ys[-1]), INK, 3)  # not through row 0


def _tables(rgb: np.ndarray) -> list[rulings.PixelTable]:
    ink = image_prep.ink_mask(image_prep.seal_free_gray(rgb))
    horizontal, vertical = rulings.line_masks(ink, PX_PER_PT)
    return rulings.find_tables(horizontal, vertical, PX_PER_PT)


def test_rulings_give_rows_columns_and_merged_cells():
    rgb = _page()
    _table(rgb)
    (table,) = _tables(rgb)
    assert (len(table.ys) - 1, len(table.xs) - 1) == (3, 4)
    spans = {(c.row, c.col): (c.rowspan, c.colspan) for c in table.cells}
    assert spans[(0, 1)] == (1, 3)
    assert spans[(1, 0)] == (2, 1)
    assert spans[(1, 1)] == (1, 1)
    covered = sum(r * c for r, c in spans.values())
    assert covered == 3 * 4


def test_a_seal_is_removed_and_the_ruling_under_it_kept():
    rgb = _page()
    _table(rgb)
    # A multiply-blended red seal over the table's top-right rulings.
    seal = _page()
    cv2.circle(seal, (1100, 200), 120, RED, 12)
    cv2.putText(seal, "SEAL", (1000, 220), cv2.FONT_HERSHEY_SIMPLEX, 2.5, RED, 10)
    blended = (rgb.astype(np.uint16) * seal // 255).astype(np.uint8)
    gray = image_prep.seal_free_gray(blended)
    assert gray[200, 1100 - 120] > 200  # the red ring is gone
    assert gray[250, 1150] < 120  # the black ruling under the ring stays
    (table,) = _tables(blended)
    assert (len(table.ys) - 1, len(table.xs) - 1) == (3, 4)


def test_short_rulings_count_where_they_close_a_cell_and_dashes_do_not():
    rgb = _page()
    xs, ys = [100, 160, 700, 1300], [100, 140, 180, 400]  # 40 px = 14 pt rows
    for y in ys:
        cv2.line(rgb, (xs[0], y), (xs[-1], y), INK, 3)
    for x in xs:
        cv2.line(rgb, (x, ys[0]), (x, ys[-1]), INK, 3)
    cv2.line(rgb, (400, ys[1]), (400, ys[2]), INK, 3)  # splits the 14 pt row 1 only
    for n in range(5):  # a row of dashes, as in "-----本级安排"
        cv2.line(rgb, (200 + 30 * n, 300), (220 + 30 * n, 300), INK, 3)
    (table,) = _tables(rgb)
    assert (len(table.ys) - 1, len(table.xs) - 1) == (3, 4)
    spans = {(c.row, c.col): (c.rowspan, c.colspan) for c in table.cells}
    assert spans[(0, 1)] == (1, 2) and spans[(2, 1)] == (1, 2)
    assert spans[(1, 1)] == (1, 1) and spans[(1, 2)] == (1, 1)


@pytest.mark.parametrize("degrees", [-1.5, -0.4, 0.7, 1.3])
def test_skew_is_measured_from_the_rulings_and_undone(degrees):
    rgb = _page()
    _table(rgb)
    tilted = image_prep.rotate(rgb, image_prep.rotation_matrix(rgb.shape, -degrees))
    ink = image_prep.ink_mask(image_prep.seal_free_gray(tilted))
    angle = image_prep.skew_angle(ink)
    assert angle == pytest.approx(degrees, abs=0.1)
    straight = image_prep.rotate(tilted, image_prep.rotation_matrix(rgb.shape, angle))
    (table,) = _tables(straight)
    assert (len(table.ys) - 1, len(table.xs) - 1) == (3, 4)


def test_skew_of_a_page_without_rulings_comes_from_its_text_lines():
    rgb = _page()
    for n in range(12):
        cv2.putText(rgb, "ABCDEFGHIJKLMNOPQRSTUVWXYZ" * 2, (60, 80 + 60 * n),
                    cv2.FONT_HERSHEY_SIMPLEX, 0.9, INK, 2)
    tilted = image_prep.rotate(rgb, image_prep.rotation_matrix(rgb.shape, -1.0))
    ink = image_prep.ink_mask(image_prep.seal_free_gray(tilted))
    assert image_prep.ruling_skew_angle(ink) is None
    assert image_prep.skew_angle(ink) == pytest.approx(1.0, abs=0.15)


def test_lines_are_split_at_wide_gaps_only_outside_cells():
    rgb = _page(1400, 300)
    cv2.putText(rgb, "LEFT FIELD", (60, 100), cv2.FONT_HERSHEY_SIMPLEX, 1.0, INK, 2)
    cv2.putText(rgb, "RIGHT FIELD", (900, 100), cv2.FONT_HERSHEY_SIMPLEX, 1.0, INK, 2)
    cv2.putText(rgb, "second line", (60, 200), cv2.FONT_HERSHEY_SIMPLEX, 1.0, INK, 2)
    ink = image_prep.ink_mask(image_prep.seal_free_gray(rgb))
    assert len(text_lines.line_boxes(ink, PX_PER_PT)) == 2
    split = text_lines.line_boxes(ink, PX_PER_PT, split_wide_gaps=True)
    assert len(split) == 3
    assert split[0][2] < split[1][0]


def _glyph(draw) -> np.ndarray:
    ink = np.zeros((40, 30), dtype=np.uint8)
    draw(ink)
    return ink


def test_a_lone_slash_is_told_from_one_and_seven():
    slash = _glyph(lambda m: cv2.line(m, (20, 6), (10, 33), 255, 2))
    one = _glyph(lambda m: (cv2.line(m, (15, 6), (15, 33), 255, 2),
                            cv2.line(m, (10, 33), (20, 33), 255, 2)))
    seven = _glyph(lambda m: (cv2.line(m, (8, 6), (22, 6), 255, 2),
                              cv2.line(m, (22, 6), (13, 33), 255, 2)))
    assert text_lines.is_slash(slash)
    assert not text_lines.is_slash(one)
    assert not text_lines.is_slash(seven)


def _bars(*bars: tuple[int, int, int]) -> np.ndarray:
    """Horizontal bars (left, right, y), 4 px thick, as a 200-dpi scan prints them."""
    ink = np.zeros((20, 30), dtype=np.uint8)
    for left, right, y in bars:
        ink[y:y + 4, left:right] = 255
    return ink


def test_a_lone_equals_sign_and_a_dash_are_told_by_their_shapes():
    equals = _bars((5, 23, 4), (5, 23, 11))  # 18 px bars, 7 px apart: sr01's scan
    dash = _bars((5, 23, 8))
    er = _bars((8, 20, 2), (4, 24, 14))  # 二: a shorter top stroke, as tall as wide
    assert text_lines.told_by_shape(equals, PX_PER_PT) == "="
    assert text_lines.told_by_shape(dash, PX_PER_PT) == "-"
    assert text_lines.told_by_shape(er, PX_PER_PT) is None


def test_a_row_of_dots_is_told_by_its_shape_and_text_is_not():
    dots = np.zeros((40, 90), dtype=np.uint8)
    for x in range(5, 70, 11):
        cv2.circle(dots, (x, 20), 3, 255, -1)
    colon = np.zeros((40, 30), dtype=np.uint8)
    cv2.circle(colon, (15, 12), 3, 255, -1)
    cv2.circle(colon, (15, 28), 3, 255, -1)
    word = np.zeros((40, 200), dtype=np.uint8)
    cv2.putText(word, "mmu", (5, 30), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 255, 2)
    assert text_lines.told_by_shape(dots, PX_PER_PT) == "……"
    assert text_lines.told_by_shape(colon, PX_PER_PT) is None
    assert text_lines.told_by_shape(word, PX_PER_PT) is None


@pytest.mark.parametrize("size", [(10, 10), (800, 1000)])
def test_a_blank_page_reads_as_nothing(size):
    assert ocr_page(Image.new("RGB", size, "white"), 1, 72 / 100) == []


def test_specks_between_two_lines_outside_tables_do_not_join_them():
    rgb = _page(1400, 300)
    cv2.putText(rgb, "TITLE OF THE FORM", (300, 100), cv2.FONT_HERSHEY_SIMPLEX, 1.6, INK, 3)
    cv2.putText(rgb, "(2,023)", (560, 190), cv2.FONT_HERSHEY_SIMPLEX, 0.9, INK, 2)
    for y in range(60, 200):  # residue of a seal: a speck on every row
        rgb[y, 20 + (y * 37) % 40] = INK
    ink = image_prep.ink_mask(image_prep.seal_free_gray(rgb))
    assert len(text_lines.line_boxes(ink, PX_PER_PT)) == 1
    split = text_lines.line_boxes(ink, PX_PER_PT, split_wide_gaps=True)
    title, year = (box for box in split if box[2] - box[0] > 50)  # the specks are apart
    assert title[3] < year[1]


def _scatter(mask: np.ndarray, count: int, seed: int) -> None:
    """Salt noise: ``count`` single pixels of ink at random places of ``mask``."""
    rng = np.random.default_rng(seed)
    for _ in range(count):
        mask[int(rng.integers(0, mask.shape[0])), int(rng.integers(0, mask.shape[1]))] = 255


def _digits_with_a_point() -> np.ndarray:
    """"99.71" as four blocks of ink and a point 4 px from each of its neighbours, and a
    dot beside the last digit with nothing on its right."""
    ink = np.zeros((300, 900), dtype=np.uint8)
    for x0 in (100, 126, 158, 184):
        cv2.rectangle(ink, (x0, 75), (x0 + 18, 99), 255, 2)
    cv2.rectangle(ink, (148, 96), (150, 98), 255, -1)
    ink[92:94, 206:208] = 255
    return ink


def test_lone_specks_are_noise_on_any_page():
    ink = _digits_with_a_point()
    lone = [(400, 40), (450, 150), (520, 90)]
    for x, y in lone:
        ink[y:y + 2, x:x + 2] = 255
    specks = image_prep.find_specks(ink, PX_PER_PT)
    assert not specks.salted
    assert all(specks.mask[y, x] for x, y in lone)
    assert specks.mask[97, 149] == 0 and specks.mask[92, 206] == 0  # beside text: kept


def test_on_a_salted_page_a_dot_beside_one_glyph_is_noise_and_a_decimal_point_is_not():
    ink = _digits_with_a_point()
    _scatter(ink[150:], 3000, seed=3)  # salt below the digits
    specks = image_prep.find_specks(ink, PX_PER_PT)
    assert specks.salted
    assert specks.mask[97, 149] == 0 and specks.mask[92, 206]
    assert not np.any(specks.mask & ~ink)  # only ink is ever called a speck


def test_a_cell_of_text_under_salt_noise_reads_as_its_text_alone():
    ink = np.zeros((300, 600), dtype=np.uint8)
    cv2.putText(ink, "TOTAL", (40, 60), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 255, 3)
    clean = text_lines.line_boxes(ink, PX_PER_PT)
    noisy = ink.copy()
    _scatter(noisy, 250, seed=7)  # one speck in 720 px, as on the wild scans
    specks = image_prep.find_specks(noisy, PX_PER_PT)
    noisy = cv2.bitwise_and(noisy, cv2.bitwise_not(specks.mask))
    assert specks.salted
    [line] = text_lines.line_boxes(noisy, PX_PER_PT, salted=True)
    [printed] = clean  # a speck touching a letter may widen the box, by its own size
    assert all(abs(a - b) <= 4 for a, b in zip(line, printed, strict=True))


def test_on_a_salted_page_a_little_ink_alone_is_noise_and_a_dash_is_not():
    blot = np.zeros((60, 200), dtype=np.uint8)
    blot[20:25, 90:94] = 255  # a blot too big for a speck: 20 px, under 3 pt²
    dash = np.zeros((60, 200), dtype=np.uint8)
    dash[26:30, 90:98] = 255  # the smallest "-" a line holds: 4 px tall, twice as wide
    text = np.zeros((60, 400), dtype=np.uint8)
    cv2.putText(text, "TOTAL", (20, 45), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 255, 2)
    junk_after = text.copy()
    junk_after[30:35, 360:364] = 255  # far right of TOTAL: "TOTAL.." without it
    assert text_lines.line_boxes(blot, PX_PER_PT, salted=True) == []
    assert len(text_lines.line_boxes(blot, PX_PER_PT)) == 1  # a clean page keeps it
    assert len(text_lines.line_boxes(dash, PX_PER_PT, salted=True)) == 1
    assert (text_lines.line_boxes(junk_after, PX_PER_PT, salted=True)
            == text_lines.line_boxes(text, PX_PER_PT))


def test_what_is_left_of_a_rule_in_a_cell_is_not_text() -> None:
    # wc03's web page printed, then scanned: the bevelled corner of a cell's own box,
    # 4 px wide, left beside the weight "5", read as a second line "1" (weight 51)
    from selfeval.extract.ocr.page import _is_rule_remnant

    per_point = 200 / 72
    cell = (157, 105)
    assert _is_rule_remnant((151, 91, 155, 105), cell, per_point)
    # the "5" itself, and a "1" standing in the middle of the cell, are text
    assert not _is_rule_remnant((2, 42, 17, 67), cell, per_point)
    assert not _is_rule_remnant((80, 42, 84, 67), cell, per_point)
    # a thin stroke at a side but clear of the top and bottom is text too (a "1")
    assert not _is_rule_remnant((151, 42, 155, 67), cell, per_point)
    # a stroke thinner than a point beside the side is a rule's, wherever it stands (the
    # inner rule of the box, read as a leading "1" in 1项目效益)
    assert _is_rule_remnant((154, 42, 156, 67), cell, per_point)
    assert not _is_rule_remnant((80, 42, 82, 67), cell, per_point)


@pytest.mark.parametrize("noise", [(":", 0.99), ("i", 0.42)])
def test_a_cell_line_of_punctuation_or_read_unsure_is_noise(noise: tuple[str, float]) -> None:
    # wild scans: a speck under the weight "20" read as a line ":" at 0.44 (sc04), salt
    # read "i" at 0.42 (sk01); each made the cell's text wrong and its cell doubtful
    rgb = _page()
    _table(rgb)
    cv2.putText(rgb, "20", (450, 150), cv2.FONT_HERSHEY_SIMPLEX, 1.2, INK, 3)
    cv2.putText(rgb, ".", (450, 215), cv2.FONT_HERSHEY_SIMPLEX, 1.2, INK, 3)

    def recognise(crops: list[np.ndarray]) -> list[tuple[str, float]]:
        assert len(crops) == 2  # the two lines of the one written cell
        return [("20", 0.99), noise]

    [grid] = ocr_page(Image.fromarray(rgb), 1, 1 / PX_PER_PT, recognise=recognise)
    [cell] = [c for c in grid.cells if c.text]
    assert (cell.text, cell.confidence) == ("20", 0.99)
