"""One document through the whole chain: extract → normalize → scoring."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from selfeval.corpus.read_stage import PageListener, watched
from selfeval.extract import RawDocument, read_document
from selfeval.normalize import normalize_document
from selfeval.normalize.records import Document
from selfeval.scoring import Profile, score_document


def process_file(path: str | Path, profile: Profile | None = None,
                 on_page: PageListener | None = None) -> Document:
    """Read, normalise and score the file at ``path`` (against ``profile``, the national
    rules by default; a form's own printed rules override either). ``on_page`` is told
    each page as the reader reaches it (a long scan takes seconds a page).

    Raises :class:`selfeval.extract.errors.SelfevalError` (with the file and the reason) for
    input that cannot be processed.
    """
    raw = read_document(path)
    if on_page is not None:
        raw = replace(raw, items=watched(raw.items, raw.pages, on_page))
    return finish_document(raw, profile)


def finish_document(raw: RawDocument, profile: Profile | None = None) -> Document:
    """Normalise and score a document already read."""
    return score_document(normalize_document(raw), profile)
