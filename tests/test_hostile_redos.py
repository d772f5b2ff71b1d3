"""Text repair stays linear on long cells: a crafted or broken cell of 20,000 digits must
not stall a document (found by the fuzz harness's edge cases: selfeval.normalize.numbers.
split_points' trailing-points regex backtracks quadratically)."""

from __future__ import annotations

import time

import pytest

from fuzz.targets import text_functions

#: Seconds any text function may take on a 20,000-character cell. Linear code takes
#: milliseconds; the quadratic regex took 2 s at 4,000 characters and ~50 s at 20,000.
SECONDS = 2.0


@pytest.mark.parametrize("text", ["9" * 20_000, "20231" * 4_000, "(" * 20_000, "分 " * 10_000])
def test_long_cells_are_handled_in_linear_time(text: str) -> None:
    for fn in text_functions():
        started = time.monotonic()
        fn(text)
        assert time.monotonic() - started < SECONDS, fn.__qualname__
