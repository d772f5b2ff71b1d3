"""A cited cell's location in words, as every output writes it (corpus/cell_text.py)."""

from __future__ import annotations

import pytest
from selfeval.corpus.cell_text import cells_text, location_text, sheet_address


@pytest.mark.parametrize(("at", "words"), [
    ({"page": 2, "box": [458.2, 319.6, 496.49, 350.0]}, "p2 [458,320,496,350]"),
    ({"page": 3}, "p3"),
    ({"table": 1, "row": 13, "col": 9, "sheet": "自评表", "address": "I13"}, "自评表!I13"),
    ({"table": 2, "row": 9, "col": 8}, "table 2, row 9, column 8"),
    (None, "location not recorded"),
    ({}, "location not recorded"),
])
def test_a_location_in_words(at: object, words: str) -> None:
    assert location_text(at) == words


@pytest.mark.parametrize(("sheet", "ref"), [
    ("Sheet1", "Sheet1!C12"), ("表1", "表1!C12"), ("自评表", "自评表!C12"),
    ("My Sheet", "'My Sheet'!C12"), ("O'Brien", "'O''Brien'!C12"), ("2023", "'2023'!C12"),
    ("AB12", "'AB12'!C12"), ("R1C1", "'R1C1'!C12"), ("表-1", "'表-1'!C12"),
])
def test_a_sheet_name_is_quoted_where_a_spreadsheet_needs_it(sheet: str, ref: str) -> None:
    assert sheet_address(sheet, "C12") == ref


def test_a_flags_cells_on_one_line_in_their_order() -> None:
    cells = [{"role": "reported", "field": "total_score", "at": {"page": 2, "box": [1, 2, 3, 4]}},
             {"role": "input", "field": "indicators[0].score",
              "at": {"sheet": "Sheet1", "address": "H13", "table": 1, "row": 13, "col": 8}},
             {"role": "input", "field": "indicators[1].score", "at": None}]
    assert cells_text(cells) == ("reported p2 [1,2,3,4]; input Sheet1!H13; "
                                 "input location not recorded")
    assert cells_text([]) == ""
