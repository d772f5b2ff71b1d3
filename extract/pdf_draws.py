"""A cheap count of the form drawings a PDF page asks for, before anything draws them.

A form XObject may draw another twice, which draws another twice…: 30 levels in 6.6 KB
ask a reader for 2**30 drawings, and it works until it is killed. Counting them first
costs one pass over each distinct form's content (each is counted once and remembered),
so such a page is refused in milliseconds. What pdfminer draws is the page's content;
pdfium, which renders pages for OCR and for the report's pictures, also draws each
annotation's appearance, so those are counted for a render.
"""

from __future__ import annotations

import re
from typing import Any

from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFObjRef, PDFStream
from pdfminer.psparser import LIT
from selfeval.extract import limits
from selfeval.extract.errors import LimitExceeded

#: ``/Name Do``: the operator that draws an XObject (a name ends at a delimiter).
_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do(?![^\s/\[\]()<>{}%])")
_NAME_ESCAPE = re.compile(rb"#([0-9a-fA-F]{2})")
_FORM = LIT("Form")


class _OverBudget(Exception):
    """More drawings than the budget (or a form that draws itself)."""


def _resolve(obj: Any) -> Any:
    return obj.resolve() if isinstance(obj, PDFObjRef) else obj


def _name(raw: bytes) -> str:
    return _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw).decode("latin-1")


class _Counter:
    """Counts drawings down from the budget, remembering each form's total."""

    def __init__(self, budget: int) -> None:
        self.left = budget
        self.totals: dict[tuple[int, int], int] = {}
        self.drawing: set[tuple[int, int]] = set()

    def content(self, streams: list[Any], resources: Any, depth: int = 0) -> int:
        """Return the drawings ``streams`` make with ``resources`` (forms inside included)."""
        if depth > limits.MAX_FORM_DEPTH:
            raise _OverBudget
        xobjects = _resolve(resources.get("XObject")) if isinstance(resources, dict) else None
        total = 0
        for stream in streams:
            for raw in _DO.findall(stream.get_data() or b""):
                total += 1 + self._form(_resolve((xobjects or {}).get(_name(raw))), resources,
                                        depth)
                self.left -= 1
                if self.left < 0:
                    raise _OverBudget
        return total

    def _form(self, xobject: Any, resources: Any, depth: int) -> int:
        if not isinstance(xobject, PDFStream) or xobject.get("Subtype") is not _FORM:
            return 0
        own = _resolve(xobject.get("Resources"))
        key = (xobject.objid or id(xobject), id(own or resources))
        if key in self.totals:
            self.left -= self.totals[key]
            if self.left < 0:
                raise _OverBudget
            return self.totals[key]
        if key in self.drawing:
            raise _OverBudget  # a form that draws itself never ends
        self.drawing.add(key)
        total = self.content([xobject], own or resources, depth + 1)
        self.drawing.discard(key)
        self.totals[key] = total
        return total


def _appearances(page: PDFPage) -> list[Any]:
    """The appearance streams of the page's annotations (what pdfium draws for them)."""
    streams = []
    for annot in _resolve(page.annots) or []:
        normal = _resolve((_resolve(annot) or {}).get("AP") or {})
        normal = _resolve(normal.get("N")) if isinstance(normal, dict) else None
        states = normal.values() if isinstance(normal, dict) else [normal]
        streams += [s for s in map(_resolve, states) if isinstance(s, PDFStream)]
    return streams


def check_form_draws(path: str, page: PDFPage, number: int, rendered: bool = False) -> None:
    """Raise :class:`LimitExceeded` if page ``number`` asks for more than
    :data:`limits.MAX_FORM_DRAWS` drawings (or nests forms past
    :data:`limits.MAX_FORM_DEPTH`, or has a form that draws itself). ``rendered``
    counts the annotations' appearances too, as pdfium draws them."""
    counter = _Counter(limits.MAX_FORM_DRAWS)
    streams = [s for s in page.contents if isinstance(s, PDFStream)]
    try:
        counter.content(streams, page.resources)
        if rendered:
            for appearance in _appearances(page):
                counter.content([appearance], _resolve(appearance.get("Resources")))
    except _OverBudget as exc:
        raise LimitExceeded(path, f"page {number} draws more than {limits.MAX_FORM_DRAWS:,} "
                            "forms, or nests them too deeply (the drawing limit)") from exc
