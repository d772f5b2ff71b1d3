"""A spreadsheet cell's value as the sheet prints it, from its number format code.

A workbook stores 0.993 and prints ``99.30%``; the normaliser must see what is printed
(a rate keeps its two decimals, a year formatted ``#,##0`` prints ``2,023``). This
covers the codes forms use: ``General``, ``0``, ``0.00``, ``#,##0.00``, ``0.00%``,
quoted or escaped literal text (``0.00"万元"``, ``0\\分``), sections for negative
and zero values (``0.00;-0.00;"-"``), colour and locale tags (``[Red]``,
``[$¥-804]``), ``@`` and dates. A code it cannot follow (fractions, scientific)
prints the value as ``General`` does.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

#: Significant digits ``General`` shows (Excel shows up to 11 in a default-width
#: column; 15 is what a double holds without noise, and keeps every digit typed).
GENERAL_DIGITS = 15

_BRACKET = re.compile(r"\[([^\]]*)\]")
_TOKEN = re.compile(r'"([^"]*)"|\\(.)|_.|\*.|([0#?.,%])|(.)', re.DOTALL)
_DATE_CODE = re.compile(r"[yd]|(?<![hs:])m|年|月|日", re.IGNORECASE)


def general(value: object) -> str:
    """The value as ``General`` prints it: integers without ``.0``, no float noise."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, f".{GENERAL_DIGITS}g")
    return str(value)


def printed(value: object, code: str | None) -> str:
    """The text a cell holding ``value`` with number format ``code`` shows."""
    if value is None:
        return ""
    if isinstance(value, (dt.datetime, dt.date)):
        return _date(value, code or "")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return general(value)
    sections = _sections(code or "General")
    section = sections[0]
    number = float(value)
    if number < 0 and len(sections) > 1:
        section, number = sections[1], -number
    elif number == 0 and len(sections) > 2:
        section = sections[2]
    return _apply(number, _BRACKET.sub(_locale_symbol, section))


def _sections(code: str) -> list[str]:
    """The ``;``-separated sections of ``code`` (a quoted or escaped ``;`` is text)."""
    sections: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for ch in code:
        if ch == ";" and not quoted and not escaped:
            sections.append("".join(current))
            current = []
            continue
        current.append(ch)
        quoted = quoted != (ch == '"' and not escaped)
        escaped = ch == "\\" and not escaped and not quoted
    sections.append("".join(current))
    return sections


def _locale_symbol(match: re.Match[str]) -> str:
    """``[$¥-804]`` prints ``¥``; ``[Red]``, ``[>100]`` print nothing."""
    inner = match.group(1)
    return inner[1:].split("-", 1)[0] if inner.startswith("$") else ""


def _apply(number: float, section: str) -> str:
    """Lay ``number`` out in one section: literals around one run of digit placeholders."""
    if section.strip().lower() in ("general", "") or "@" in section:
        return general(number)
    before: list[str] = []
    after: list[str] = []
    pattern: list[str] = []
    for m in _TOKEN.finditer(section):
        quoted, escaped, placeholder, other = m.groups()
        text = quoted if quoted is not None else escaped if escaped is not None else other
        if placeholder == "%":
            number *= 100
            text = "%"
        elif placeholder is not None and (placeholder in "0#?" or pattern):
            pattern.append(placeholder)
            continue
        elif placeholder is not None:
            text = placeholder  # a "." or "," before any digit is printed as it is
        if text is not None:
            (after if pattern else before).append(text)
    if re.search(r"[eE][+-]", section):
        return general(number)
    if not any(ch in "0#?" for ch in pattern):
        return "".join(before) or general(number)  # a zero section printing "-" or "—"
    return "".join(before) + _digits(number, "".join(pattern)) + "".join(after)


def _digits(number: float, pattern: str) -> str:
    """``number`` with the decimals and grouping of ``pattern`` (``#,##0.00``)."""
    whole, _, frac = pattern.partition(".")
    decimals = sum(1 for ch in frac if ch in "0#?")
    try:
        rounded = Decimal(repr(number)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    except InvalidOperation:
        return general(number)
    text = f"{rounded:,f}" if "," in whole else f"{rounded:f}"
    if frac and "0" not in frac:  # "#.##" drops trailing zeros
        text = text.rstrip("0").rstrip(".")
    if whole.strip(",").startswith("#") and text.startswith("0."):
        text = text[1:]  # "#.00" prints .5, not 0.5
    return text


def _date(value: dt.date, code: str) -> str:
    """A date as the form prints it: ``2023年12月31日`` for a CJK code, else ISO."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if "年" in code:
        shown = f"{day.year}年"
        if "月" in code:
            shown += f"{day.month}月"
        if "日" in code:
            shown += f"{day.day}日"
        return shown
    return day.isoformat() if _DATE_CODE.search(code) or not code else general(value)
