"""The XLS reader (xlrd): a legacy workbook reads as its XLSX does, a WPS ``.et`` is the
same format, and a damaged one is refused with one line. (The fixtures converted to
``.xls`` are read against their twins' truths in tests/test_format_twins.py.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from selfeval.extract import errors
from selfeval.extract.grid import Grid
from selfeval.extract.reading import read_document
from selfeval.extract.sniff import sniff_format

from tests import hostile_files
from tests.data_paths import SOURCES

STEM = "002_qnjinrong_xlsx-export"


def _grids(path: Path) -> list[list[list[str | None]]]:
    return [i.rows() for i in read_document(path).items if isinstance(i, Grid)]


def test_an_xls_reads_the_grids_of_its_xlsx() -> None:
    assert _grids(SOURCES / f"{STEM}.xls") == _grids(SOURCES / f"{STEM}.xlsx")


def test_an_xls_cell_has_the_address_of_its_xlsx_twin() -> None:
    def addresses(path: Path) -> list[tuple[str, str | None, str | None]]:
        return [(c.text, c.sheet, c.address) for i in read_document(path).items
                if isinstance(i, Grid) for c in i.cells]

    xls = addresses(SOURCES / f"{STEM}.xls")
    assert xls == addresses(SOURCES / f"{STEM}.xlsx")
    assert ("2", "表1", "H12") in xls  # the first indicator's 得分, where Excel shows it


def test_a_wps_et_file_is_an_xls_whatever_its_name(tmp_path: Path) -> None:
    for name in ("form.et", "form.pdf"):
        shutil.copyfile(SOURCES / f"{STEM}.xls", tmp_path / name)
        assert sniff_format(tmp_path / name) == "xls"
        assert _grids(tmp_path / name) == _grids(SOURCES / f"{STEM}.xls")


def test_a_damaged_workbook_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.xls"
    path.write_bytes(hostile_files.ole_doc_bytes("Workbook"))
    with pytest.raises(errors.DamagedFile, match=r": a damaged XLS \(") as caught:
        read_document(path)
    assert "\n" not in caught.value.reason
