"""Documented limits on what selfeval will read. Each is checked before the work it bounds.

A file over a limit is refused with :class:`extract.errors.LimitExceeded`, naming the
limit, rather than read until the machine runs out of time or memory.
"""

from __future__ import annotations

#: Largest file accepted, in bytes. The biggest published form PDFs seen are a few MB;
#: 200 MB leaves room for scans while keeping one document's read bounded.
MAX_FILE_BYTES = 200 * 1024 * 1024

#: Most pages read from one PDF.
MAX_PAGES = 2000

#: Largest total uncompressed size of a DOCX's parts (zip-bomb guard).
MAX_DOCX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
