"""Turn raw grids into canonical records (SCHEMA.md)."""

from normalize.document import normalize_document

__all__ = ["normalize_document"]
