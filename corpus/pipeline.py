"""One document through the whole chain: extract → normalize → scoring."""

from __future__ import annotations

from pathlib import Path

from selfeval.extract import read_document
from selfeval.normalize import normalize_document
from selfeval.normalize.records import Document
from selfeval.scoring import Profile, score_document


def process_file(path: str | Path, profile: Profile | None = None) -> Document:
    """Read, normalise and score the file at ``path`` (against ``profile``, the national
    rules by default; a form's own printed rules override either).

    Raises :class:`selfeval.extract.errors.SelfevalError` (with the file and the reason) for
    input that cannot be processed.
    """
    raw = read_document(path)
    return score_document(normalize_document(raw), profile)
