"""A flag's cited cells (docs/schema.md, "Cell locations") as the report shows them: the
boxes to draw on each page, and a line per cell saying where it is printed — or that its
location was not recorded. Plain data read from the record's JSON object."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from selfeval.corpus.cell_text import cited_cells, location_text
from selfeval.corpus.page_images import Mark, Region, regions
from selfeval.extract.grid import Box


@dataclass(frozen=True)
class CitedLine:
    """One cited cell in words: its role, the record field, where it is printed."""

    role: str
    field: str
    where: str


def _box(value: Any) -> Box | None:
    if not isinstance(value, list) or len(value) != 4:
        return None
    try:
        x0, top, x1, bottom = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return x0, top, x1, bottom


def cited_lines(flag: dict[str, Any]) -> list[CitedLine]:
    """Every cell the flag cites, in its order, reported first where it lists it so; a
    workbook's cell by its sheet and address (:mod:`selfeval.corpus.cell_text`)."""
    return [CitedLine(str(c.get("role")), str(c.get("field")), location_text(c.get("at")))
            for c in cited_cells(flag)]


def _on_page(at: Any) -> tuple[int, Box] | None:
    if not isinstance(at, dict) or not isinstance(at.get("page"), int):
        return None
    box = _box(at.get("box"))
    return None if box is None else (at["page"], box)


def flag_regions(flag: dict[str, Any], report: dict[str, Any]) -> list[Region]:
    """The pages to picture for ``flag``: every cited cell with a page and a box, by
    page, with the header-row cells the report records on that page."""
    marks = [(placed[0], Mark(str(c.get("role")), str(c.get("field")), placed[1]))
             for c in cited_cells(flag) if (placed := _on_page(c.get("at"))) is not None]
    headers = [placed for at in (report.get("cells") or {}).get("header") or []
               if (placed := _on_page(at)) is not None]
    return regions(marks, headers)
