"""Write small ruled-table PDFs for reader tests, from raw PDF operators.

The rulings are drawn either as vector line art (what Word, Calc and LibreOffice
export) or into a background image with only the text in the text layer (what some
scanning and "print to PDF" pipelines produce), so both readers of a text PDF's
tables can be tested on the same table.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from tests.hostile_files import build_pdf, stream

PAGE_W, PAGE_H = 595, 842
LEFT, TOP, BOTTOM = 50.0, 70.0, 790.0
ROW_H = 20.0
#: Rendering scale of the ruling image (pixels per point).
IMAGE_SCALE = 2

Merge = tuple[int, int, int, int]  # top, left, bottom, right (inclusive)


@dataclass(frozen=True)
class PdfTable:
    title: str
    rows: tuple[tuple[str, ...], ...]
    merges: tuple[Merge, ...] = ()
    header_rows: int = 0
    closing: str = ""
    #: ``"vector"`` (line art) or ``"image"`` (rulings in a background image).
    rulings: str = "vector"


def _merge_of(merges: tuple[Merge, ...], r: int, c: int) -> Merge | None:
    return next((m for m in merges if m[0] <= r <= m[2] and m[1] <= c <= m[3]), None)


def _paginate(spec: PdfTable) -> list[list[int]]:
    """Row indexes on each page; header rows repeat at the top of every later page."""
    per_page = int((BOTTOM - TOP) // ROW_H)
    body = list(range(spec.header_rows, len(spec.rows)))
    pages: list[list[int]] = []
    first = list(range(spec.header_rows))
    while body or not pages:
        room = per_page - (spec.header_rows if pages else len(first))
        head = first if not pages else list(range(spec.header_rows))
        pages.append(head + body[:room])
        body = body[room:]
    return pages


def _page_lines(
    spec: PdfTable, rows: list[int], col_w: float
) -> list[tuple[float, float, float, float]]:
    """The ruling segments of one page (top-origin points)."""
    n_cols = len(spec.rows[0])
    bottom = TOP + ROW_H * len(rows)
    right = LEFT + col_w * n_cols
    out = [(LEFT, TOP, right, TOP), (LEFT, bottom, right, bottom),
           (LEFT, TOP, LEFT, bottom), (right, TOP, right, bottom)]
    for i in range(len(rows)):
        y0, y1 = TOP + i * ROW_H, TOP + (i + 1) * ROW_H
        for c in range(n_cols):
            x0, x1 = LEFT + c * col_w, LEFT + (c + 1) * col_w
            here = _merge_of(spec.merges, rows[i], c)
            if c + 1 < n_cols and (here is None or here != _merge_of(spec.merges, rows[i], c + 1)):
                out.append((x1, y0, x1, y1))
            if i + 1 < len(rows):
                below = _merge_of(spec.merges, rows[i + 1], c)
                if here is None or here != below or rows[i + 1] != rows[i] + 1:
                    out.append((x0, y1, x1, y1))
    return out


def _text_ops(x: float, top: float, text: str, size: int = 9) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    y = PAGE_H - top - size - 3
    return b"BT /F1 %d Tf %.2f %.2f Td (%s) Tj ET\n" % (size, x, y, escaped.encode("latin-1"))


def _image(lines: list[tuple[float, float, float, float]]) -> bytes:
    img = Image.new("L", (PAGE_W * IMAGE_SCALE, PAGE_H * IMAGE_SCALE), 255)
    draw = ImageDraw.Draw(img)
    for x0, y0, x1, y1 in lines:
        draw.line([(x0 * IMAGE_SCALE, y0 * IMAGE_SCALE), (x1 * IMAGE_SCALE, y1 * IMAGE_SCALE)],
                  fill=0, width=2)
    return zlib.compress(img.tobytes())


def write_table_pdf(spec: PdfTable, path: Path) -> None:
    """Lay ``spec`` out on as many A4 pages as it needs and write the PDF to ``path``."""
    n_cols = len(spec.rows[0])
    col_w = (PAGE_W - 2 * LEFT) / n_cols
    pages = _paginate(spec)
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
                            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for p, rows in enumerate(pages):
        lines = _page_lines(spec, rows, col_w)
        ops = bytearray()
        resources = b"/Font << /F1 3 0 R >>"
        if spec.rulings == "image":
            objects.append(stream(_image(lines), b"/Type /XObject /Subtype /Image /Width %d "
                                  b"/Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
                                  b"/Filter /FlateDecode" % (PAGE_W * IMAGE_SCALE,
                                                             PAGE_H * IMAGE_SCALE)))
            resources += b" /XObject << /Im1 %d 0 R >>" % len(objects)
            ops += b"q %d 0 0 %d 0 0 cm /Im1 Do Q\n" % (PAGE_W, PAGE_H)
        else:
            ops += b"0.8 w\n"
            for x0, y0, x1, y1 in lines:
                ops += b"%.2f %.2f m %.2f %.2f l S\n" % (x0, PAGE_H - y0, x1, PAGE_H - y1)
        if p == 0:
            ops += _text_ops(LEFT, TOP - 30, spec.title, 12)
        for i, r in enumerate(rows):
            for c, text in enumerate(spec.rows[r]):
                merge = _merge_of(spec.merges, r, c)
                if text and (merge is None or (merge[0], merge[1]) == (r, c)):
                    ops += _text_ops(LEFT + c * col_w + 3, TOP + i * ROW_H + 4, text)
        if p == len(pages) - 1 and spec.closing:
            ops += _text_ops(LEFT, TOP + ROW_H * len(rows) + 20, spec.closing)
        objects.append(stream(bytes(ops)))
        content = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << %s >>"
                       b" /Contents %d 0 R >>" % (PAGE_W, PAGE_H, resources, content))
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    path.write_bytes(build_pdf(objects))
