"""Text-PDF path per page: selfeval (read, normalise, score) vs pdfplumber's
``extract_tables()`` alone vs camelot lattice alone, on the same pages; and memory on a
long PDF (peak Python allocation while reading 50 and 500 pages)."""

from __future__ import annotations

import statistics
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdf
from selfeval.corpus.pipeline import process_file
from selfeval.extract.pdf_reader import read_pdf

from tests.data_paths import DOCS

#: Timed runs of the fast paths (the median is reported); camelot runs once.
REPEATS = 5


def text_pdfs() -> list[Path]:
    return sorted(p for p in DOCS.glob("*.pdf") if "scanned" not in p.name)


def _pages(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def _selfeval(path: Path) -> None:
    process_file(path)


def _pdfplumber(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.close()


def _camelot(path: Path) -> None:
    import camelot

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        camelot.read_pdf(str(path), pages="all", flavor="lattice")


def seconds_per_page(
    runs: list[Callable[[Path], None]], docs: list[Path], repeats: int
) -> list[float]:
    """Median seconds per page of each run; the runs take turns, so that load from
    other processes falls on all of them alike."""
    pages = sum(_pages(d) for d in docs)
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeats):
        for i, run in enumerate(runs):
            start = time.perf_counter()
            for doc in docs:
                run(doc)
            times[i].append(time.perf_counter() - start)
    return [statistics.median(t) / pages for t in times]


def long_pdf(source: Path, copies: int, dest: Path) -> int:
    """Write ``copies`` copies of ``source``'s pages one after another, sharing its fonts
    (pypdf clones each object once), as a long published PDF does; return the page count.
    """
    reader = pypdf.PdfReader(str(source))
    writer = pypdf.PdfWriter()
    for _ in range(copies):
        for page in reader.pages:
            writer.add_page(page)
    writer.write(str(dest))
    return len(writer.pages)


def peak_mb_reading(path: Path) -> float:
    tracemalloc.start()
    for _ in read_pdf(str(path)).items:
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    docs = text_pdfs()
    pages = sum(_pages(d) for d in docs)
    ours, plumber = seconds_per_page([_selfeval, _pdfplumber], docs, REPEATS)
    [cam] = seconds_per_page([_camelot], docs, 1)
    print(f"text PDFs: {len(docs)} files, {pages} pages")
    print(f"  selfeval read+normalise+score  {ours * 1000:8.1f} ms/page")
    print(f"  pdfplumber extract_tables()    {plumber * 1000:8.1f} ms/page"
          f"   selfeval/pdfplumber = {ours / plumber:.2f} (target <= 1)")
    print(f"  camelot lattice                {cam * 1000:8.1f} ms/page"
          f"   camelot/selfeval = {cam / ours:.1f}x (target >= 5x)")
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        source = DOCS / "001_longgang_docx-pdf.pdf"
        short, long = Path(tmp) / "short.pdf", Path(tmp) / "long.pdf"
        n_short = long_pdf(source, 10, short)
        n_long = long_pdf(source, 100, long)
        print(f"  peak memory reading {n_short} pages: {peak_mb_reading(short):6.1f} MB; "
              f"{n_long} pages: {peak_mb_reading(long):6.1f} MB")
