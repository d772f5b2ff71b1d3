"""What a reader is: one frozen spec per format, read by the registry.

A spec says how the format is recognised from a file's first bytes (:class:`Head`),
which file names carry it, what to check cheaply before reading (the preflight), which
function reads it, and what its documents can tell (:class:`Capabilities`). Sniffing,
the messages naming the formats read, the corpus's suffix list and the preflight are
all derived from the specs in :mod:`selfeval.extract.registry`.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from selfeval.extract.grid import Capabilities, RawDocument

#: The size of an OLE2 directory entry; every entry, and so every stream name, starts
#: at a multiple of it from the start of the file (sectors are 512 or 4,096 bytes).
OLE_ENTRY_BYTES = 128


@dataclass(frozen=True)
class Head:
    """What sniffing looks at: the first bytes, a ZIP's member names, an OLE2 directory."""

    #: The first bytes of the file (a UTF-8 byte-order mark removed).
    first: bytes
    #: The member names, when the file is a ZIP archive.
    zip_names: frozenset[str] = frozenset()
    #: The leading bytes holding the directory, when the file is an OLE2 compound file.
    ole_directory: bytes = b""

    def has_ole_stream(self, name: str) -> bool:
        """True if the OLE2 directory names a stream ``name`` (at an entry's start)."""
        wanted = name.encode("utf-16-le") + b"\x00\x00"
        at = self.ole_directory.find(wanted)
        while at != -1:
            if at % OLE_ENTRY_BYTES == 0:
                return True
            at = self.ole_directory.find(wanted, at + 1)
        return False


@dataclass(frozen=True)
class ZipPart:
    """A ZIP package holding ``member`` (an Office Open XML main part)."""

    member: str

    def __call__(self, head: Head) -> bool:
        return self.member in head.zip_names

    @property
    def folder(self) -> str:
        """The package's folder (``word/``): present without the member, the file is damaged."""
        return self.member.split("/", 1)[0] + "/"


@dataclass(frozen=True)
class OleStream:
    """An OLE2 compound file with one of these streams (a legacy Office file)."""

    names: tuple[str, ...]

    def __call__(self, head: Head) -> bool:
        return any(head.has_ole_stream(n) for n in self.names)


@dataclass(frozen=True)
class LeadingText:
    """A text file whose first bytes match ``pattern`` (an HTML page, a MIME message)."""

    pattern: re.Pattern[bytes]

    def __call__(self, head: Head) -> bool:
        return bool(self.pattern.match(head.first))


@dataclass(frozen=True)
class Contains:
    """A file whose first bytes hold ``marker`` (a PDF header may follow some junk)."""

    marker: bytes

    def __call__(self, head: Head) -> bool:
        return self.marker in head.first


#: The start of an HTML page: markup before any text, after an XML declaration (XHTML),
#: comments and whitespace.
HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]{0,200}>\s*)?(<!--.*?-->\s*)*"
    rb"<(!doctype\s+html|html|head|body|meta|title|table|div|p)\b",
    re.IGNORECASE | re.DOTALL)

#: The start of a web archive: mail-style header lines, one of them declaring the
#: ``multipart/related`` body (``From: <Saved by Blink>``, ``MIME-Version: 1.0``, …).
MHT_START = re.compile(
    rb"^(?:[!-9;-~]+:[^\n]*\n(?:[ \t][^\n]*\n)*)*?content-type:\s*multipart/related",
    re.IGNORECASE)

Sniff = ZipPart | OleStream | LeadingText | Contains


@dataclass(frozen=True)
class ReaderSpec:
    """One format selfeval reads."""

    #: The format's name (``documents.format``, ``source.format``).
    name: str
    #: What messages call it (``a PDF``, ``an XLSX workbook``), with its article.
    title: str
    #: File name endings it is published under (lower case); ``corpus build`` lists these.
    suffixes: tuple[str, ...]
    #: Whether a file's first bytes are this format.
    sniff: Sniff
    #: Cheap checks before reading (size of the unpacked parts, encryption, damage):
    #: raises a :class:`selfeval.extract.errors.SelfevalError` to refuse the file.
    preflight: Callable[[str], object]
    #: ``module:function`` reading a path into a :class:`RawDocument` (imported on use).
    entry: str
    capabilities: Capabilities

    @property
    def module(self) -> str:
        return self.entry.partition(":")[0]

    def read(self, path: str) -> RawDocument:
        """Read the file at ``path`` with this format's reader."""
        module, _, function = self.entry.partition(":")
        reader: Callable[[str], RawDocument] = getattr(importlib.import_module(module), function)
        return reader(path)
