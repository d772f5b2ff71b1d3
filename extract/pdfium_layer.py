"""A text-layer PDF page read through pdfium: characters, line art, images.

pdfium parses a page in C and hands out its characters and page objects one call at a
time, which costs a few milliseconds a page where pdfminer spends some forty. What is
read is what pdfplumber gives the grid builder (:class:`~selfeval.extract.pdf_layer.PageLayer`),
in pdfplumber's coordinates, so the same cells come out (tests/test_pdf_layers.py):

- a character's box runs from its origin along its advance (pdfium's loose box), and
  from the baseline up by the font size: the box pdfminer gives when the font states no
  descent, as every font of the fixtures does. pdfminer lowers the box by the font's
  stated descent where there is one; sharing the baseline instead keeps the characters
  of two fonts on one line at one ``top``. A glyph pdfium cannot map to Unicode reads as
  U+FFFD, so triage counts it as unmapped, as pdfminer's ``(cid:N)``. A box ends where
  the advance does even where the glyph's ink overhangs it (:meth:`_TextReader.read`),
  and starts at the origin where pdfium's loose box is only the ink (a font whose
  metrics pdfium cannot read: the Kangxi radicals ⽬ ⾃ a browser prints for 目 自),
  and a text object of nothing but blanks, which pdfium's text page leaves out, is read
  as a space (:func:`_blank`);
- line art: every segment of every path (its transform applied, forms included), a
  closed subpath's closing side too; paths neither stroked nor filled draw nothing;
- images: the box their transform gives the unit square.

The page must have passed :func:`selfeval.extract.pdf_draws.check_form_draws` before
pdfium loads it (a form drawn 2**30 times is parsed 2**30 times). The walk here is
bounded too: forms nest at most :data:`limits.MAX_FORM_DEPTH` deep, and a page holding
more than :data:`limits.MAX_PAGE_ITEMS` characters, objects and path segments is refused.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from selfeval.extract import limits
from selfeval.extract.errors import LimitExceeded
from selfeval.extract.pdf_layer import Box, Char, PageLayer

#: ``(a, b, c, d, e, f)``: ``x' = a·x + c·y + e``, ``y' = b·x + d·y + f``.
Matrix = tuple[float, float, float, float, float, float]

#: A matrix entry this close to 0 is 0: text drawn upright, or turned a quarter.
_FLAT = 1e-6

#: pdfium holds path points as 32-bit floats (7 digits: 167.5399932861328 for the 167.54
#: the file says); rounded to 1/1000 pt, they read as written.
_POINT_DIGITS = 3

_PATH, _IMAGE, _FORM = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM
_TEXT = raw.FPDF_PAGEOBJ_TEXT
_UNIT_SQUARE = ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0))


def _times(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n``."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s,
            e * p + f * r + t, e * q + f * s + u)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _box(m: Matrix, points: Any) -> Box:
    xs, ys = zip(*(_apply(m, x, y) for x, y in points), strict=True)
    return {"x0": min(xs), "top": min(ys), "x1": max(xs), "bottom": max(ys)}


def _display(page: pdfium.PdfPage) -> tuple[Matrix, float, float]:
    """The matrix taking PDF user space to pdfplumber's top-down coordinates of the page
    as displayed, and its width and height. pdfminer turns the page by ``/Rotate`` and
    moves the MediaBox's corner to the origin; pdfplumber then flips y and puts the
    MediaBox's offset back (pdfplumber.page.Page.process_object), which is followed here."""
    left, bottom, right, top = page.get_mediabox()
    x0, x1 = sorted((left, right))
    y0, y1 = sorted((bottom, top))
    turned = {1: (0.0, -1.0, 1.0, 0.0, -y0, x1), 2: (-1.0, 0.0, 0.0, -1.0, x1, y1),
              3: (0.0, 1.0, -1.0, 0.0, y1, -x0)}
    rotation = raw.FPDFPage_GetRotation(page.raw)
    ctm = turned.get(rotation, (1.0, 0.0, 0.0, 1.0, -x0, -y0))
    if rotation in (1, 3):
        width, height, offset_x, offset_top = y1 - y0, x1 - x0, y0, -x0
    else:
        width, height, offset_x, offset_top = x1 - x0, y1 - y0, x0, -y0
    flip: Matrix = (1.0, 0.0, 0.0, -1.0, offset_x, height + offset_top)
    return _times(ctm, flip), width, height


