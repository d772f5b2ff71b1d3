"""One document through the whole chain: extract → normalize → scoring."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from selfeval.extract import read_document
from selfeval.extract.grid import Item
from selfeval.normalize import normalize_document
from selfeval.normalize.records import Document
from selfeval.scoring import Profile, score_document

#: Told each page as its first item is read: ``(page, pages in the document or None)``.
PageListener = Callable[[int, int | None], None]


def _watched(items: Iterator[Item], pages: int | None, on_page: PageListener) -> Iterator[Item]:
    last = None
    for item in items:
        if item.page is not None and item.page != last:
            last = item.page
            on_page(item.page, pages)
        yield item


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
        raw = replace(raw, items=_watched(raw.items, raw.pages, on_page))
    return score_document(normalize_document(raw), profile)
