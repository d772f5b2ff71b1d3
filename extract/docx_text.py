"""The text of WordprocessingML paragraphs, as Word displays it.

Kept: runs, tracked insertions (``w:ins``, ``w:moveTo``), content controls
(``w:sdt``), hyperlinks, smart tags, field *results*. Dropped: tracked deletions
(``w:del``, ``w:moveFrom``), field *codes* (``w:instrText``), drawings and text
boxes (``w:drawing``, ``w:pict``: floating content outside the reading order).
``w:tab`` reads ``\\t``; ``w:br``/``w:cr`` read ``\\n``.

Tick boxes come out as ``☑`` (ticked) or ``□`` (not), however they are encoded:
plain characters (``☑``/``☐``/``☒``), ``w:sym`` or plain runs in a Wingdings
font, ``w14:checkbox`` content controls, or legacy ``FORMCHECKBOX`` fields.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from lxml import etree

#: WordprocessingML namespaces: transitional (what Word writes) and ISO strict.
_W_NAMESPACES = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "w",
    "http://purl.oclc.org/ooxml/wordprocessingml/main": "w",
    "http://schemas.microsoft.com/office/word/2010/wordml": "w14",
    "http://schemas.openxmlformats.org/markup-compatibility/2006": "mc",
}

TICKED, UNTICKED = "☑", "□"

#: Plain box characters folded to the two the normaliser looks for.
_PLAIN_BOXES = str.maketrans({"☐": UNTICKED, "☒": TICKED, "⊠": TICKED, "⌧": TICKED})

#: Symbol-font code points (low byte of ``w:sym/@w:char`` or of a run's text) that
#: Word draws as boxes and ticks, from the Wingdings / Wingdings 2 character charts.
_SYMBOL_FONTS: dict[str, dict[int, str]] = {
    "wingdings": {
        0xFE: TICKED, 0xFD: TICKED, 0x78: TICKED,  # ☑ ☒ ⌧
        0xA8: UNTICKED, 0x6F: UNTICKED, 0x71: UNTICKED,  # ◻ □ ❑
        0xFC: "√", 0xFB: "×", 0x6E: "■", 0x6C: "●", 0xA1: "○",
    },
    "wingdings 2": {
        0x52: TICKED, 0x53: TICKED, 0x54: TICKED,  # ☑ ☒ ☒
        0xA3: UNTICKED, 0x2A: UNTICKED,  # □ ☐
        0x50: "√", 0x4F: "×",
    },
}

#: Elements whose children are read as if they stood in their parent's place.
_INLINE_WRAPPERS = frozenset(
    {"w:r", "w:ins", "w:moveTo", "w:hyperlink", "w:smartTag", "w:customXml", "w:fldSimple",
     "w:dir", "w:bdo", "w:sdtContent", "mc:AlternateContent", "mc:Fallback"}
)
#: Block-level wrappers: paragraphs, tables, rows and cells may sit inside these.
_BLOCK_WRAPPERS = frozenset({"w:sdt", "w:sdtContent", "w:customXml", "w:ins", "w:moveTo"})


def name(el: etree._Element) -> str:
    """Return ``w:tag`` / ``w14:tag`` / ``mc:tag`` for known namespaces, else ``""``."""
    tag = el.tag
    return _short_name(tag) if isinstance(tag, str) else ""


@functools.lru_cache(maxsize=1024)
def _short_name(tag: str) -> str:
    """Cached: a part repeats a few dozen tags tens of thousands of times."""
    uri, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", "")
    prefix = _W_NAMESPACES.get(uri)
    return f"{prefix}:{local}" if prefix else ""


def child(el: etree._Element, wanted: str) -> etree._Element | None:
    """Return the first child of ``el`` named ``wanted`` (see :func:`name`)."""
    for c in el:
        tag = c.tag
        if isinstance(tag, str) and _short_name(tag) == wanted:
            return c
    return None


def attr(el: etree._Element | None, local: str) -> str | None:
    """Return attribute ``local`` of ``el`` in whatever Word namespace it carries."""
    if el is None:
        return None
    for key, value in el.attrib.items():
        if key == local or key.endswith("}" + local):
            return str(value)
    return None


def blocks(container: etree._Element, wanted: frozenset[str]) -> Iterator[etree._Element]:
    """Yield the children of ``container`` named in ``wanted``, looking through wrappers.

    Wrappers are content controls, custom XML and tracked insertions; a tracked
    deletion (``w:del``) is not a wrapper, so what it holds is not yielded.
    """
    for el in container:
        n = name(el)
        if n in wanted:
            yield el
        elif n in _BLOCK_WRAPPERS:
            yield from blocks(el, wanted)


def paragraph_text(p: etree._Element) -> str:
    """Return the displayed text of paragraph ``p``."""
    out: list[str] = []
    _inline(p, out, None)
    return "".join(out)


def _inline(el: etree._Element, out: list[str], font: str | None) -> None:
    for ch in el:
        n = name(ch)
        if n == "w:t":
            out.append(_font_text(ch.text or "", font))
        elif n == "w:r":
            _inline(ch, out, _run_font(ch))
        elif n in ("w:tab", "w:ptab"):
            out.append("\t")
        elif n in ("w:br", "w:cr"):
            out.append("\n")
        elif n == "w:noBreakHyphen":
            out.append("-")
        elif n == "w:sym":
            out.append(_symbol(attr(ch, "font"), attr(ch, "char")))
        elif n == "w:fldChar":
            out.append(_form_checkbox(ch))
        elif n == "w:sdt":
            _content_control(ch, out, font)
        elif n in _INLINE_WRAPPERS:
            _inline(ch, out, font)


def _content_control(sdt: etree._Element, out: list[str], font: str | None) -> None:
    """A ``w14:checkbox`` control reads as its state; any other control as its content."""
    pr = child(sdt, "w:sdtPr")
    box = child(pr, "w14:checkbox") if pr is not None else None
    if box is not None:
        checked = attr(child(box, "w14:checked"), "val")
        out.append(TICKED if checked in ("1", "true", "on") else UNTICKED)
        return
    content = child(sdt, "w:sdtContent")
    if content is not None:
        _inline(content, out, font)


def _form_checkbox(fld: etree._Element) -> str:
    """Return the box a legacy ``FORMCHECKBOX`` field begins with (it has no result text)."""
    data = child(fld, "w:ffData")
    box = child(data, "w:checkBox") if data is not None else None
    if box is None:
        return ""
    checked = child(box, "w:checked")
    if checked is not None:  # w:checked overrides w:default; a bare <w:checked/> means on
        state = attr(checked, "val") in (None, "1", "true", "on")
    else:
        state = attr(child(box, "w:default"), "val") in ("1", "true", "on")
    return TICKED if state else UNTICKED


def _run_font(run: etree._Element) -> str | None:
    """Return the run's symbol font (lower case) if its direct formatting names one."""
    pr = child(run, "w:rPr")
    fonts = child(pr, "w:rFonts") if pr is not None else None
    for key in ("ascii", "hAnsi"):
        font = (attr(fonts, key) or "").lower()
        if font in _SYMBOL_FONTS:
            return font
    return None


def _font_text(text: str, font: str | None) -> str:
    if font is not None:
        table = _SYMBOL_FONTS[font]
        text = "".join(table.get(ord(c) & 0xFF, c) if _is_symbol_code(c) else c for c in text)
    return text.translate(_PLAIN_BOXES)


def _is_symbol_code(c: str) -> bool:
    """Symbol fonts are addressed as 0x20-0xFF or the private-use copy at U+F020-U+F0FF."""
    return 0x20 <= ord(c) <= 0xFF or 0xF020 <= ord(c) <= 0xF0FF


def _symbol(font: str | None, char: str | None) -> str:
    """Return what a ``w:sym`` shows: a mapped box or tick, else the raw code point."""
    try:
        code = int(char or "", 16)
    except ValueError:
        return ""
    mapped = _SYMBOL_FONTS.get((font or "").lower(), {}).get(code & 0xFF)
    if mapped is not None:
        return mapped
    return chr(code).translate(_PLAIN_BOXES) if 0 < code <= 0x10FFFF else ""