class PageBudget:
    """Counts down the characters, objects and path segments a page may hold."""

    def __init__(self, path: str, number: int) -> None:
        self.left = limits.MAX_PAGE_ITEMS
        self.path, self.number = path, number

    def spend(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise LimitExceeded(
                self.path, f"page {self.number} holds more than {limits.MAX_PAGE_ITEMS:,} "
                "characters, objects and path segments (the page-content limit)")


#: What pdfium's text page may insert between the characters a file draws (a space, a
#: line break): only a character reading as one of these can be one pdfium generated.
_GENERATED = frozenset(" \r\n")

#: What the page's text holds where a character's own code is not its text (a hyphen
#: ending a line, a glyph mapped to U+0000): such a character is asked for its code.
_NOT_ITS_CODE = "\ufffe"


def _by_address(function: Any, restype: Any, *argtypes: Any) -> Any:
    """``function`` declared anew to take and return plain addresses (ints, None for
    NULL) where it takes or returns a pointer: a call then makes no pointer object and
    needs no cast, and that is most of what a call costs."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    if address is None:
        raise RuntimeError(f"pdfium's {function.__name__} is not loaded")
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_INT, _ADDRESS = ctypes.c_int, ctypes.c_void_p
# What a character costs: (text page, character index, out parameters...)
_ORIGIN_OF = _by_address(raw.FPDFText_GetCharOrigin, _INT, _ADDRESS, _INT, _ADDRESS, _ADDRESS)
_LOOSE_BOX_OF = _by_address(raw.FPDFText_GetLooseCharBox, _INT, _ADDRESS, _INT, _ADDRESS)
_MAP_ERROR = _by_address(raw.FPDFText_HasUnicodeMapError, _INT, _ADDRESS, _INT)
_IS_GENERATED = _by_address(raw.FPDFText_IsGenerated, _INT, _ADDRESS, _INT)
_TEXT_OBJECT_OF = _by_address(raw.FPDFText_GetTextObject, _ADDRESS, _ADDRESS, _INT)


def _page_text(text_page: Any, n: int) -> str | None:
    """The text of the ``n`` characters of ``text_page`` in one call, one character per
    index, or None where pdfium's text does not line up with its characters (it leaves
    out a control code, or the decoding joins two halves of a surrogate)."""
    buffer = (ctypes.c_ushort * (2 * n + 1))()  # a character outside the BMP takes two
    written = raw.FPDFText_GetText(text_page, 0, n, buffer)
    if written < 1:
        return None
    units = memoryview(buffer).cast("B")[:2 * (written - 1)]
    text = bytes(units).decode("utf-16-le", "surrogatepass")
    return text if len(text) == n else None


def _codes(text_page: Any, n: int) -> list[str]:
    """The text of the ``n`` characters, one call each, where :func:`_page_text` cannot
    say. A code that is no character reads as :data:`_NOT_ITS_CODE`: it is asked again
    (and fails) only for a character that is read."""
    get_unicode = raw.FPDFText_GetUnicode
    codes = (get_unicode(text_page, i) for i in range(n))
    return [chr(c) if c <= 0x10FFFF else _NOT_ITS_CODE for c in codes]


class _TextReader:
    """Reads the characters of one text page, reusing its ctypes buffers: the calls into
    pdfium, not pdfium, are what a character costs. A character costs four (its origin,
    loose box and text object, and whether its glyph maps to Unicode); the page's text
    is one call, a text object's matrix and font size one each, and whether a glyph's
    ink overhangs its advance is asked only where the next character starts inside its
    box (:meth:`read`)."""

    def __init__(self, text_page: Any) -> None:
        self.page = text_page
        self.origin = (ctypes.c_double * 2)()  # x, y
        self.loose = (ctypes.c_float * 4)()  # left, top, right, bottom (an FS_RECTF)
        self.m = raw.FS_MATRIX()
        self.ink = [ctypes.c_double() for _ in range(4)]  # left, right, bottom, top
        #: Per text object, from its first character read: how it runs and how far its
        #: characters reach from the baseline (:meth:`_object`).
        self.objects: dict[int | None, tuple[int, float]] = {}

    def _object(self, key: int | None, i: int) -> tuple[int, float]:
        """The text object ``key`` of character ``i`` by its matrix ``(a, b, c, d)`` and
        font size: ``(0, size·d)`` upright, ``(1, size·d)`` upright and mirrored,
        ``(2, size·c)`` turned a quarter, ``(3, 0)`` slanted."""
        m = self.m
        raw.FPDFText_GetMatrix(self.page, i, m)
        a, b, c, d = m.a, m.b, m.c, m.d
        size = raw.FPDFText_GetFontSize(self.page, i)
        if abs(b) < _FLAT and abs(c) < _FLAT:
            known = (0 if a > 0 else 1, size * d)
        elif abs(a) < _FLAT and abs(d) < _FLAT:
            known = (2, size * c)
        else:
            known = (3, 0.0)
        self.objects[key] = known
        return known

    def _overhangs(self, i: int, right: float) -> bool:
        """Whether the ink of character ``i`` reaches its loose box's ``right``."""
        raw.FPDFText_GetCharBox(self.page, i, *self.ink)
        return self.ink[1].value >= right

    def read(self, n: int) -> tuple[list[str], list[list[float]]]:
        """The text and box ``[x0, y0, x1, y1]`` (PDF user space) of every character the
        file draws, the box as the module's docstring says. pdfium's loose box is the
        advance box joined with the ink's, and the ink of some glyphs overhangs the
        advance (the CJK glyphs of the fixtures, by up to 0.9 pt); the next character
        drawn on its baseline (or the space pdfium puts after a text object) starts
        where the advance ends, and cuts an upright glyph's box there if its ink
        overhangs, so that gaps between words read as pdfminer's."""
        text: str | list[str] | None = _page_text(self.page, n)
        if text is None:
            text = _codes(self.page, n)
        page = _address(self.page)
        origin, loose, objects = self.origin, self.loose, self.objects
        at_x = ctypes.addressof(origin)
        at_y, at_loose = at_x + ctypes.sizeof(ctypes.c_double), ctypes.addressof(loose)
        texts: list[str] = []
        boxes: list[list[float]] = []
        cuttable: tuple[int, float, list[float]] | None = None  # index, baseline, box
        for i in range(n):
            _ORIGIN_OF(page, i, at_x, at_y)
            ox, oy = origin[0], origin[1]
            if cuttable is not None:
                j, baseline, box = cuttable
                if abs(oy - baseline) < _FLAT and box[0] < ox < box[2]:
                    if self._overhangs(j, box[2]):
                        box[2] = ox
                    cuttable = None
            ch = text[i]
            if ch in _GENERATED and _IS_GENERATED(page, i):
                continue  # a space or line break pdfium infers; the file draws none
            if _MAP_ERROR(page, i):
                ch = "\ufffd"
            elif ch == _NOT_ITS_CODE:
                ch = chr(raw.FPDFText_GetUnicode(self.page, i))
            key = _TEXT_OBJECT_OF(page, i)
            kind, reach = objects.get(key) or self._object(key, i)
            _LOOSE_BOX_OF(page, i, at_loose)
            if kind == 0:  # upright: the advance starts at the origin (see above)
                box = [loose[0] if loose[0] < ox else ox, oy, loose[2], oy + reach]
                cuttable = (i, oy, box)
            elif kind == 1:  # upright and mirrored
                box, cuttable = [loose[0], oy, loose[2], oy + reach], None
            elif kind == 2:  # turned a quarter
                box, cuttable = [ox, loose[3], ox + reach, loose[1]], None
            else:  # slanted
                box, cuttable = [loose[0], loose[3], loose[2], loose[1]], None
            texts.append(ch)
            boxes.append(box)
        return texts, boxes


