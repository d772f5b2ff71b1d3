"""Turn raw grids into canonical records (docs/schema.md)."""

from selfeval.normalize.document import normalize_document

__all__ = ["normalize_document"]
