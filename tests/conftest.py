"""Shared test fixtures.

Reading a document is the expensive part of most tests (a scanned page takes a second
or more of OCR), so a document is read once per test run and shared: by every test in
a process, and by every pytest worker of a ``pytest -n`` run (:class:`SessionCache`).
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.abc
import pickle
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from selfeval.extract import read_document
from selfeval.extract.grid import Capabilities, Item, RawDocument
from selfeval.normalize import normalize_document
from selfeval.normalize.records import document_to_dict
from selfeval.scoring import score_document

T = TypeVar("T")

#: The repository's stage folders; installed, they exist only as ``selfeval.<stage>``.
STAGES = ("extract", "normalize", "scoring", "corpus")


class _InstalledNamesOnly(importlib.abc.MetaPathFinder):
    """Refuse ``import corpus`` & co. during the tests: the repository root is on the
    test run's path, so a bare stage name would import here and fail once installed
    (``resources.files("corpus")`` once did)."""

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: object = None) -> None:
        if fullname.split(".")[0] in STAGES:
            raise ModuleNotFoundError(
                f"{fullname!r} is not installed; it is selfeval.{fullname}", name=fullname)
        return None


sys.meta_path.insert(0, _InstalledNamesOnly())


class SessionCache:
    """Values computed once per test run, shared by the run's pytest workers: each is
    pickled in ``folder`` under a lock of its own, so a second worker waits for the
    first one's result instead of computing it again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._memo: dict[str, Any] = {}

    def get(self, key: str, compute: Callable[[], T]) -> T:
        if key not in self._memo:
            stem = self.folder / hashlib.sha256(key.encode()).hexdigest()[:32]
            with open(f"{stem}.lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                stored = Path(f"{stem}.pickle")
                if stored.exists():
                    self._memo[key] = pickle.loads(stored.read_bytes())
                else:
                    value = compute()
                    partial = Path(f"{stem}.partial")
                    partial.write_bytes(pickle.dumps(value))
                    partial.replace(stored)
                    self._memo[key] = value
        return self._memo[key]  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> SessionCache:
    base = tmp_path_factory.getbasetemp()
    # Under pytest-xdist each worker has its own base folder inside the run's one.
    shared = base if worker_id == "master" else base.parent
    return SessionCache(shared / "session-cache")


@dataclass(frozen=True)
class RawSnapshot:
    """A raw document read to the end: its items and page errors, ready to normalise."""

    path: str
    format: str
    pages: int | None
    sha256: str
    items: tuple[Item, ...]
    capabilities: Capabilities

    def document(self) -> RawDocument:
        return RawDocument(self.path, self.format, self.pages, iter(self.items),
                           self.capabilities, self.sha256)


def _read(path: Path) -> RawSnapshot:
    raw = read_document(path)
    items = tuple(raw.items)
    return RawSnapshot(raw.path, raw.format, raw.pages, raw.sha256, items, raw.capabilities)


RawItems = Callable[[Path], RawSnapshot]
ExtractJson = Callable[[Path], dict[str, Any]]


@pytest.fixture(scope="session")
def raw_snapshot(session_cache: SessionCache) -> RawItems:
    """A function: path → the reader's items for the file, read once per test run."""
    def read(path: Path) -> RawSnapshot:
        resolved = Path(path).resolve()
        return session_cache.get(f"raw:{resolved}", lambda: _read(resolved))

    return read


@pytest.fixture(scope="session")
def extract_json(raw_snapshot: RawItems) -> ExtractJson:
    """A function: path → the document object ``selfeval extract PATH --json`` prints,
    computed in-process from the shared read (test_extract_cli.py checks that the
    command prints the same)."""
    def extract(path: Path) -> dict[str, Any]:
        doc = normalize_document(raw_snapshot(path).document())
        return document_to_dict(score_document(doc))

    return extract