def _address(obj: Any) -> int | None:
    return ctypes.cast(obj, ctypes.c_void_p).value


def _chars(page: pdfium.PdfPage, display: Matrix,
           budget: PageBudget) -> tuple[list[Char], set[int | None]]:
    """The characters pdfium's text page holds, and the text objects they come from."""
    text_page = raw.FPDFText_LoadPage(page.raw)
    if not text_page:
        return [], set()
    try:
        n = raw.FPDFText_CountChars(text_page)
        budget.spend(max(n, 0))
        reader = _TextReader(text_page)
        texts, boxes = reader.read(n)
        a, b, c, d, e, f = display
        chars = []
        for text, (x0, y0, x1, y1) in zip(texts, boxes, strict=True):
            u0, u1 = a * x0 + c * y0 + e, a * x1 + c * y1 + e
            v0, v1 = b * x0 + d * y0 + f, b * x1 + d * y1 + f
            # min() and max() as they pick (the first of equals), without their calls
            chars.append({"text": text, "x0": u1 if u1 < u0 else u0,
                          "x1": u1 if u1 > u0 else u0, "top": v1 if v1 < v0 else v0,
                          "bottom": v1 if v1 > v0 else v0})
        return chars, set(reader.objects)
    finally:
        raw.FPDFText_ClosePage(text_page)


def _blank(text: Any, outer: Matrix, display: Matrix) -> Char:
    """A space for a text object of nothing but blanks, which pdfium's text page
    leaves out (LibreOffice draws the space after a checkbox ☑, or an ideographic
    space, so): from the object's origin to its right edge, up from the baseline by
    the font size, as a character is."""
    a, b, c, d, e, f = _times(_matrix(text), outer)
    size = ctypes.c_float()
    raw.FPDFTextObj_GetFontSize(text, size)
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    raw.FPDFPageObj_GetBounds(text, left, bottom, right, top)
    x1, _ = _apply(outer, right.value, bottom.value)
    box = _box(display, ((e, f), (x1, f + size.value * d)))
    return {**box, "text": " "}


