"""Undo what OCR does to printed text: the repairs for cells of ``pdf-ocr`` grids.

Two entry points, because a recogniser's mistakes depend on what the cell holds:
:func:`repair_ocr_numeric` for a cell that should hold a number, a percentage or an
amount, where a letter can only be a misread digit; :func:`repair_ocr_text` for any
other cell, where letters are letters. The variants handled are the ones a generic
OCR made of the scanned fixtures (seed 002) and the ones our own reader makes; each
is pinned by tests/test_ocr_repair.py.
"""

from __future__ import annotations

import re
import unicodedata

#: A cell read below this recogniser confidence raises ``ocr_low_confidence``. Measured
#: on the scanned fixtures (rapidocr PP-OCRv6 rec; a cell's confidence is its lowest
#: line's): of 340 non-empty cells read right, 5 score under 0.85 (3 of them hold seal residue
#: dropped as noise) and 11 under 0.90; of the 5 misread cells, 2 score 0.41-0.46 (a
#: glyph run under the seal, a "：" read "."), 3 score 0.90-0.96 (one punctuation
#: mark or one dash wrong in a long text). 0.85 flags the bad glyph reads at a 1.5%
#: false-alarm rate; catching the others would flag most long texts.
OCR_LOW_CONFIDENCE: float = 0.85

_CJK = r"\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
#: Whitespace an OCR puts between two characters when at least one is CJK; printed
#: Chinese has no spaces there ("推动 地区", "2023年 12月", "分, 效益").
_SPACE_NEXT_TO_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0]+|[ \t\u00a0]+(?=[{_CJK}])")
#: Glyphs no form prints, which a recogniser makes of a red seal's strokes: Hangul,
#: kana, box drawing and bullets ("그 님 위에", "グロガ", "•").
_SEAL_NOISE = re.compile(
    r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af\u3040-\u30ff\u31f0-\u31ff"
    r"\u2500-\u257f\u2022\u25e6\u2219]"
)
#: Punctuation no cell starts with (Chinese typesetting never begins a line with it):
#: at a cell's start it is scan noise read beside the text (": 2021年第一批…").
_NOISE_AT_START = re.compile(r"^[\s:：;；,，、.。]+")
#: Lookalikes of comparison signs that recognisers return for ≤ and ≥.
_COMPARISONS = str.maketrans({"≪": "≤", "≫": "≥", "≦": "≤", "≧": "≥", "⩽": "≤", "⩾": "≥"})

#: Characters read in place of a digit; only replaced in numeric cells.
_DIGIT_LOOKALIKES = {
    "○": "0", "〇": "0", "◯": "0", "O": "0", "o": "0", "Ο": "0", "ο": "0",
    "l": "1", "I": "1", "|": "1", "丨": "1",
}
_LOOKALIKE_CLASS = "".join(re.escape(c) for c in _DIGIT_LOOKALIKES)
#: A lookalike counts as a digit when the cell is only that character or when it
#: touches a digit or a decimal point ("1O0", "O.5"), never inside a word ("OK").
_LOOKALIKE_IN_NUMBER = re.compile(
    rf"(?<=[\d.])[{_LOOKALIKE_CLASS}]|[{_LOOKALIKE_CLASS}](?=[\d.])"
)
#: Full-width and ideographic forms of the number punctuation, and 兀, which a
#: recogniser reads for the unit 元 standing alone (003: "143.49万\n兀").
_NUMBER_PUNCTUATION = str.maketrans(
    {"。": ".", "．": ".", "，": ",", "％": "%", "、": ",", "兀": "元"}
)
#: What a recogniser returns for a printed dash ("not applicable"): the stroke 一, an
#: em dash, "_" or "~". (It also reads a thin dash alone as "="; the OCR reader tells a
#: lone dash and a lone "=" by their shapes instead, extract/ocr/text_lines.py.)
_DASH_ONLY = re.compile(r"^[-−－—–一_~]+$")
#: A comma between digits followed by exactly three digits is a thousands separator
#: ("50, 000"); with one, two or four-plus digits after it is a misread point ("9, 97").
_COMMA_IN_NUMBER = re.compile(r"(?<=\d),(?=(\d+))")


def repair_ocr_text(text: str) -> str:
    """Return ``text`` with OCR artefacts removed: seal noise, ≪/≫, spaces beside CJK,
    punctuation before the cell's first character.

    Line breaks are kept (they separate the lines of a wrapped cell).
    """
    repaired = _NOISE_AT_START.sub("", _SEAL_NOISE.sub("", text.translate(_COMPARISONS)))
    lines = [_SPACE_NEXT_TO_CJK.sub("", line).strip() for line in repaired.split("\n")]
    return "\n".join(lines)


def repair_ocr_numeric(text: str) -> str:
    """Return the number an OCR'd numeric cell prints: ``"25. 48"`` -> ``"25.48"``.

    Removes the spaces a recogniser puts inside a number, turns a misread decimal
    comma back into a point (``"9, 97"`` -> ``"9.97"``), keeps a thousands separator
    (``"50, 000"`` -> ``"50,000"``), maps digit lookalikes (``○``, ``O``, ``l``) next to
    digits or standing alone, and any lone dash-like stroke to ``"-"``. Units and
    signs (``%``, ``万元``, ``分``, ``≥``) are kept; full-width digits become ASCII.
    """
    wide_free = unicodedata.normalize("NFKC", text.translate(_NUMBER_PUNCTUATION))
    # NFKC again once spaces are gone: NFKC turns "´" into a space and a combining
    # accent, which, with the space removed, composes with the character before it.
    compact = unicodedata.normalize("NFKC", re.sub(r"\s+", "", repair_ocr_text(wide_free)))
    if not compact:
        return ""
    if _DASH_ONLY.match(compact):
        return "-"
    if compact in _DIGIT_LOOKALIKES:
        return _DIGIT_LOOKALIKES[compact]
    previous = None
    while previous != compact:
        previous = compact
        compact = _LOOKALIKE_IN_NUMBER.sub(lambda m: _DIGIT_LOOKALIKES[m.group(0)], compact)
    return _COMMA_IN_NUMBER.sub(lambda m: "," if len(m.group(1)) == 3 else ".", compact)
