"""``selfeval extract`` on a text PDF imports only what a text PDF needs: no XML library,
spreadsheet or legacy-Office code, OCR repairs, pdfplumber or camelot (issue 14: the
command's start-up is most of its time on a small file)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.data_paths import DOCS, ROOT

#: What the text-PDF path must not import, and why each would be there.
NOT_FOR_A_TEXT_PDF = (
    "lxml",  # DOCX, XLSX preflight, HTML
    "openpyxl", "docx",  # workbooks, DOCX
    "selfeval.extract.sheet_layout", "selfeval.extract.xlsx_package",
    "selfeval.extract.office_convert",  # legacy .doc through LibreOffice
    "selfeval.normalize.ocr_repair",  # OCR'd cells only
    "selfeval.corpus.summary", "selfeval.corpus.flat_rows",  # --format text, csv/xlsx
    "pdfplumber", "camelot", "cv2",  # pages pdfium cannot read, untrustworthy rulings
)

#: The parent's imports plus the guarded child's, in one process: the command's task.
_PROBE = """
import json, sys
from selfeval.corpus.cli import main
from selfeval.corpus.cli.extract_cmd import extract_cmd
from selfeval.corpus.cli.guard import extract_outputs
extract_outputs(sys.argv[1])
print(json.dumps(sorted(sys.modules)))
"""


def _imported(path: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", _PROBE, path], cwd=ROOT, check=True,
                          capture_output=True, text=True)
    return set(json.loads(done.stdout))


@pytest.mark.parametrize("name", ["001_longgang_docx-pdf.pdf", "000_qiannan_xlsx-export.pdf"])
def test_a_text_pdf_imports_only_what_it_needs(name: str) -> None:
    imported = _imported(str(DOCS / name))
    assert "pypdfium2" in imported
    assert not imported & set(NOT_FOR_A_TEXT_PDF)


def test_a_docx_imports_its_reader() -> None:
    assert "lxml" in _imported(str(DOCS / "001_longgang_docx.docx"))
