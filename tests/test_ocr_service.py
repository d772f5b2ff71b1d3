"""The run's OCR service: the model is built once per run (not once per scanned
document), a document child that crashes, hangs or sends junk costs that document
alone, and a service that dies is replaced; what it reads is what a child reads alone."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from selfeval.corpus.ingest import build
from selfeval.corpus.ocr_service import OcrService
from selfeval.corpus.workers import Limits, run_isolated
from selfeval.extract.ocr import remote, wire
from selfeval.extract.ocr.recognizer import recognise_here

from tests.data_paths import DOCS
from tests.test_corpus_fakes import fake_record

SCAN = DOCS / "000_qiannan-r3_scanned.pdf"


def _crop(height: int = 40, width: int = 120) -> np.ndarray:
    """A white line crop with a black bar across it (something for the model to read)."""
    crop = np.full((height, width, 3), 255, np.uint8)
    crop[height // 3: 2 * height // 3, width // 8: width - width // 8] = 0
    return crop


def test_a_request_round_trips_and_junk_is_refused_before_any_array_is_made() -> None:
    crops = [_crop(), _crop(20, 7)]
    back = wire.decode_crops(wire.encode_crops(crops))
    assert [c.shape for c in back] == [(40, 120, 3), (20, 7, 3)]
    assert all(np.array_equal(a, b) for a, b in zip(back, crops, strict=True))
    request = wire.encode_crops(crops)
    for junk, reason in [
        (b"GET / HTTP/1.1\r\n", "not an OCR request"),
        (request[:-1], "do not match"),
        (request + b"\0", "do not match"),
        (wire.encode_crops([np.zeros((0, 5, 3), np.uint8)]), "no pixels"),
    ]:
        with pytest.raises(wire.BadRequest, match=reason):
            wire.decode_crops(junk)
    huge = request[:5] + (1).to_bytes(4, "little") + (2**16).to_bytes(4, "little") * 2
    with pytest.raises(wire.BadRequest, match="pixels, over"):
        wire.decode_crops(huge)  # 4.3 Gpx claimed in 17 bytes


def test_requests_are_cut_to_size_in_order() -> None:
    tall = np.zeros((wire.REQUEST_PIXELS // 100 + 1, 100, 3), np.uint8)
    small = [_crop(2, 2)] * (wire.REQUEST_CROPS + 1)
    parts = list(wire.chunks([tall, *small, tall]))
    assert [len(p) for p in parts] == [1, wire.REQUEST_CROPS, 1, 1]
    assert parts[0][0] is tall and parts[-1][0] is tall


def _record_with_text(path: str) -> dict[str, Any]:
    """A fake record whose agency is what the run's OCR (service or own) read of a
    bar; ``CRASH`` dies and ``HANG`` hangs while the service reads for them, ``JUNK``
    sends the service junk first."""
    from selfeval.extract.ocr.recognizer import recognise_lines

    data = Path(path).read_bytes()
    if data.startswith(b"JUNK") and remote._connection() is not None:
        conn = remote._connection()
        assert conn is not None
        conn.send_bytes(b"not crops")
        assert "error" in conn.recv_bytes().decode()
        remote.use_service(remote._endpoint)  # the service closed that connection
    if data.startswith((b"CRASH", b"HANG")):
        conn = remote._connection()
        assert conn is not None
        conn.send_bytes(wire.encode_crops([_crop()] * 64))
        if data.startswith(b"CRASH"):
            os.kill(os.getpid(), signal.SIGSEGV)
        time.sleep(3600)
    record = fake_record(path)
    record["reports"][0]["agency"] = recognise_lines([_crop()])[0][0]
    record["reports"][0]["project"] = "service" if remote._endpoint else "own engine"
    return record


@pytest.mark.slow  # builds the OCR model
def test_a_child_that_crashes_hangs_or_sends_junk_costs_its_document_not_the_service(
        tmp_path: Path) -> None:
    names = ["a", "crash", "b", "hang", "junk", "c"]
    for name in names:
        (tmp_path / name).write_bytes(name.upper().encode() + b"\n1")
    want = recognise_here([_crop()])[0][0]
    with OcrService(1, 3 * 1024**3) as service:
        outcomes = {Path(o.path).name: o for o in run_isolated(
            [str(tmp_path / n) for n in names], _record_with_text, 2,
            Limits(timeout_s=15), ocr=service)}
        assert service.starts == 1
        assert service.endpoint() is not None
    assert outcomes["crash"].error == "crashed (signal 11: SIGSEGV)"
    assert outcomes["hang"].error == "timed out after 15 s"
    for name in ("a", "b", "junk", "c"):
        assert outcomes[name].error is None, outcomes[name].error
        report = outcomes[name].result["reports"][0]  # type: ignore[index]
        assert (report["agency"], report["project"]) == (want, "service")


def test_a_service_that_died_is_replaced_for_the_next_document(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"A\n1")
    with OcrService(1, 3 * 1024**3) as service:
        first = service.endpoint()
        service._process.kill()
        service._process.join()
        [out] = run_isolated([str(tmp_path / "a")], fake_record, 1, Limits(timeout_s=20),
                             ocr=service)
        assert out.error is None
        assert service.starts == 2 and service.endpoint() not in (None, first)


def test_a_child_whose_service_is_gone_reads_with_its_own_engine(tmp_path: Path) -> None:
    remote.use_service(remote.Endpoint(str(tmp_path / "gone.sock"), b"key"))
    try:
        assert remote.recognise([_crop()]) is None
        assert remote._endpoint is None  # from here on, the process's own engine
    finally:
        remote.use_service(None)


class _CountedEngine:
    """Stands in for ``rapidocr.RapidOCR``: builds the real one and notes the pid that did."""

    log: Path

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        from selfeval.extract.ocr import recognizer

        with open(cls.log, "a", encoding="ascii") as fh:
            fh.write(f"{os.getpid()}\n")
        return recognizer._real_engine_class(*args, **kwargs)  # type: ignore[attr-defined]


@pytest.mark.slow  # a corpus build of scans
def test_the_model_is_built_once_per_run_and_reads_as_in_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        extract_json: Any) -> None:
    import rapidocr
    from selfeval.extract.ocr import recognizer

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        shutil.copy(SCAN, folder / f"{i}.pdf")
    shutil.copy(DOCS / "001_longgang_docx.docx", folder / "text.docx")
    expected = extract_json(SCAN)  # read in this process (its engine, or the cache's)
    _CountedEngine.log = tmp_path / "engines.log"
    monkeypatch.setattr(recognizer, "_real_engine_class", rapidocr.RapidOCR, raising=False)
    monkeypatch.setattr(rapidocr, "RapidOCR", _CountedEngine)
    recognizer._engine.cache_clear()  # the service is forked from here: no engine to inherit

    result = build(folder, tmp_path / "c.db", workers=2, limits=Limits(timeout_s=120))
    assert result.counts["new"] == 4 and not result.failures, result.failures
    assert len(_CountedEngine.log.read_text().split()) == 1  # not one per scan
    conn = sqlite3.connect(tmp_path / "c.db")
    try:
        rows = conn.execute("SELECT d.path, r.agency, r.project, r.total_score FROM reports r"
                            " JOIN documents d ON d.id = r.document_id"
                            " WHERE d.path LIKE '%.pdf' ORDER BY d.path, r.seq").fetchall()
    finally:
        conn.close()
    want = [(r["agency"], r["project"], r["total_score"]) for r in expected["reports"]]
    assert [row[1:] for row in rows] == want * 3


def test_two_lanes_asking_first_at_once_build_one_engine(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import threading
    import time

    import rapidocr
    from selfeval.extract.ocr import recognizer

    built: list[int] = []

    class SlowEngine:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            built.append(1)
            time.sleep(0.2)  # a model takes time to build: the other lane asks meanwhile

    monkeypatch.setattr(rapidocr, "RapidOCR", SlowEngine)
    recognizer._engine.cache_clear()
    try:
        lanes = [threading.Thread(target=recognizer._shared_engine) for _ in range(2)]
        for lane in lanes:
            lane.start()
        for lane in lanes:
            lane.join()
    finally:
        recognizer._engine.cache_clear()
    assert len(built) == 1
