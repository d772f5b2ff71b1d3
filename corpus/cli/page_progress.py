"""Per-page progress of one long document on a terminal: ``selfeval: FILE: page 3 of 12``
rewritten in place on stderr, shown only once the document has taken a second (a
DOCX or a short text PDF never shows it) and cleared when the document is done."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TextIO

from selfeval.corpus.names import shown_name

#: Seconds a document runs before its progress is shown.
SHOW_AFTER_S = 1.0


@dataclass
class PageProgress:
    """Called with each page as it is read; writes the line to ``stream``."""

    path: str
    stream: TextIO
    clock: Callable[[], float] = time.monotonic
    started: float = field(default=0.0)
    shown: bool = False

    def __post_init__(self) -> None:
        self.started = self.clock()

    def __call__(self, page: int, pages: int | None) -> None:
        if self.clock() - self.started < SHOW_AFTER_S:
            return
        total = f" of {pages}" if pages else ""
        self.stream.write(f"\r\x1b[Kselfeval: {shown_name(self.path)}: page {page}{total}")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        """Clear the line, if one was shown."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


@contextmanager
def pages_shown(path: str) -> Iterator[PageProgress | None]:
    """A progress line for ``path`` on stderr while the block runs, when stderr is a
    terminal (else None); cleared at the end."""
    progress = PageProgress(path, sys.stderr) if sys.stderr.isatty() else None
    try:
        yield progress
    finally:
        if progress is not None:
            progress.done()
