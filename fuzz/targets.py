"""Fuzz targets: plain functions from bytes to nothing that raise only on a real bug.

Each target turns the fuzzer's bytes into an input, runs selfeval code on it and
lets through only the outcomes that code promises: a value, or an
:class:`selfeval.extract.errors.SelfevalError` for a document it refuses. Any other exception
is a finding. The targets import no fuzzer, so the regression test
(tests/test_hostile_fuzz.py) replays saved findings and seeds without atheris;
fuzz/run.py drives them under atheris for ``make fuzz``.
"""

from __future__ import annotations

import importlib
import inspect
import io
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from selfeval.extract.errors import SelfevalError
from selfeval.extract.grid import FLOWING_TABLES, Cell, Grid, RawDocument

#: Modules whose one-string functions (text cleaning, number, rate, year and date
#: repair, label keys) are fuzzed. Found by import, so new repair functions join in.
TEXT_MODULES = tuple(f"selfeval.normalize.{name}" for name in (
    "text", "numbers", "labels", "headers", "fields", "titles", "blocks"))

#: Grid text format of the ``sheet`` target: rows split on newlines, cells on ``|``.
ROW_SEP, CELL_SEP = "\n", "|"
#: Bounds on a fuzzed grid, so one input stays fast (a real form is ~30 x 10).
MAX_ROWS, MAX_COLS = 60, 16

_TEXT_TYPES = ("str", "str | None", "Optional[str]")


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


@cache
def text_functions() -> list[Callable[[str], Any]]:
    """Return every public function of :data:`TEXT_MODULES` that takes one text and
    nothing else required."""
    found = []
    for name in TEXT_MODULES:
        module = importlib.import_module(name)
        for attr, fn in vars(module).items():
            plain = inspect.unwrap(fn) if callable(fn) else fn  # through lru_cache
            if attr.startswith("_") or not inspect.isfunction(plain) or plain.__module__ != name:
                continue
            params = list(inspect.signature(plain).parameters.values())
            if not params or str(params[0].annotation) not in _TEXT_TYPES:
                continue
            if all(p.default is not inspect.Parameter.empty for p in params[1:]):
                found.append(fn)
    return found


@cache
def header_tables() -> list[dict[str, tuple[str, ...]]]:
    """Return the label model's tables (field -> label variants)."""
    from selfeval.normalize.labels import labels

    model = labels()
    return [model.indicator_columns, model.funds_columns, model.header_fields,
            model.row_labels]


def fuzz_text(data: bytes) -> None:
    """Every text-repair and header-matching function on arbitrary text."""
    from selfeval.normalize.headers import match_label, matches_any

    text = _decode(data)
    for fn in text_functions():
        fn(text)
    for table in header_tables():
        match_label(text, table)
    # One label set per input (chosen by its first byte) keeps the target fast.
    label_sets = [labels for table in header_tables() for labels in table.values()]
    matches_any(text, label_sets[data[0] % len(label_sets) if data else 0])


def grid_from_text(text: str) -> Grid:
    """Return a grid whose rows are ``text``'s lines and cells its ``|``-separated parts."""
    rows = [line.split(CELL_SEP)[:MAX_COLS] for line in text.split(ROW_SEP)[:MAX_ROWS]]
    n_cols = max(len(r) for r in rows)
    cells = tuple(Cell(row=r, col=c, text=t) for r, row in enumerate(rows)
                  for c, t in enumerate(row))
    return Grid(n_rows=len(rows), n_cols=n_cols, cells=cells, extractor="docx")


def grid_to_text(grid: Grid) -> str:
    """Return ``grid`` in the ``sheet`` target's text format (for seeds)."""
    return ROW_SEP.join(
        CELL_SEP.join((t or "").replace(CELL_SEP, " ").replace(ROW_SEP, " ") for t in row)
        for row in grid.rows()
    )


