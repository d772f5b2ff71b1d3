"""Text repair: one canonical spelling for what a cell says.

- NFKC, which also maps the Kangxi radicals (U+2F00–U+2FD5, e.g. ``⼯`` U+2F2F) that
  some PDF producers put in the text layer back to the ordinary ideographs, and turns
  full-width digits, letters and brackets into ASCII;
- CJK Radicals Supplement code points (U+2E80–U+2EFF), which NFKC leaves alone, mapped
  to the ideographs they stand for;
- line breaks inside a cell joined: a PDF wraps lines wherever the cell is full, so a
  wrap between two CJK characters is no space; a DOCX hard return is a space;
- runs of whitespace collapsed to one space.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: CJK Radicals Supplement forms seen in Chinese PDF text layers, and the ideograph
#: each one stands for. NFKC only decomposes U+2E9F and U+2EF3 of this block.
_RADICAL_SUPPLEMENT = {
    "\u2e80": "丶", "\u2e81": "厂", "\u2e84": "乙", "\u2e85": "亻", "\u2e86": "冂",
    "\u2e88": "刀", "\u2e89": "刂", "\u2e8a": "卜", "\u2e8c": "小", "\u2e8d": "小",
    "\u2e8e": "兀", "\u2e8f": "尣", "\u2e90": "尢", "\u2e91": "尢", "\u2e92": "巳",
    "\u2e93": "幺", "\u2e94": "彐", "\u2e95": "彐", "\u2e96": "忄", "\u2e97": "心",
    "\u2e98": "扌", "\u2e99": "攵", "\u2e9b": "无", "\u2e9d": "月", "\u2e9e": "歺",
    "\u2ea0": "民", "\u2ea1": "氵", "\u2ea2": "氺", "\u2ea3": "灬", "\u2ea4": "爫",
    "\u2ea5": "爫", "\u2ea6": "丬", "\u2ea7": "牛", "\u2ea8": "犭", "\u2ea9": "王",
    "\u2eaa": "疋", "\u2eab": "目", "\u2eac": "示", "\u2ead": "礻", "\u2eae": "竹",
    "\u2eaf": "糸", "\u2eb0": "纟", "\u2eb1": "罒", "\u2eb2": "罒", "\u2eb3": "罒",
    "\u2eb4": "罒", "\u2eb5": "罒", "\u2eb6": "羊", "\u2eb7": "羊", "\u2eb8": "羊",
    "\u2eb9": "老", "\u2eba": "肀", "\u2ebb": "肀", "\u2ebc": "月", "\u2ebd": "臼",
    "\u2ebe": "艹", "\u2ebf": "艹", "\u2ec0": "艹", "\u2ec1": "虎", "\u2ec2": "衤",
    "\u2ec3": "西", "\u2ec4": "西", "\u2ec5": "见", "\u2ec6": "角", "\u2ec7": "角",
    "\u2ec8": "讠", "\u2ec9": "贝", "\u2eca": "足", "\u2ecb": "车", "\u2ecc": "辶",
    "\u2ecd": "辶", "\u2ece": "辶", "\u2ecf": "阝", "\u2ed0": "钅", "\u2ed1": "长",
    "\u2ed2": "长", "\u2ed3": "长", "\u2ed4": "门", "\u2ed5": "阜", "\u2ed6": "阝",
    "\u2ed7": "雨", "\u2ed8": "青", "\u2ed9": "韦", "\u2eda": "页", "\u2edb": "风",
    "\u2edc": "飞", "\u2edd": "食", "\u2ede": "食", "\u2edf": "食", "\u2ee0": "饣",
    "\u2ee1": "首", "\u2ee2": "马", "\u2ee3": "骨", "\u2ee4": "鬼", "\u2ee5": "鱼",
    "\u2ee6": "鸟", "\u2ee7": "卤", "\u2ee8": "麦", "\u2ee9": "黄", "\u2eea": "黾",
    "\u2eeb": "斉", "\u2eec": "齐", "\u2eed": "歯", "\u2eee": "齿", "\u2eef": "竜",
    "\u2ef0": "龙", "\u2ef1": "龜", "\u2ef2": "亀", "\u2ef3": "龟",
}
_RADICALS = str.maketrans(_RADICAL_SUPPLEMENT)

#: Characters that are not text: zero-width marks, BOM, soft hyphen, bidirectional
#: overrides and isolates (U+202A–202E, U+2066–2069: they would reverse what is shown
#: around them), and the C0/C1 control characters other than tab and newline.
_INVISIBLE = re.compile(
    r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad\x00-\x08\x0b-\x1f\x7f-\x9f]"
)
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
_WIDE = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’、，。；：！？（）《》【】"
_WIDE_CHAR = re.compile(f"[{_WIDE}]")
_WHITESPACE = re.compile(r"\s+")

#: Cleaned texts are cached: a cell's text is cleaned by every reader that looks at
#: it, and the same labels recur on every form.
_CACHE_SIZE = 8192


#: The words a numbered list item may start with (``目标2:``, ``任务2:``).
_ITEM_WORDS = "目标|任务"
#: A line that starts a list item (``2、``, ``2.``, ``(2)``, ``目标2``, ``任务2``) follows a
#: typed return, not a wrap, even in a PDF: it reads after a space.
_LIST_ITEM = re.compile(
    rf"^(\d{{1,2}}\s*[.、:：)）](?!\d)|[(（]\d{{1,2}}[)）]|(?:{_ITEM_WORDS})\d)")
#: A line that ends in an item word: a wrap that cut ``目标`` from its ``3:`` (a browser's
#: print of si03), which is one item, not a new one.
_CUT_ITEM_WORD = re.compile(rf"(?:{_ITEM_WORDS})$")


def _join_wrap(before: str, after: str, space_at_break: bool) -> str:
    """The joint for a line break: a space where one was printed at the break or a
    list item starts, nothing next to a CJK character, a space between words."""
    if space_at_break:
        return " "
    if _LIST_ITEM.match(after) and not (after[0].isdigit() and _CUT_ITEM_WORD.search(before)):
        return " "
    if _WIDE_CHAR.match(before[-1]) or _WIDE_CHAR.match(after[0]):
        return ""
    return " "


@lru_cache(maxsize=_CACHE_SIZE)
def clean_text(text: str | None) -> str:
    """Return ``text`` in canonical form: NFKC, radicals mapped, breaks joined, spaces collapsed.

    A line break joins the same way whether the layout wrapped the line (PDF) or it
    was typed (DOCX, a workbook, HTML's ``<br>``), so a form reads the same from Word
    and from its PDF: a space where a list item starts or one was printed at the break,
    nothing next to a CJK character, a space between words.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(_RADICALS)
    text = _INVISIBLE.sub("", text)
    raw_lines = [_SPACES.sub(" ", line) for line in text.replace("\r", "\n").split("\n")]
    out, space_at_break = "", False
    for raw in raw_lines:
        line = raw.strip()
        if line:
            joint = _join_wrap(out, line, space_at_break or raw[:1] == " ") if out else ""
            out += joint + line
            space_at_break = raw.endswith(" ")
    return out


@lru_cache(maxsize=_CACHE_SIZE)
def squash(text: str | None) -> str:
    """Return ``text`` cleaned and with every space removed: the key for label matching."""
    return _WHITESPACE.sub("", clean_text(text))


#: Space between two CJK characters (or CJK quotes, or after 、 。): a line break or
#: letter spacing inside a short label.
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff“”、。])\s+(?=[\u4e00-\u9fff“”])")


def close_cjk_gaps(text: str) -> str:
    """A heading or an indicator name without the spaces between its CJK characters:
    ``产 出 指 标``, ``经济 效益 指标``, ``“三公经费” 变动率`` (wrapped or letter-spaced
    in its cell) → one word."""
    return _CJK_GAP.sub("", text)


#: Cells that mean "nothing here" in a text column.
BLANK_MARKS = {"", "-", "—", "–", "/", "——", "--"}


def is_blank(text: str | None) -> bool:
    """True when a cell is empty or holds only a dash or slash."""
    return text is None or squash(text) in BLANK_MARKS
