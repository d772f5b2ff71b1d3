"""The documents a command is given: files as they are, folders as the documents under
them (every suffix a reader takes, recursively, as ``corpus build`` lists them)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from selfeval.corpus.listing import list_documents
from selfeval.corpus.names import real_name
from selfeval.extract.registry import document_suffixes


@dataclass(frozen=True)
class Inputs:
    """Documents to read, in order, and ``(path, reason)`` for what cannot be read."""

    files: tuple[str, ...]
    refused: tuple[tuple[str, str], ...]


def expand(paths: tuple[str, ...]) -> Inputs:
    """Files as given; each folder replaced by its documents, sorted by path."""
    files: list[str] = []
    refused: list[tuple[str, str]] = []
    for path in paths:
        if not os.path.isdir(path):
            files.append(path)
            continue
        listing = list_documents(path)
        files += [os.path.join(path, real_name(name)) for name in listing.documents]
        refused += [(os.path.join(path, real_name(name)), r.reason)
                    for name, r in listing.refused.items()]
        if not listing.documents and not listing.refused:
            suffixes = ", ".join(f"*{s}" for s in document_suffixes())
            refused.append((path, f"no documents ({suffixes}) in the folder"))
    return Inputs(tuple(files), tuple(refused))
