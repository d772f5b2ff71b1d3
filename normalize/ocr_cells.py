"""OCR'd cells through the normaliser: which repair applies, and which cells to flag.

A cell from the OCR reader carries its recogniser confidence (text-layer cells carry
None and pass through untouched). A cell that reads as a number only once the
numeric repairs are applied (``25. 48``, ``9, 97``, ``○``) is a numeric cell and gets
them; any other cell gets the text repairs (≪/≫, seal noise, spaces beside CJK).
"""

from __future__ import annotations

from selfeval.extract.grid import Cell, Grid
from selfeval.normalize.numbers import parse_decimal, parse_rate, parse_target
from selfeval.normalize.records import OCR_LOW_CONFIDENCE_RULE, CitedCell, Flag, Where
from selfeval.normalize.sheet import cell_ref
from selfeval.normalize.text import clean_text


def _reads_as_number(text: str) -> bool:
    return any(parse(text) is not None for parse in (parse_decimal, parse_rate, parse_target))


def repaired_cell_text(cell: Cell) -> str:
    """The text of ``cell`` with the OCR repairs that fit it (none for a text layer)."""
    if cell.confidence is None:
        return cell.text
    # Imported here: only scanned pages have OCR'd cells (its patterns cost ~4 ms).
    from selfeval.normalize.ocr_repair import repair_ocr_numeric, repair_ocr_text

    numeric = repair_ocr_numeric(cell.text)
    if numeric == "-" or (_reads_as_number(numeric) and not _reads_as_number(cell.text)):
        return numeric
    return repair_ocr_text(cell.text)


def low_confidence_flags(grids: tuple[Grid, ...], first_table: int = 1) -> tuple[Flag, ...]:
    """An ``ocr_low_confidence`` info flag for every non-empty cell read below
    :data:`~selfeval.normalize.ocr_repair.OCR_LOW_CONFIDENCE`, with its page and box
    (``first_table``: the first grid's number among the document's tables)."""
    flags = []
    for number, grid in enumerate(grids, first_table):
        for cell in grid.cells:
            if cell.confidence is None:
                continue  # a text layer's cell
            from selfeval.normalize.ocr_repair import OCR_LOW_CONFIDENCE

            text = clean_text(repaired_cell_text(cell))
            if cell.confidence >= OCR_LOW_CONFIDENCE or not text:
                continue
            flags.append(Flag(
                rule=OCR_LOW_CONFIDENCE_RULE, severity="info",
                message=(f"OCR 识别置信度 {cell.confidence:.3f} 低于 {OCR_LOW_CONFIDENCE}："
                         f"“{text}”，请对照原件核对"),
                expected=None, reported=text,
                where=Where(cell.page or grid.page, "cell", None, box=cell.box),
                profile="repair",
                cells=(CitedCell("reported", "cell", cell_ref(cell, grid, number)),),
            ))
    return tuple(flags)
