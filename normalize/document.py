"""From a raw document to a :class:`~normalize.records.Document` (work in progress)."""

from __future__ import annotations

from extract.grid import RawDocument
from normalize.records import Document


def normalize_document(raw: RawDocument) -> Document:
    """Return the canonical document for ``raw``."""
    raise NotImplementedError
