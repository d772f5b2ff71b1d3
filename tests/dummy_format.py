"""A format that exists only in the tests: proof that a reader is one module and one
registry entry. A ``.dummy`` file is a line ``DUMMY-TABLE``, a title, then rows of
``|``-separated cells; it reads as one grid. Its items say they are on page 1, but the
format is not *paged*: the normaliser must ask the capability and drop the pages."""

from __future__ import annotations

import re
from pathlib import Path

from selfeval.extract.grid import FLOWING_TABLES, Cell, Grid, RawDocument, TextLine
from selfeval.extract.reader_spec import LeadingText, ReaderSpec

MAGIC = b"DUMMY-TABLE\n"


def read_dummy(path: str) -> RawDocument:
    """Return the one grid of the ``.dummy`` file at ``path``, after its title line."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()[1:]
    rows = [line.split("|") for line in lines[1:]]
    cells = tuple(Cell(r, c, text) for r, row in enumerate(rows) for c, text in enumerate(row))
    grid = Grid(len(rows), max(map(len, rows)), cells, extractor="dummy", page=1)
    return RawDocument(path, "dummy", None, iter([TextLine(lines[0], page=1), grid]),
                       FLOWING_TABLES)


SPEC = ReaderSpec(name="dummy", title="a dummy table", suffixes=(".dummy",),
                  sniff=LeadingText(re.compile(re.escape(MAGIC))), preflight=lambda _: None,
                  entry="tests.dummy_format:read_dummy", capabilities=FLOWING_TABLES)
