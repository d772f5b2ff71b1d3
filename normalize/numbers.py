"""Numbers as printed: ``1,288.38``, ``10分``, ``99.30%``, ``2078元``, ``2, 023年度``.

Every parser returns a :class:`~decimal.Decimal` built from the printed digits, so
``"99.30%"`` keeps its two decimals (as ``Decimal("0.9930")`` once read as a
fraction): the scorer needs the printed precision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from selfeval.normalize.records import Parsed
from selfeval.normalize.text import clean_text, is_blank

_DIGITS = r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+"
_NUMBER = re.compile(rf"^[+-]?(?:{_DIGITS})$")
#: Units a number cell may carry after the digits (``10分``, ``2078元``, ``8.83万``,
#: traditional ``10萬``).
_UNIT_SUFFIX = re.compile(r"^(?P<num>.*?)\s*(?P<unit>分|万元|萬元|元|万|萬|%)?$")


def parse_decimal(text: str | None) -> Decimal | None:
    """Return the number a cell holds (``1,288.38`` → 1288.38, ``10分`` → 10), or None.

    A percent sign is not read here (see :func:`parse_rate`); a blank cell or one
    printed ``-``, ``—`` or ``/`` is None, and so is a cell that holds anything but
    one number. Spaces inside a number are a text layer's spacing (``10 0`` is 100).
    """
    if is_blank(text):
        return None
    s = clean_text(text).replace(" ", "")
    m = _UNIT_SUFFIX.match(s)
    if m is None or m["unit"] == "%":
        return None
    num = m["num"]
    if not _NUMBER.match(num):
        return None
    try:
        return Decimal(num.replace(",", ""))
    except InvalidOperation:
        return None


#: Digits and separators only, with no reading as one number (``7,00.0,77``: group commas
#: around a decimal point, on a 湖南 page): an amount printed and garbled, not words.
_DIGITS_AND_SEPARATORS = re.compile(r"^[\d,.]*\d[\d,.]*$")


def is_garbled_amount(text: str | None) -> bool:
    """``text`` prints an amount that cannot be read (:func:`parse_decimal` gives None):
    such a cell is an amount left unread, never a guess at its digits and never words."""
    if is_blank(text):
        return False
    s = clean_text(text).replace(" ", "")
    return bool(_DIGITS_AND_SEPARATORS.match(s)) and parse_decimal(s) is None


def parse_rate(text: str | None, percent_column: bool = False) -> Decimal | None:
    """Return an execution rate as a fraction: ``99.30%`` → 0.9930.

    A bare number is a percentage when the column says so (``执行率(%)``: ``98.87`` →
    0.9887) and also when it is above 1 (a rate printed without its sign).
    """
    if is_blank(text):
        return None
    s = clean_text(text).replace(" ", "")
    has_sign = s.endswith("%")
    value = parse_decimal(s[:-1] if has_sign else s)
    if value is None:
        return None
    if has_sign or percent_column or value > 1:
        return value.scaleb(-2)
    return value


def parse_weight(text: str | None) -> Decimal | None:
    """Return the points a 分值/权重 cell gives: ``10``, ``10分``, or a share of the form's
    100 points printed as a percent (``20%`` → 20; a 四川 form prints 权重 ``20%`` beside
    得分 ``20``, and every form totals 100 points)."""
    if is_blank(text):
        return None
    s = clean_text(text).replace(" ", "")  # NFKC: ％ is %
    return parse_decimal(s.removesuffix("%"))


# --- years and dates ----------------------------------------------------------------

#: A year printed through a number format: ``2, 023`` or ``2,023`` (thousands separator).
_YEAR_ARTIFACT = re.compile(r"(?<!\d)([12])\s*,\s*(\d{3})(?!\d)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass(frozen=True)
class YearReading:
    """A year found in text, and the printed form when it was a formatted number."""

    year: int
    artifact: str | None = None


def single_year(text: str | None) -> YearReading | None:
    """The one year every year printed in ``text`` names (a period ``2016年1月起至2016年
    12月止`` → 2016), or None where it names none or several."""
    years = {int(y) for y in _YEAR.findall(text or "")}
    return YearReading(years.pop()) if len(years) == 1 else None


def find_year(text: str | None) -> YearReading | None:
    """Return the year printed in ``text`` (``(2, 023年度)`` → 2023, artefact ``"2, 023"``)."""
    if not text:
        return None
    s = clean_text(text)
    m = _YEAR_ARTIFACT.search(s)
    if m and 1900 <= int(m[1] + m[2]) <= 2100:
        return YearReading(int(m[1] + m[2]), m[0])
    m = _YEAR.search(s.replace(" ", ""))
    return YearReading(int(m[1])) if m else None


_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def parse_date(text: str | None) -> str | None:
    """Return ``YYYY-MM-DD`` for ``2024/02/05`` or ``2024年2月5日``, else None."""
    if not text:
        return None
    m = _DATE.search(clean_text(text))
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


# --- points and targets ---------------------------------------------------------------

_POINTS = re.compile(r"[(（]?\s*(\d+(?:\.\d+)?)\s*分\s*[)）]?\s*$")


#: Points are printed at the end of a heading; only this many trailing characters are
#: searched, which keeps the search linear on a hostile cell of thousands of digits.
_POINTS_TAIL = 24


#: Points printed before a heading instead: ``(20分) 项目决策``, ``(10)绩效目标``.
_LEADING_POINTS = re.compile(r"^[(（]\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]\s*(?=\S)")


#: Points printed after a heading without 分: ``决策(10)`` (铜陵 sk03's scoring sheet).
_BARE_POINTS = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*[)）]\s*$")


def split_points(text: str, bare: bool = False) -> tuple[str, Decimal | None]:
    """Split a heading from its printed points: ``产出指标 (50分)`` → (``产出指标``, 50);
    also printed first, ``(20分) 项目决策`` → (``项目决策``, 20); with ``bare`` (a level
    heading, never a name, which may number itself ``(2)``), ``决策(10)`` → (``决策``, 10)."""
    s = clean_text(text)
    m = _POINTS.search(s, max(0, len(s) - _POINTS_TAIL))
    if m is None and bare:
        m = _BARE_POINTS.search(s, max(0, len(s) - _POINTS_TAIL))
    if m:
        return s[: m.start()].strip(), Decimal(m[1])
    lead = _LEADING_POINTS.match(s)
    if lead:
        return s[lead.end():].strip(), Decimal(lead[1])
    return s, None


#: A number followed by one of these is a date (``2023年底``), not a quantity.
_DATE_WORDS = {"年", "月", "日"}
#: Every spelling of a comparison printed before the number, as the operator it means.
_PREFIX_OPS = {
    "≥": ">=", "≧": ">=", ">=": ">=", "=>": ">=", "不低于": ">=", "不少于": ">=", "不小于": ">=",
    "大于等于": ">=", "大于或等于": ">=",
    "≤": "<=", "≦": "<=", "<=": "<=", "=<": "<=", "不高于": "<=", "不超过": "<=",
    "小于等于": "<=", "小于或等于": "<=",
    "不多于": "<=", "不大于": "<=",
    ">": ">", "大于": ">", "高于": ">", "超过": ">",
    "<": "<", "小于": "<", "低于": "<",
    "=": "=", "═": "=", "等于": "=",
}
#: Words printed after the number (and its unit): ``95%以上`` is ``>=95%``.
_SUFFIX_OPS = {"以上": ">=", "及以上": ">=", "以内": "<=", "以下": "<=", "及以下": "<="}
_OP_WORDS = "|".join(sorted(map(re.escape, _PREFIX_OPS), key=len, reverse=True))
_SUFFIX_WORDS = "|".join(sorted(map(re.escape, _SUFFIX_OPS), key=len, reverse=True))
#: A character of a unit: not a digit, a space, an operator or a bracket.
_UNIT_CHAR = r"[^\d\s≥≧≤≦<>=═()/]"
#: A word printed between the number and its unit meaning "and more" (``200余人``,
#: ``30多次``: more than 200, more than 30).
_MORE_THAN_WORDS = "余多"
_TARGET = re.compile(
    rf"^(?P<op>{_OP_WORDS})?\s*(?P<num>{_DIGITS})\s*(?P<more>[{_MORE_THAN_WORDS}])?"
    # a unit of a few characters, perhaps glossed in brackets: %(百分比); a rate per
    # something (元/人、天); or an area or a volume, whose ㎡ and ㎥ read m2 and m3 once
    # NFKC has unfolded them
    rf"(?P<unit>{_UNIT_CHAR}{{0,4}}?(?:\([^()\d]{{1,6}}\))?"
    rf"|{_UNIT_CHAR}{{1,3}}/{_UNIT_CHAR}{{1,4}}|k?m[23])"
    rf"(?P<after>{_SUFFIX_WORDS})?$"
)


#: A percent with a word after it (``100%覆盖``) is a phrase, not a number and its unit.
_WORD_AFTER_PERCENT = re.compile(r"^%[^(]")

#: A code printed before a split target's operator (云南: ``004 >=`` | 20 | 次).
_CODE_BEFORE_OPERATOR = re.compile(r"^\d+\s+(?=[<>=≤≥≦≧＝═]|不[低少小高超多大]于|[大小高低]于)")


def parse_operator(text: str | None) -> str | None:
    """The comparison a split target's operator cell prints (``≥``, ``大于等于``, ``004 >=``)
    as ``>=``/``<=``/…; None for anything else (``正向``, a number)."""
    if is_blank(text):
        return None
    s = _CODE_BEFORE_OPERATOR.sub("", clean_text(text)).replace(" ", "")
    return _PREFIX_OPS.get(s)


def parse_target(text: str | None) -> Parsed | None:
    """Read a target/actual cell that is exactly ``[op] number [unit] [op word]``.

    ``≤30000元`` → (``<=``, 30000, ``元``); ``不低于95%`` and ``95%以上`` → (``>=``, 95,
    ``%``); ``98%`` → (``=``, 98, ``%``); ``200余人`` → (``>``, 200, ``人``); ``004 >=20次``
    (a code before the operator) → (``>=``, 20, ``次``); a cell with words before the number
    (``及时率 100%``), a date, or qualitative text → None. The printed spelling stays in
    ``target``; only the parsed operator is normalised.
    """
    if is_blank(text):
        return None
    s = _CODE_BEFORE_OPERATOR.sub("", clean_text(text)).replace(" ", "")
    m = _TARGET.match(s)
    if (not m or m["unit"][:1] in _DATE_WORDS or (m["op"] and m["after"])
            or (m["more"] and (m["op"] or m["after"])) or _WORD_AFTER_PERCENT.match(m["unit"])):
        return None
    op = (_PREFIX_OPS[m["op"]] if m["op"] else ">" if m["more"]
          else _SUFFIX_OPS.get(m["after"] or "", "="))
    return Parsed(op=op, value=Decimal(m["num"].replace(",", "")), unit=m["unit"] or None)
