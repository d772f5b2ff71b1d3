"""Text-line recognition with the PP-OCR models that ship inside the ``rapidocr`` wheel.

Only the recognition model runs here: the grid tells where the text is, so the
detection model (most of a whole-page OCR's time) is skipped. The engine is built
once per process, on first use; it reads its models from the installed package and
never downloads anything.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

#: Crops recognised per model call. The rec model pads a batch to its widest crop;
#: crops are sorted by width first, so 16 kept padding low. Measured on the scanned
#: fixtures (2 cores): batch 6 (the engine's default) 1.21 s/page, 16 1.02, 32 1.05.
REC_BATCH = 16


@functools.cache
def _engine() -> Any:
    # Imported here: loading onnxruntime costs ~0.5 s, and text PDFs never need it.
    from rapidocr import RapidOCR

    return RapidOCR(params={"Global.log_level": "error", "Rec.rec_batch_num": REC_BATCH})


def recognise_lines(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """Given 3-channel crops of single text lines, return ``(text, confidence 0..1)`` each."""
    if not crops:
        return []
    from rapidocr.ch_ppocr_rec.typings import TextRecInput

    # rapidocr's public call takes one image at a time; its recogniser takes a batch.
    recogniser = _engine()._load_rec_model()
    result = recogniser(TextRecInput(img=crops))
    return [(str(t), float(s)) for t, s in zip(result.txts, result.scores, strict=True)]


def read_whole_page(rgb: np.ndarray) -> list[tuple[str, float]]:
    """Run the engine's own detection + classification + recognition on a whole page.

    The baseline that the grid pipeline is measured against (bench/bench_ocr.py).
    """
    output = _engine()(np.ascontiguousarray(rgb[:, :, ::-1]))
    if output.txts is None:
        return []
    return [(str(t), float(s)) for t, s in zip(output.txts, output.scores, strict=True)]
