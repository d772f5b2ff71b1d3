"""Turn a file into raw grids (cells, spans, page, box). Knows nothing of forms."""

from selfeval.extract.errors import SelfevalError
from selfeval.extract.grid import Cell, Grid, RawDocument, TextLine
from selfeval.extract.reading import read_document
from selfeval.extract.registry import READERS

__all__ = ["READERS", "Cell", "Grid", "RawDocument", "SelfevalError", "TextLine", "read_document"]
