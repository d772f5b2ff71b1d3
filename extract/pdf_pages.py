"""A PDF's pages in order, each with its real number, and no reference loop that hangs.

pdfminer walks the page tree and silently leaves out a page whose object cannot be
parsed, so every later page is numbered one too low and nothing says so. Here the tree
is walked by hand: every leaf of the tree is a numbered :class:`PageSlot`, holding the
page or why it cannot be read; the count is cross-checked with pdfium's
(:func:`pdfium_page_count`), and pages the tree walk cannot find are named too.

Two objects that refer to each other (``3 0 obj 4 0 R``, ``4 0 obj 3 0 R``) make
pdfminer's ``resolve1`` loop forever, wherever they are used: in the page tree, a
page's MediaBox, the trailer's /Info (read while the document is being opened, so no
wrapper of one document can come in time). :func:`guard_references` therefore makes
pdfminer's object lookup itself, for every document, follow such a chain to its end
and raise :class:`ReferenceLoop`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFObjRef
from pdfminer.psparser import LIT
from selfeval.extract.errors import with_detail

#: Longest chain of objects that are nothing but a reference to the next one. Real
#: files have none; a longer chain is a loop or a crafted file.
MAX_REFERENCE_CHAIN = 32

_PAGES, _PAGE = LIT("Pages"), LIT("Page")


class ReferenceLoop(Exception):
    """Objects of the PDF refer to each other in a loop (the message says which)."""


@dataclass(frozen=True)
class PageSlot:
    """One page of the file by its real 1-based number: the page, or why not."""

    number: int
    page: PDFPage | None
    error: str | None = None


_GETOBJ = PDFDocument.getobj


def _getobj_to_chain_end(self: PDFDocument, objid: int) -> object:
    """pdfminer's ``getobj``, following an object that is a bare reference to the end."""
    chain = [objid]
    obj = _GETOBJ(self, objid)
    while isinstance(obj, PDFObjRef):
        if obj.objid in chain or len(chain) >= MAX_REFERENCE_CHAIN:
            shown = " → ".join(str(n) for n in [*chain, obj.objid])
            raise ReferenceLoop(f"its objects refer to each other in a loop: {shown}")
        chain.append(obj.objid)
        obj = _GETOBJ(self, obj.objid)
    return obj


def guard_references() -> None:
    """Make pdfminer's object lookup raise :class:`ReferenceLoop` on a chain of bare
    references that loops (or runs past :data:`MAX_REFERENCE_CHAIN`), where
    ``resolve1`` would spin forever. Idempotent; call it before opening a PDF."""
    PDFDocument.getobj = _getobj_to_chain_end  # type: ignore[method-assign]


def _resolve(obj: Any) -> Any:
    return obj.resolve() if isinstance(obj, PDFObjRef) else obj


def _kind(node: Any) -> Any:
    return node.get("Type", node.get("type")) if isinstance(node, dict) else None


def page_slots(document: PDFDocument) -> Iterator[PageSlot]:
    """Yield every leaf of the page tree in order as a numbered :class:`PageSlot`.

    A node visited twice (a tree that loops) is skipped, as pdfminer does; a kid that is
    neither a page nor a page-tree node (an object that cannot be parsed) is a page that
    cannot be read, keeping the numbers of the pages after it.
    """
    root = document.catalog.get("Pages")
    visited: set[int] = set()
    stack: list[tuple[Any, dict[str, Any]]] = [(root, dict(document.catalog))]
    number = 0
    while stack:
        ref, inherited = stack.pop()
        objid = ref.objid if isinstance(ref, PDFObjRef) else None
        if objid is not None and objid in visited:
            continue
        if objid is not None:
            visited.add(objid)
        try:
            node = _resolve(ref)
        except ReferenceLoop:
            raise
        except Exception:  # noqa: BLE001 - an object pdfminer cannot parse: a lost page
            node = None
        kind = _kind(node)
        if kind is _PAGES or (isinstance(node, dict) and "Kids" in node and kind is not _PAGE):
            attrs = {**inherited, **{k: v for k, v in node.items()
                                     if k in PDFPage.INHERITABLE_ATTRS}}
            kids = _resolve(node.get("Kids"))
            stack.extend((kid, attrs) for kid in reversed(kids if isinstance(kids, list) else []))
            continue
        number += 1
        yield _slot(document, number, objid, node, inherited)


def _slot(document: PDFDocument, number: int, objid: int | None, node: Any,
          inherited: dict[str, Any]) -> PageSlot:
    if _kind(node) is not _PAGE:
        return PageSlot(number, None, f"page {number} cannot be read (its page object is damaged)")
    attrs = {**{k: v for k, v in inherited.items() if k in PDFPage.INHERITABLE_ATTRS}, **node}
    try:
        return PageSlot(number, PDFPage(document, objid, attrs, None))
    except ReferenceLoop:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types on junk
        return PageSlot(number, None, with_detail(f"page {number} cannot be read", exc))


def pdfium_page_count(path: str) -> int | None:
    """Return the page count pdfium reads from the file, or None if pdfium cannot open it."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
    except Exception:  # noqa: BLE001 - pdfium refuses some files pdfminer recovers
        return None
    try:
        return len(pdf)
    finally:
        pdf.close()


def missing_pages_error(found: int, counted: int) -> str | None:
    """Return the error saying how many of the ``counted`` pages (pdfium's count) the
    page-tree walk did not find (it gave ``found``), or None when none are missing."""
    if counted <= found:
        return None
    return (f"{counted - found} of the {counted} pages cannot be read (not found in the "
            "file's page tree)")
