"""An HTML page's bytes → text: its encoding, as Chinese government sites publish.

The encoding is taken from a byte-order mark, else from a ``<meta charset>`` (or
``http-equiv`` Content-Type, or an XHTML page's XML declaration) in the page's first
bytes, else guessed: UTF-8 if the
bytes are valid UTF-8, otherwise GB18030. GB2312 and GBK labels are read as GB18030,
the superset browsers use for them (pages labelled GB2312 routinely hold GBK-only
characters).
"""

from __future__ import annotations

import codecs
import re

#: How far into a page its ``<meta charset>`` is looked for (browsers look at 1,024
#: bytes; saved pages put a long comment or script first, so a few KB more).
META_WINDOW = 8 * 1024

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
#: An XHTML page's XML declaration naming its encoding.
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))

#: Labels read as a wider encoding, as browsers do (WHATWG Encoding Standard).
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
              "iso-8859-1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252"}


def declared_encoding(data: bytes) -> str | None:
    """The encoding the page's BOM or ``<meta>`` names (a known Python codec), if any."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    match = _META_CHARSET.search(data[:META_WINDOW]) or _XML_ENCODING.match(data[:META_WINDOW])
    if match is None:
        return None
    label = match.group(1).decode("ascii", "ignore").lower()
    label = _SUPERSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_page(data: bytes) -> str:
    """The page's text, decoded as declared or as guessed (see the module's docstring).
    A page its declared encoding cannot decode is guessed at too (a site that says
    UTF-8 and serves GBK); bytes no guess maps become U+FFFD rather than failing it."""
    declared = declared_encoding(data)
    for encoding in dict.fromkeys(e for e in (declared, "utf-8") if e):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text[1:] if text.startswith("\ufeff") else text
    return data.decode("gb18030", errors="replace")