def _matrix(obj: Any) -> Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _draws(path: Any) -> bool:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(path, fill, stroke):
        return True
    return bool(fill.value) or bool(stroke.value)


def _subpaths(path: Any, budget: PageBudget) -> Iterator[tuple[list[tuple[float, float]], bool]]:
    """The path's subpaths in path space: their points, and whether each is closed."""
    n = raw.FPDFPath_CountSegments(path)
    budget.spend(max(n, 0))
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float]] = []
    closed = False
    for i in range(n):
        segment = raw.FPDFPath_GetPathSegment(path, i)
        if raw.FPDFPathSegment_GetType(segment) == raw.FPDF_SEGMENT_MOVETO and points:
            yield points, closed
            points, closed = [], False
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        points.append((round(x.value, _POINT_DIGITS), round(y.value, _POINT_DIGITS)))
        closed = closed or bool(raw.FPDFPathSegment_GetClose(segment))
    if points:
        yield points, closed


def _path_edges(path: Any, to_page: Matrix, budget: PageBudget) -> tuple[list[Box], bool]:
    """The path's straight pieces in display coordinates, and whether it is a shape
    (a subpath of more than two points: a rectangle, a polygon, a curve)."""
    edges: list[Box] = []
    shape = False
    for points, closed in _subpaths(path, budget):
        shape = shape or len(points) > 2
        ends = [*points, points[0]] if closed and points[-1] != points[0] else points
        edges += [_box(to_page, pair) for pair in zip(ends, ends[1:], strict=False)]
    return edges, shape


_PAGE_OBJECT = _by_address(raw.FPDFPage_GetObject, _ADDRESS, _ADDRESS, _INT)
_FORM_OBJECT = _by_address(raw.FPDFFormObj_GetObject, _ADDRESS, _ADDRESS, ctypes.c_ulong)
_TYPE_OF = _by_address(raw.FPDFPageObj_GetType, _INT, _ADDRESS)


def _object_at(address: int | None) -> Any:
    """The page object at ``address`` as pdfium's other calls take it."""
    return ctypes.cast(address or 0, raw.FPDF_PAGEOBJECT)


def _objects(page: pdfium.PdfPage,
             budget: PageBudget) -> Iterator[tuple[int | None, int, Matrix]]:
    """Every object of the page, forms' contents included, by address (most are text
    objects, which need no more than that), its type, and the matrix taking the space
    it is drawn in (the page's, or its form's) to the page's."""
    n = raw.FPDFPage_CountObjects(page.raw)
    budget.spend(max(n, 0))
    at = _address(page.raw)
    stack = [(_PAGE_OBJECT(at, i), 0, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
             for i in reversed(range(n))]
    while stack:
        address, depth, outer = stack.pop()
        kind = _TYPE_OF(address)
        yield address, kind, outer
        if kind == _FORM and depth < limits.MAX_FORM_DEPTH:
            form = _object_at(address)
            inner = raw.FPDFFormObj_CountObjects(form)
            budget.spend(max(inner, 0))
            to_page = _times(_matrix(form), outer)
            stack += [(_FORM_OBJECT(address, i), depth + 1, to_page)
                      for i in reversed(range(inner))]


def read_layer(page: pdfium.PdfPage, path: str, number: int) -> PageLayer:
    """Return page ``number``'s :class:`PageLayer` as pdfium reads it; raise
    :class:`LimitExceeded` for a page over :data:`limits.MAX_PAGE_ITEMS`."""
    display, width, height = _display(page)
    budget = PageBudget(path, number)
    chars, sources = _chars(page, display, budget)
    edges: list[Box] = []
    images: list[Box] = []
    shapes = False
    for address, kind, outer in _objects(page, budget):
        if kind == _TEXT:
            if address not in sources:
                chars.append(_blank(_object_at(address), outer, display))
        elif kind == _PATH:
            obj = _object_at(address)
            if _draws(obj):
                found, shape = _path_edges(
                    obj, _times(_times(_matrix(obj), outer), display), budget)
                edges += found
                shapes = shapes or shape
        elif kind == _IMAGE:
            to_page = _times(_times(_matrix(_object_at(address)), outer), display)
            images.append(_box(to_page, _UNIT_SQUARE))
    return PageLayer(width=width, height=height, chars=chars, edges=edges, images=images,
                     has_shapes=shapes)
