"""The one setting the OCR engine reads from its environment: how many threads it may use."""

from __future__ import annotations

import os

#: Environment variable that caps the recogniser's threads. A runner sets it to its
#: share of the cores (:mod:`selfeval.corpus.thread_caps`), so engines running at once do
#: not each start a thread per core; unset, onnxruntime uses every core (best for one
#: document at a time).
THREADS_ENV = "SELFEVAL_OCR_THREADS"


def engine_threads() -> int:
    """The onnxruntime intra-op threads to build the engine with (-1: its default)."""
    try:
        return int(os.environ.get(THREADS_ENV, -1))
    except ValueError:
        return -1
