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
  the advance does even where the glyph's ink overhangs it (:meth:`_TextReader.glyph`),
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


class _TextReader:
    """Reads the characters of one text page, reusing its ctypes buffers: the calls into
    pdfium, not pdfium, are what a character costs."""

    def __init__(self, text_page: Any) -> None:
        self.page = text_page
        self.x, self.y = ctypes.c_double(), ctypes.c_double()
        self.loose, self.m = raw.FS_RECTF(), raw.FS_MATRIX()
        self.ink = [ctypes.c_double() for _ in range(4)]  # left, right, bottom, top
        #: Per text object: its matrix and font size, the same for all its characters.
        self.objects: dict[int | None, tuple[float, float, float, float, float]] = {}

    def origin(self, i: int) -> tuple[float, float]:
        raw.FPDFText_GetCharOrigin(self.page, i, self.x, self.y)
        return self.x.value, self.y.value

    def _object(self, i: int) -> tuple[int | None, tuple[float, float, float, float, float]]:
        key = _address(raw.FPDFText_GetTextObject(self.page, i))
        known = self.objects.get(key)
        if known is None:
            m = self.m
            raw.FPDFText_GetMatrix(self.page, i, m)
            known = self.objects[key] = (m.a, m.b, m.c, m.d,
                                         raw.FPDFText_GetFontSize(self.page, i))
        return key, known

    def glyph(self, i: int, origin: tuple[float, float]) -> tuple[list[Any], int | None]:
        """Character ``i`` as ``[x0, y0, x1, y1, overhangs, baseline]`` in PDF user
        space (the module's docstring says which box), and the text object it comes
        from. ``overhangs``: its box ends where its ink does. pdfium's loose box is the
        advance box joined with the ink's, and the ink of some glyphs overhangs the
        advance (the CJK glyphs of the fixtures, by up to 0.9 pt); the next character
        drawn on its baseline (or the space pdfium puts after a text object) starts
        where the advance ends, and cuts it there, so that gaps between words read as
        pdfminer's."""
        source, (a, b, c, d, size) = self._object(i)
        loose = self.loose
        raw.FPDFText_GetLooseCharBox(self.page, i, loose)
        ox, oy = origin
        if abs(b) < _FLAT and abs(c) < _FLAT:  # upright (or mirrored)
            raw.FPDFText_GetCharBox(self.page, i, *self.ink)
            overhangs = a > 0 and self.ink[1].value >= loose.right
            return [loose.left, oy, loose.right, oy + size * d, overhangs, oy], source
        if abs(a) < _FLAT and abs(d) < _FLAT:  # turned a quarter
            return [ox, loose.bottom, ox + size * c, loose.top, False, oy], source
        return [loose.left, loose.bottom, loose.right, loose.top, False, oy], source  # slanted


def _cut(glyph: list[Any], next_origin: tuple[float, float]) -> None:
    """End ``glyph`` where the next character on its baseline starts, if it overhangs."""
    x, y = next_origin
    if glyph[4] and abs(y - glyph[5]) < _FLAT and glyph[0] < x < glyph[2]:
        glyph[2], glyph[4] = x, False


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
        glyphs: list[list[Any]] = []
        texts: list[str] = []
        sources: set[int | None] = set()
        for i in range(n):
            origin = reader.origin(i)
            if glyphs:
                _cut(glyphs[-1], origin)
            if raw.FPDFText_IsGenerated(text_page, i):
                continue  # a space or line break pdfium infers; the file draws none
            unmapped = raw.FPDFText_HasUnicodeMapError(text_page, i)
            texts.append("\ufffd" if unmapped else chr(raw.FPDFText_GetUnicode(text_page, i)))
            glyph, source = reader.glyph(i, origin)
            glyphs.append(glyph)
            sources.add(source)
        a, b, c, d, e, f = display
        chars = []
        for text, (x0, y0, x1, y1, _, _) in zip(texts, glyphs, strict=True):
            u0, u1 = a * x0 + c * y0 + e, a * x1 + c * y1 + e
            v0, v1 = b * x0 + d * y0 + f, b * x1 + d * y1 + f
            chars.append({"text": text, "x0": min(u0, u1), "x1": max(u0, u1),
                          "top": min(v0, v1), "bottom": max(v0, v1)})
        return chars, sources
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


def _objects(page: pdfium.PdfPage, budget: PageBudget) -> Iterator[tuple[Any, int, Matrix]]:
    """Every object of the page, forms' contents included, its type, and the matrix
    taking the space it is drawn in (the page's, or its form's) to the page's."""
    n = raw.FPDFPage_CountObjects(page.raw)
    budget.spend(max(n, 0))
    stack = [(raw.FPDFPage_GetObject(page.raw, i), 0, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
             for i in reversed(range(n))]
    while stack:
        obj, depth, outer = stack.pop()
        kind = raw.FPDFPageObj_GetType(obj)
        yield obj, kind, outer
        if kind == _FORM and depth < limits.MAX_FORM_DEPTH:
            inner = raw.FPDFFormObj_CountObjects(obj)
            budget.spend(max(inner, 0))
            to_page = _times(_matrix(obj), outer)
            stack += [(raw.FPDFFormObj_GetObject(obj, i), depth + 1, to_page)
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
    for obj, kind, outer in _objects(page, budget):
        if kind == _PATH and _draws(obj):
            found, shape = _path_edges(obj, _times(_times(_matrix(obj), outer), display),
                                       budget)
            edges += found
            shapes = shapes or shape
        elif kind == _IMAGE:
            images.append(_box(_times(_times(_matrix(obj), outer), display), _UNIT_SQUARE))
        elif kind == _TEXT and _address(obj) not in sources:
            chars.append(_blank(obj, outer, display))
    return PageLayer(width=width, height=height, chars=chars, edges=edges, images=images,
                     has_shapes=shapes)
