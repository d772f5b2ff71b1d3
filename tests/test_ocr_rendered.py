"""Text PDFs read as if they were scans: the OCR reader on other table styles than the
two scanned fixtures, against each PDF's own text layer (see bench/ocr_agreement.py)."""

from __future__ import annotations

import pytest
from selfeval.extract.grid import Grid

from bench.ocr_agreement import agreement, read_scans
from tests.test_ocr_accuracy import MIN_CELL_AGREEMENT, MIN_NUMERIC_AGREEMENT

pytestmark = pytest.mark.slow  # OCR of seven rendered pages

#: Text PDFs read as if they were scans (rendered, then OCR'd), against their own text
#: layer: other table styles than the two scans (DOCX exports, a dense landscape
#: table with 15 pt rows). Measured: 794/807 cells (98.4%), 175/175 numeric; the
#: misses are mostly lone em dashes, too thin to be told from speckle (read as blank).
RENDERED = {
    "001_longgang_docx-pdf.pdf": ("001_longgang_docx-pdf.pdf", (1, 2)),
    "003_yueyang_docx-pdf.pdf": ("003_yueyang_docx-pdf.pdf", (1, 2, 3)),
    "004_huangpu_docx-pdf.pdf": ("004_huangpu_docx-pdf.pdf", (1, 2)),
}


def test_rendered_text_pdfs_read_like_their_text_layer():
    rendered = read_scans(pairs=RENDERED)
    for page in rendered:
        grids = [item for item in page.items if isinstance(item, Grid)]
        shapes = [(g.n_rows, g.n_cols) for g in grids]
        assert shapes == [(len(t), len(t[0])) for t in page.truth], f"{page.scan} p{page.page}"
    result = agreement(rendered)
    assert result.cell_share >= MIN_CELL_AGREEMENT, "\n".join(result.misses)
    assert result.numeric_share >= MIN_NUMERIC_AGREEMENT, "\n".join(result.misses)
