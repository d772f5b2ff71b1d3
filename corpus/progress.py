"""Progress of a corpus build on the terminal: documents done, rate, ETA, failures.

On a terminal one line is rewritten in place (``\\r``); into a file or a pipe a plain
line is printed every :data:`PLAIN_INTERVAL_S` seconds, so logs stay readable.
"""

from __future__ import annotations

import time
from typing import TextIO

#: Seconds between progress lines when the output is not a terminal (a nightly log
#: gets ~1 line per 10 s: a 3-hour run stays around a thousand lines).
PLAIN_INTERVAL_S = 10.0

#: Seconds between rewrites of the terminal line (fast enough to look live).
TTY_INTERVAL_S = 0.2


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """Counts finished documents and prints the progress line now and then."""

    def __init__(self, total: int, stream: TextIO | None) -> None:
        self.total = total
        self.done = 0
        self.failed = 0
        self.stream = stream
        self._tty = bool(stream is not None and stream.isatty())
        self._started = time.monotonic()
        self._last_print = float("-inf")

    def line(self) -> str:
        """Return the current progress line."""
        elapsed = time.monotonic() - self._started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = self.total - self.done
        eta = _clock(left / rate) if rate > 0 else "?"
        return (
            f"{self.done}/{self.total} documents, {rate:.1f}/s, ETA {eta}, "
            f"{self.failed} failed"
        )

    def advance(self, failed: bool) -> None:
        """Count one finished document and print if it is time to."""
        self.done += 1
        self.failed += int(failed)
        self._maybe_print(final=self.done == self.total)

    def close(self) -> None:
        """End the progress output (a newline after the in-place terminal line)."""
        if self.stream is not None and self._tty and self.total:
            self.stream.write("\n")
            self.stream.flush()

    def _maybe_print(self, final: bool) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        interval = TTY_INTERVAL_S if self._tty else PLAIN_INTERVAL_S
        if not final and now - self._last_print < interval:
            return
        self._last_print = now
        if self._tty:
            self.stream.write("\r\033[K" + self.line())
        else:
            self.stream.write(self.line() + "\n")
        self.stream.flush()
