"""The per-document task the corpus runner sends to a worker: a file in, plain data out.

It is a top-level function returning only dicts, lists, strings and numbers, so it
pickles to a forked child or a Dask worker and back without the record classes.
"""

from __future__ import annotations

import importlib
from typing import Any

from selfeval.corpus.pipeline import process_file
from selfeval.extract.errors import SelfevalError
from selfeval.extract.registry import READERS
from selfeval.extract.regular_file import file_sha256
from selfeval.normalize.records import document_to_dict, report_to_dict


def read_record(path: str) -> dict[str, Any]:
    """Return ``path``'s document as the docs/schema.md object, each report keeping the
    evidence fields (``page``, ``rules_text``) that citations need.

    ``source.sha256`` is the hash of the bytes read: the reader hashes the file when it
    opens it, and the file is hashed again once read; a file that changed in between
    fails (the next run reads it again), so no record is stored under another file's hash.
    """
    doc = process_file(path)
    if file_sha256(path) != doc.source.sha256:
        raise SelfevalError(path, "the file changed while it was being read")
    out = document_to_dict(doc)
    out["reports"] = [report_to_dict(r, keep_internal=True) for r in doc.reports]
    return out


#: Modules the reader registry imports on first use, and the OCR page reader (OpenCV)
#: a scan's child needs. Importing them once in the driver means every forked child
#: starts with them loaded (~0.2 s saved per PDF, measured).
READER_MODULES = (*dict.fromkeys(spec.module for spec in READERS.values()),
                  "selfeval.extract.ocr.page")

#: What a Dask worker's fork server imports before it forks a document's child: this
#: module (the pipeline) and the readers.
PIPELINE_MODULES = (__name__, *READER_MODULES)


def preload() -> None:
    """Import the readers now, so that forked children inherit them instead of each
    importing them again. A reader that fails to import is left for the child to report."""
    for name in READER_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001,S110 - the child that needs it reports the failure
            continue
