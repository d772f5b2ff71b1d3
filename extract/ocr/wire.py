"""The bytes that pass between a document's child and the OCR service: line crops in,
``(text, confidence)`` pairs out. No pickle either way.

A request is a header (magic, crop count, then each crop's height and width) followed
by the crops' pixels, 3 channels of ``uint8`` each, in order. :func:`decode_crops`
checks every size against the bytes there are and against :data:`MAX_REQUEST_PIXELS`
before it makes an array, so the process that holds the model never sees anything but
pixel arrays of a checked size. A reply is JSON: ``{"lines": [[text, score], ...]}``
or ``{"error": reason}``.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Iterator

import numpy as np
from selfeval.extract.limits import MAX_RENDER_PIXELS

_MAGIC = b"SEOC1"
_COUNT = struct.Struct("<I")
_SIZE = struct.Struct("<II")

#: Most pixels in one request. A crop is one text line of one rendered page, which
#: :data:`MAX_RENDER_PIXELS` bounds, grown by a white margin (a line as tall as the
#: page doubles at most); twice the page limit takes any crop a real page can make.
#: The client sends a page's crops in requests of :data:`REQUEST_PIXELS` (one crop
#: alone when it is larger), so the service holds one bounded request at a time.
MAX_REQUEST_PIXELS = 2 * MAX_RENDER_PIXELS
#: Most crops in one request.
MAX_REQUEST_CROPS = 10_000
#: Pixels and crops the client puts in one request: a page of the fixtures is 60-160
#: line crops of some 2-3 Mpx in all at 200 dpi, so one request carries a page.
REQUEST_PIXELS = 8_000_000
REQUEST_CROPS = 1_000
#: Most bytes a request may be (the receiving side's read limit).
MAX_REQUEST_BYTES = (len(_MAGIC) + _COUNT.size + _SIZE.size * MAX_REQUEST_CROPS
                     + 3 * MAX_REQUEST_PIXELS)

Line = tuple[str, float]


class BadRequest(ValueError):
    """A request that is not crops of a checked size."""


def encode_crops(crops: list[np.ndarray]) -> bytes:
    """Return ``crops`` (``height × width × 3`` ``uint8`` arrays) as one request."""
    header = [_MAGIC, _COUNT.pack(len(crops))]
    header += [_SIZE.pack(crop.shape[0], crop.shape[1]) for crop in crops]
    return b"".join(header + [np.ascontiguousarray(crop, dtype=np.uint8).tobytes()
                              for crop in crops])


def decode_crops(data: bytes) -> list[np.ndarray]:
    """Return the crops of a request, or raise :class:`BadRequest` saying what is wrong."""
    if not data.startswith(_MAGIC):
        raise BadRequest("not an OCR request")
    at = len(_MAGIC)
    if len(data) < at + _COUNT.size:
        raise BadRequest("the request ends in its header")
    (count,) = _COUNT.unpack_from(data, at)
    at += _COUNT.size
    if count > MAX_REQUEST_CROPS:
        raise BadRequest(f"the request holds {count:,} crops, over {MAX_REQUEST_CROPS:,}")
    if len(data) < at + count * _SIZE.size:
        raise BadRequest("the request ends in its header")
    sizes = [_SIZE.unpack_from(data, at + i * _SIZE.size) for i in range(count)]
    at += count * _SIZE.size
    pixels = sum(h * w for h, w in sizes)
    if any(h == 0 or w == 0 for h, w in sizes):
        raise BadRequest("a crop has no pixels")
    if pixels > MAX_REQUEST_PIXELS:
        raise BadRequest(f"the request holds {pixels:,} pixels, over {MAX_REQUEST_PIXELS:,}")
    if len(data) - at != 3 * pixels:
        raise BadRequest("the request's pixels do not match its sizes")
    crops = []
    for height, width in sizes:
        size = 3 * height * width
        crops.append(np.frombuffer(data, np.uint8, size, at).reshape(height, width, 3))
        at += size
    return crops


def chunks(crops: list[np.ndarray]) -> Iterator[list[np.ndarray]]:
    """Split ``crops`` into requests of at most :data:`REQUEST_PIXELS` (one larger crop
    alone) and :data:`REQUEST_CROPS` each, in order."""
    batch: list[np.ndarray] = []
    pixels = 0
    for crop in crops:
        size = crop.shape[0] * crop.shape[1]
        if batch and (pixels + size > REQUEST_PIXELS or len(batch) == REQUEST_CROPS):
            yield batch
            batch, pixels = [], 0
        batch.append(crop)
        pixels += size
    if batch:
        yield batch


def encode_reply(lines: list[Line] | None = None, error: str | None = None) -> bytes:
    """Return the reply: the lines read, or why there are none."""
    body = {"error": error} if error is not None else {"lines": lines or []}
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def decode_reply(data: bytes, expected: int) -> list[Line]:
    """Return the ``expected`` lines of a reply, or raise :class:`BadRequest` with the
    service's reason."""
    try:
        body = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRequest("the OCR service's reply is not JSON") from exc
    if not isinstance(body, dict):
        raise BadRequest("the OCR service's reply is not an object")
    if "error" in body:
        raise BadRequest(str(body["error"]))
    lines = body.get("lines")
    if not isinstance(lines, list) or len(lines) != expected:
        raise BadRequest("the OCR service's reply does not match the request")
    return [(str(text), float(score)) for text, score in lines]
