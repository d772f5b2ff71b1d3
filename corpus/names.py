"""File names as text that is safe to store and to show, and back.

A POSIX file name is bytes. :func:`shown_name` turns it into one line of text that
SQLite stores and any terminal or page shows as it is: bytes that are not UTF-8, control
and format characters (a newline, U+202E RIGHT-TO-LEFT OVERRIDE, a zero-width space) are
written as ``\\xNN`` per byte, and a backslash as ``\\\\``; every other character stays.
The escaping is lossless: :func:`real_name` gives back the name to open.
"""

from __future__ import annotations

import os
import re
import unicodedata

#: Unicode categories escaped: controls, format characters (bidi overrides, zero-width),
#: line and paragraph separators, private use, and unassigned code points.
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cn"})

#: ``os.fsdecode`` turns each byte that is not UTF-8 into a lone surrogate U+DC80..U+DCFF.
_SURROGATE_ESCAPES = range(0xDC80, 0xDD00)

_ESCAPE = re.compile(r"\\(\\|x[0-9a-f]{2})")


def _escaped(ch: str) -> str:
    if ch == "\\":
        return "\\\\"
    if ord(ch) in _SURROGATE_ESCAPES:
        return f"\\x{ord(ch) - 0xDC00:02x}"
    if unicodedata.category(ch) in _ESCAPED_CATEGORIES:
        return "".join(f"\\x{b:02x}" for b in ch.encode("utf-8", "surrogatepass"))
    return ch


def shown_name(name: str | bytes) -> str:
    """Return ``name`` (as ``os.listdir`` gives it, or its bytes) as safe, one-line text."""
    text = os.fsdecode(name)
    return "".join(map(_escaped, text))


def real_name(shown: str) -> str:
    """Return the name :func:`shown_name` escaped (as ``os.fsdecode`` would give it)."""
    out = bytearray()
    at = 0
    for m in _ESCAPE.finditer(shown):
        out += shown[at:m.start()].encode("utf-8", "surrogateescape")
        token = m.group(1)
        out += b"\\" if token == "\\" else bytes([int(token[1:], 16)])
        at = m.end()
    out += shown[at:].encode("utf-8", "surrogateescape")
    return os.fsdecode(bytes(out))
