"""Turn a file into raw grids (cells, spans, page, box). Knows nothing of forms."""

from extract.errors import SelfevalError
from extract.grid import Cell, Grid, RawDocument, TextLine
from extract.registry import READERS, read_document

__all__ = ["READERS", "Cell", "Grid", "RawDocument", "SelfevalError", "TextLine", "read_document"]
