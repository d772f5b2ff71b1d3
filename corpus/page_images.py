"""Pictures of the page region a flag points at, rendered from the PDF.

The record says which page and which row (an indicator's name, a fund's label, the
总分 row); the row is found on the page by searching its text (or, for a 总分 row
printed without its label, by its 分值 and 得分 side by side), the page is cropped
around it and rendered with pypdfium2, and the words that print the reported value
are boxed in red. Without a text layer (a scan) or when the row text is not found,
the whole page is shown small instead, unmarked.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from selfeval.extract.pdf_draws import check_form_draws

#: Render scale for a cropped row band (2 = 144 dpi: the small CJK print of these forms
#: stays legible; 1.5 blurred 7-pt cell text in the seed PDFs).
CROP_SCALE = 2.0

#: Render scale for a whole-page fallback (a 595×842 pt A4 page → ~650 px wide JPEG,
#: readable enough to locate the row by eye while keeping the HTML file small).
PAGE_SCALE = 1.1

#: Points kept above and below the found row: about two table rows of context.
BAND_MARGIN_PT = 40.0

#: Characters of a long label searched for when the whole label is not found (a cell
#: that wraps over lines interleaves with its neighbours in the text layer).
SHORT_NEEDLE_CHARS = 6

#: Lines under a label still read as its cell when looking for the reported value (a
#: heading prints its points on the next line: ``产出指标`` / ``(50分)`` in the seeds).
UNDER_LABEL_LINES = 1.5

#: JPEG quality for whole-page fallbacks (75: text edges stay sharp at ~60 KB a page).
JPEG_QUALITY = 75

#: Labels that print a report-level field on the form, tried in order.
FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "total_score": ("总分", "合计"),
    "total_weight": ("总分", "合计"),
    "conclusion": ("自评结论", "绩效结论", "评价等级", "结论"),
    "year": ("年度",),
    "funds": ("年度资金总额", "资金总额", "项目资金"),
}


@dataclass(frozen=True)
class Target:
    """What to look for on the page: row labels to try and values to box."""

    labels: tuple[str, ...]
    values: tuple[Decimal, ...]
    #: Numbers that together find the row when no label is printed on it (the 总分
    #: row's 分值 and 得分: some forms print them under a blank first cell).
    row_values: tuple[Decimal, ...] = ()


#: A printed number as it stands in a cell: ``92``, ``99.30%``, ``(50分)``, ``1,234.5万元``.
_NUMBER = re.compile(r"[(（]?\s*([-+]?\d[\d,]*(?:\.\d+)?)\s*(?:%|分|元|万元)?\s*[)）]?")


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    m = _NUMBER.fullmatch(str(value).strip())
    try:
        return Decimal(m.group(1).replace(",", "")) if m else None
    except InvalidOperation:
        return None


def flag_target(flag: dict[str, Any], report: dict[str, Any]) -> Target:
    """Return the row labels and reported values a flag points at."""
    where = flag.get("where") or {}
    labels: list[str] = []
    if where.get("indicator"):
        labels.append(str(where["indicator"]))
    field = str(where.get("field") or "")
    idx = re.search(r"funds\[(\d+)\]", field)
    funds = report.get("funds") or []
    if idx and int(idx.group(1)) < len(funds):
        labels.append(str(funds[int(idx.group(1))].get("label") or ""))
    for key, names in FIELD_LABELS.items():
        if field == key or field.startswith(key + "[") or field.startswith(key + "."):
            labels.extend(names)
    values: list[Decimal] = []
    reported = _decimal(flag.get("reported"))
    if reported is not None:
        values.append(reported)
        if "rate" in field and abs(reported) <= 2:
            values.append(reported * 100)
    row_values: tuple[Decimal, ...] = ()
    if field.startswith("total"):
        totals = [_decimal(report.get(k)) for k in ("total_weight", "total_score")]
        row_values = tuple(v for v in totals if v is not None)
    return Target(tuple(label for label in labels if label), tuple(values),
                  row_values if len(row_values) == 2 else ())


def _png_uri(image: Any) -> str:
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def _jpeg_uri(image: Any) -> str:
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="JPEG", quality=JPEG_QUALITY)
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode()


def _starts_inside_a_word(hit: dict[str, Any], words: Sequence[dict[str, Any]]) -> bool:
    """True when a word on the hit's line begins before it: the hit is the tail of a
    longer label (``效益指标`` inside ``社会效益指标``)."""
    return any(
        w["top"] < hit["bottom"] and w["bottom"] > hit["top"]
        and w["x0"] < hit["x0"] - 0.5 < w["x1"]
        for w in words
    )


def _find_row(page: Any, labels: Sequence[str]) -> dict[str, Any] | None:
    """Return where a label is printed: a word that is exactly the label, else a text
    match that does not start inside a longer word, else any match, else a match of
    the label's first characters."""
    words = page.extract_words()
    for label in labels:
        compact = re.sub(r"\s+", "", label)
        if not compact:
            continue
        exact = [w for w in words if re.sub(r"\s+", "", w["text"]) == compact]
        if exact:
            return dict(exact[0])
        for needle in (compact, compact[:SHORT_NEEDLE_CHARS]):
            pattern = r"\s*".join(re.escape(ch) for ch in needle)
            hits = page.search(pattern, regex=True, return_chars=False)
            whole = [h for h in hits if not _starts_inside_a_word(h, words)]
            if whole or hits:
                return dict((whole or hits)[0])
    return None


