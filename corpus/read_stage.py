"""``selfeval extract``'s first stage: the file read into its raw document, in a guarded
child that imports only the readers (:mod:`selfeval.corpus.warm_child`), while the parent
imports the normaliser and the scorer for the second stage."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from selfeval.corpus import warm_child
from selfeval.corpus.logs import route_logs
from selfeval.corpus.page_progress import pages_shown
from selfeval.extract import read_document
from selfeval.extract.grid import Item

#: Told each page as its first item is read: ``(page, pages in the document or None)``.
PageListener = Callable[[int, int | None], None]

#: What the reading child imports before its document comes: the text-PDF reader
#: (pdfminer, pdfium), the format ``selfeval extract`` reads most. Another format's
#: reader is imported when its file comes, as it was before.
READ_MODULES = ("selfeval.extract.pdf_reader",)

#: Standard modules that both the reading child (pdfminer, pdfium) and this process
#: (click) import: imported once, before the fork, instead of once in each (~12 ms).
SHARED_MODULES = ("logging", "gettext", "uuid", "datetime")

_early: warm_child.WarmChild | None = None


def watched(items: Iterator[Item], pages: int | None, on_page: PageListener) -> Iterator[Item]:
    """Pass ``items`` through, telling ``on_page`` each page as its first item comes."""
    last = None
    for item in items:
        if item.page is not None and item.page != last:
            last = item.page
            on_page(item.page, pages)
        yield item


def read_raw(path: str) -> dict[str, Any]:
    """Return ``{"raw": the raw document}`` with every item read (a child sends it whole),
    showing the pages on a terminal as they are read."""
    with pages_shown(path) as progress:
        raw = read_document(path)
        items = raw.items if progress is None else watched(raw.items, raw.pages, progress)
        return {"raw": replace(raw, items=iter(list(items)))}


def start_early() -> None:
    """Fork the reading child now, before the command line is parsed (the entry point
    does, when it may be ``extract``), its log records routed as the command's are."""
    global _early
    for name in SHARED_MODULES:
        importlib.import_module(name)
    route_logs()
    _early = warm_child.start(READ_MODULES)


def reading_child() -> warm_child.WarmChild:
    """The child started early if there is one (each is used once), else a new one."""
    global _early
    child, _early = _early, None
    return child or warm_child.start()
