"""Text-line recognition with the PP-OCR models that ship inside the ``rapidocr`` wheel.

Only the recognition model runs here: the grid tells where the text is, so the
detection model (most of a whole-page OCR's time) is skipped. The engine is built
once per process, on first use; it reads its models from the installed package and
never downloads anything.

Crops are batched here rather than by rapidocr's recogniser, which pads every crop
to at least 320 px wide: most cells of a form hold a short number. On 000-r3 page 1
that padding fed the model 59.6k columns for 31.5k columns of text; batched here, 38k.
"""

from __future__ import annotations

import functools
import math
import threading
from typing import Any

import cv2
import numpy as np
from selfeval.extract.ocr import remote
from selfeval.extract.ocr.engine_threads import engine_threads

#: Height the rec model reads a line at (its training height).
REC_HEIGHT = 48
#: Crops per model call, taken in order of width so a batch pads little. CPU seconds
#: for the 161 line crops of 000-r3 page 1 (two runs, busy machine): batch 4 7.8/8.7,
#: 8 8.4/7.8, 16 9.9/9.1 (a wider batch pads more: 38k vs 43k model columns).
REC_BATCH = 8
#: A batch is at least this many line heights wide. With no room around it a lone
#: "-" read as "一" and ":" as "•" on the fixtures; at 2 heights "-" reads as printed,
#: for a third of rapidocr's 320 px minimum (6.7 heights).
MIN_WIDTH_RATIO = 2.0
#: Batch widths are rounded up to a multiple of this (the model downsamples by 8
#: along the width).
WIDTH_STEP = 8


#: The OCR service answers its lanes in threads, and ``functools.cache`` is no lock: two
#: first requests at once would each build a model (seen as a second engine in a run).
_ENGINE_LOCK = threading.Lock()


def _shared_engine() -> Any:
    """This process's engine, built once however many threads ask for it first."""
    with _ENGINE_LOCK:
        return _engine()


@functools.cache
def _engine() -> Any:
    # Imported here: loading onnxruntime costs ~0.5 s, and text PDFs never need it.
    from rapidocr import RapidOCR

    return RapidOCR(
        params={
            "Global.log_level": "error",
            # rapidocr turns onnxruntime's memory arena off; every batch has a new
            # width, and reusing memory measured 5.3-6.6 vs 6.7-7.0 CPU s on the 161
            # crops of 000-r3 page 1 (3 runs each, busy machine).
            "EngineConfig.onnxruntime.enable_cpu_mem_arena": True,
            "EngineConfig.onnxruntime.intra_op_num_threads": engine_threads(),
        }
    )


def _normalised(crop: np.ndarray, width: int) -> np.ndarray:
    """Return ``crop`` resized to REC_HEIGHT, scaled to -1..1, CHW, zero-padded to ``width``."""
    height, crop_width = crop.shape[:2]
    resized_width = min(width, max(1, math.ceil(REC_HEIGHT * crop_width / height)))
    resized = cv2.resize(crop, (resized_width, REC_HEIGHT)).astype(np.float32)
    out = np.zeros((3, REC_HEIGHT, width), dtype=np.float32)
    out[:, :, :resized_width] = resized.transpose(2, 0, 1) / 127.5 - 1.0
    return out


def recognise_lines(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """Given 3-channel crops of single text lines, return ``(text, confidence 0..1)`` each:
    read by the run's OCR service where this process was given one (:mod:`.remote`),
    else by this process's own engine."""
    if not crops:
        return []
    lines = remote.recognise(crops)
    return lines if lines is not None else recognise_here(crops)


def recognise_here(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """Read ``crops`` with this process's own engine (built on first use)."""
    if not crops:
        return []
    # rapidocr's public call takes one image at a time; its recogniser holds the
    # session and the CTC decoder (with the model's own character list) we batch with.
    recogniser = _shared_engine()._load_rec_model()
    ratios = [crop.shape[1] / crop.shape[0] for crop in crops]
    order = np.argsort(ratios)
    results: list[tuple[str, float]] = [("", 0.0)] * len(crops)
    for start in range(0, len(crops), REC_BATCH):
        indices = order[start:start + REC_BATCH]
        max_ratio = max(MIN_WIDTH_RATIO, *(ratios[i] for i in indices))
        width = math.ceil(REC_HEIGHT * max_ratio / WIDTH_STEP) * WIDTH_STEP
        batch = np.stack([_normalised(crops[i], width) for i in indices])
        preds = recogniser.session(batch)
        lines, _ = recogniser.postprocess_op(
            preds,
            False,
            wh_ratio_list=[ratios[i] for i in indices],
            max_wh_ratio=width / REC_HEIGHT,
        )
        for i, (text, score) in zip(indices, lines, strict=True):
            results[i] = (str(text), float(score))
    return results


def read_whole_page(rgb: np.ndarray) -> list[tuple[str, float]]:
    """Run the engine's own detection + classification + recognition on a whole page.

    The baseline that the grid pipeline is measured against (bench/bench_ocr.py).
    """
    output = _shared_engine()(np.ascontiguousarray(rgb[:, :, ::-1]))
    if output.txts is None:
        return []
    return [(str(t), float(s)) for t, s in zip(output.txts, output.scores, strict=True)]
