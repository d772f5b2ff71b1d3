"""Read a web archive (``.mht``/``.mhtml``: a page saved with its images as one MIME
message): its first ``text/html`` part, decoded from its transfer encoding and charset,
read as an HTML page (:mod:`selfeval.extract.html_reader`)."""

from __future__ import annotations

import email
import email.policy
from email.message import Message
from pathlib import Path

from selfeval.extract.errors import DamagedFile, EmptyFile
from selfeval.extract.grid import RawDocument
from selfeval.extract.html_reader import html_document
from selfeval.extract.html_text import decode_page
from selfeval.extract.safety import check_html, check_html_tables


def read_mht(path: str) -> RawDocument:
    """Return the raw document of the page the web archive at ``path`` holds."""
    check_html(path)
    data = Path(path).read_bytes()
    if not data:
        raise EmptyFile(path, "the file is empty (0 bytes)")
    part = _html_part(email.message_from_bytes(data, policy=email.policy.compat32))
    if part is None:
        raise DamagedFile(path, "a web archive without an HTML page in it")
    page = part.get_payload(decode=True)
    if not isinstance(page, bytes):
        raise DamagedFile(path, "a web archive whose HTML page cannot be decoded")
    check_html_tables(path, page)
    charset = part.get_content_charset()
    if charset and b"charset" not in page[:8192].lower():
        page = f'<meta charset="{charset}">'.encode("ascii", "ignore") + page
    return html_document(path, decode_page(page), "mht")


def _html_part(message: Message) -> Message | None:
    return next((p for p in message.walk() if p.get_content_type() == "text/html"), None)
