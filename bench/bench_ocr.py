"""Seconds per scanned page: the grid OCR reader against the engine's own whole-page OCR.

Both read the same rendered images of the scanned fixtures with the same engine
(rapidocr, its shipped PP-OCR models). The grid reader finds the ruled cells and runs
only the recognition model on each line of each cell; the baseline is the engine's
default pipeline (text detection + direction classification + recognition) on the
whole page. Rendering is left out of both (the PDF reader does it either way).
Each page is read once untimed first (model load), then ``ROUNDS`` times per side,
alternating, and the median is kept, so a busy machine skews both sides alike.

``python -m bench.bench_ocr --engines`` also compares line recognisers inside the
grid reader (accuracy and s/page): rapidocr (the dependency), and where installed,
tesseract ``chi_sim`` and rapidocr-onnxruntime 1.4.4 (PP-OCRv4). docs/ocr.md has
the numbers.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
from PIL import Image
from selfeval.extract.ocr import OCR_RENDER_DPI, ocr_page
from selfeval.extract.ocr.page import Recogniser
from selfeval.extract.ocr.recognizer import read_whole_page, recognise_lines

from bench.ocr_agreement import DOCS, SCANS, agreement, read_scans

ROUNDS = 3


def _pages() -> list[tuple[str, int, Image.Image]]:
    pages = []
    for name in SCANS:
        pdf = pdfium.PdfDocument(DOCS / name)
        for index in range(len(pdf)):
            image = pdf[index].render(scale=OCR_RENDER_DPI / 72).to_pil()
            pages.append((name, index + 1, image))
        pdf.close()
    return pages


def _timed(call: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall, time.process_time() - cpu


def speed() -> None:
    """Print s/page (wall and CPU) of the grid reader and of the whole-page baseline."""
    pages = _pages()
    ppp = 72 / OCR_RENDER_DPI
    ocr_page(pages[0][2], 1, ppp)
    read_whole_page(np.asarray(pages[0][2].convert("RGB")))
    print(f"{'page':<32} {'grid s':>8} {'grid cpu':>9} {'whole s':>8} {'whole cpu':>10}")
    columns: list[list[float]] = [[], [], [], []]
    for name, number, image in pages:
        rgb = np.asarray(image.convert("RGB"))
        grid_runs, whole_runs = [], []
        for _ in range(ROUNDS):
            grid_runs.append(_timed(lambda: ocr_page(image, number, ppp)))  # noqa: B023
            whole_runs.append(_timed(lambda: read_whole_page(rgb)))  # noqa: B023
        row = [
            statistics.median(r[0] for r in grid_runs),
            statistics.median(r[1] for r in grid_runs),
            statistics.median(r[0] for r in whole_runs),
            statistics.median(r[1] for r in whole_runs),
        ]
        for column, value in zip(columns, row, strict=True):
            column.append(value)
        label = f"{name} p{number}"
        print(f"{label:<32} {row[0]:>8.2f} {row[1]:>9.2f} {row[2]:>8.2f} {row[3]:>10.2f}")
    mean = [statistics.mean(c) for c in columns]
    print(f"{'mean s/page':<32} {mean[0]:>8.2f} {mean[1]:>9.2f} {mean[2]:>8.2f} {mean[3]:>10.2f}")
    print(f"grid reader: {mean[2] / mean[0]:.1f}x the speed of the engine's whole-page "
          f"pipeline (target <= 1.5 s/page)")


def _tesseract(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """Recognise each crop with the tesseract CLI (chi_sim, one line per crop)."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for index, crop in enumerate(crops):
            path = Path(tmp) / f"{index}.png"
            cv2.imwrite(str(path), crop)
            tsv = subprocess.run(
                ["tesseract", str(path), "stdout", "-l", "chi_sim", "--psm", "7", "tsv"],
                capture_output=True, text=True, check=True,
            ).stdout.splitlines()[1:]
            words = [row.split("\t") for row in tsv if row.count("\t") >= 11]
            words = [w for w in words if w[11].strip() and float(w[10]) >= 0]
            text = "".join(w[11] for w in words)
            confidence = min((float(w[10]) / 100 for w in words), default=0.0)
            out.append((text, confidence))
    return out


def _rapidocr_v4() -> Recogniser:
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR()

    def recognise(crops: list[np.ndarray]) -> list[tuple[str, float]]:
        if not crops:
            return []
        result, _ = engine.text_rec(crops)
        return [(str(text), float(score)) for text, score in result]

    return recognise


def engines() -> None:
    """Print accuracy and s/page of each available line recogniser inside the grid reader."""
    candidates: list[tuple[str, Callable[[], Recogniser]]] = [
        ("rapidocr 3.x PP-OCRv6 rec (used)", lambda: recognise_lines)
    ]
    if shutil.which("tesseract"):
        candidates.append(("tesseract chi_sim --psm 7", lambda: _tesseract))
    try:
        import rapidocr_onnxruntime  # noqa: F401

        candidates.append(("rapidocr-onnxruntime PP-OCRv4 rec", _rapidocr_v4))
    except ImportError:
        pass
    print(f"{'engine':<36} {'cells':>7} {'numeric':>8} {'s/page':>7}")
    for label, make in candidates:
        pages = read_scans(make())
        result = agreement(pages)
        seconds = statistics.mean(page.seconds for page in pages)
        print(f"{label:<36} {result.cell_share:>7.2%} {result.numeric_share:>8.2%} "
              f"{seconds:>7.2f}")


def main() -> None:
    speed()
    if "--engines" in sys.argv[1:]:
        engines()


if __name__ == "__main__":
    main()