def fuzz_sheet(data: bytes) -> None:
    """The normaliser and scorer on a fuzzed grid: a document, or NoForm."""
    from selfeval.normalize import normalize_document
    from selfeval.normalize.records import document_to_dict
    from selfeval.scoring import score_document

    raw = RawDocument(path="fuzz.docx", format="docx", pages=None,
                      items=iter([grid_from_text(_decode(data))]), capabilities=FLOWING_TABLES)
    try:
        doc = score_document(normalize_document(raw))
    except SelfevalError:
        return
    document_to_dict(doc)


def docx_with(document_xml: bytes) -> bytes:
    """Return a DOCX package whose main part is ``document_xml``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("word/document.xml", document_xml)
    return buf.getvalue()


def _scratch_file() -> Path:
    fd, name = tempfile.mkstemp(prefix="selfeval-fuzz-", suffix=".docx")
    os.close(fd)
    return Path(name)


_SCRATCH: list[Path] = []


def _read_all(path: Path) -> None:
    from selfeval.extract.docx_reader import read_docx

    try:
        raw = read_docx(str(path))
        for _ in raw.items:
            pass
    except SelfevalError:
        return


def _write_scratch(data: bytes) -> Path:
    if not _SCRATCH:
        _SCRATCH.append(_scratch_file())
    _SCRATCH[0].write_bytes(data)
    return _SCRATCH[0]


def fuzz_docx_xml(data: bytes) -> None:
    """The DOCX reader on a package whose document.xml is the fuzzer's bytes."""
    _read_all(_write_scratch(docx_with(data)))


def fuzz_docx_file(data: bytes) -> None:
    """Sniffing, pre-flight and the DOCX reader on the fuzzer's bytes as a whole file."""
    from selfeval.extract.reading import preflight

    path = _write_scratch(data)
    try:
        if preflight(path) != "docx":
            return
    except SelfevalError:
        return
    _read_all(path)


def _reader_target(fmt: str) -> Callable[[bytes], None]:
    """A target running reader ``fmt`` (its preflight, then the read) on the bytes."""
    def target(data: bytes) -> None:
        from selfeval.extract.registry import READERS

        path = str(_write_scratch(data))
        try:
            READERS[fmt].preflight(path)
            for _ in READERS[fmt].read(path).items:
                pass
        except SelfevalError:
            return

    target.__doc__ = f"The {fmt} reader on the fuzzer's bytes as a whole file."
    return target


TARGETS: dict[str, Callable[[bytes], None]] = {
    "text": fuzz_text,
    "sheet": fuzz_sheet,
    "docx_xml": fuzz_docx_xml,
    "docx_file": fuzz_docx_file,
    "xlsx_file": _reader_target("xlsx"),
    "xls_file": _reader_target("xls"),
    "html_file": _reader_target("html"),
}


def seeds(target: str, docs: Path) -> Iterator[bytes]:
    """Yield starting inputs for ``target`` made from the good fixtures in ``docs``."""
    docx_files = sorted(docs.glob("*.docx"))
    if target in ("text", "sheet"):
        from selfeval.extract.docx_reader import read_docx

        for path in docx_files:
            grids = [i for i in read_docx(str(path)).items if isinstance(i, Grid)]
            if target == "sheet":
                yield from (grid_to_text(g).encode() for g in grids)
            else:
                yield from {(c.text or "").encode() for g in grids for c in g.cells}
    elif target == "docx_xml":
        for path in docx_files:
            with zipfile.ZipFile(path) as zf:
                yield zf.read("word/document.xml")
    elif target == "docx_file":
        yield from (path.read_bytes() for path in docx_files)
    else:  # a reader's target: the fixtures converted to its format
        suffix = {"xlsx_file": ".xlsx", "xls_file": ".xls", "html_file": ".html"}[target]
        sources = docs.parent / "sources"
        yield from (path.read_bytes() for path in sorted(sources.glob(f"*{suffix}")))