def _find_row_by_values(page: Any, row_values: Sequence[Decimal]) -> dict[str, Any] | None:
    """Return the box of the lowest line printing every one of ``row_values`` (a table's
    closing 总分 row is its lowest), or None."""
    if not row_values:
        return None
    numbers = [(w, _decimal(w["text"])) for w in page.extract_words()]
    best: dict[str, Any] | None = None
    for word, number in numbers:
        if number != row_values[0]:
            continue
        line = [w for w, n in numbers if n in row_values
                and w["top"] < word["bottom"] and w["bottom"] > word["top"]]
        found = {_decimal(w["text"]) for w in line}
        if set(row_values) <= found and (best is None or word["top"] > best["top"]):
            best = {"x0": min(w["x0"] for w in line), "x1": max(w["x1"] for w in line),
                    "top": min(w["top"] for w in line), "bottom": max(w["bottom"] for w in line)}
    return best


def _value_boxes(page: Any, hit: dict[str, Any], values: Sequence[Decimal]) -> list[Any]:
    """Return the boxes of words printing one of ``values``: on the label's line, or
    just under the label in its own column (``产出指标`` over ``(50分)``)."""
    if not values:
        return []
    line = hit["bottom"] - hit["top"]
    boxes = []
    for word in page.extract_words():
        same_line = word["bottom"] >= hit["top"] - 2 and word["top"] <= hit["bottom"] + 2
        under_label = (hit["bottom"] <= word["top"] <= hit["bottom"] + UNDER_LABEL_LINES * line
                       and word["x0"] < hit["x1"] and word["x1"] > hit["x0"])
        if not (same_line or under_label):
            continue
        number = _decimal(word["text"])
        if number is not None and any(number == v for v in values):
            boxes.append((word["x0"], word["top"], word["x1"], word["bottom"]))
    return boxes


def render_flag_region(pdf_path: str, page_no: int, target: Target) -> str | None:
    """Return a data URI picturing ``target`` on 1-based ``page_no`` of the PDF, or None
    when the file has no readable page of that number. A page that asks for too many
    form drawings (annotations included) raises
    :class:`selfeval.extract.errors.LimitExceeded`; run this under
    limits (:mod:`selfeval.corpus.guarded_pictures`)."""
    import pypdfium2
    from PIL import ImageDraw
    from selfeval.extract.pdf_reader import open_pdf, page_at

    with open_pdf(pdf_path) as pdf:
        page = page_at(pdf, page_no)
        if page is None:
            return None
        check_form_draws(pdf_path, page.page_obj, page_no, rendered=True)
        height = float(page.height)
        hit = None
        if page.chars:
            hit = _find_row(page, target.labels) or _find_row_by_values(page, target.row_values)
        boxes = []
        if hit is not None:
            band_top = max(0.0, hit["top"] - BAND_MARGIN_PT)
            band_bottom = min(height, hit["bottom"] + BAND_MARGIN_PT)
            row_boxes = _value_boxes(page, hit, target.values)
            boxes = [(hit["x0"], hit["top"], hit["x1"], hit["bottom"]), *row_boxes]
    doc = pypdfium2.PdfDocument(pdf_path)
    try:
        pdf_page = doc[page_no - 1]
        if hit is None:
            return _jpeg_uri(pdf_page.render(scale=PAGE_SCALE).to_pil())
        crop = (0, height - band_bottom, 0, band_top)
        image = pdf_page.render(scale=CROP_SCALE, crop=crop).to_pil().convert("RGB")
    finally:
        doc.close()
    draw = ImageDraw.Draw(image)
    for i, (x0, top, x1, bottom) in enumerate(boxes):
        draw.rectangle(
            [(x0 - 2) * CROP_SCALE, (top - band_top - 2) * CROP_SCALE,
             (x1 + 2) * CROP_SCALE, (bottom - band_top + 2) * CROP_SCALE],
            outline=(0, 90, 200) if i == 0 else (220, 0, 0), width=3,
        )
    return _png_uri(image)
