"""Replay every input ``make fuzz`` saved as a finding, and the fuzzers' seeds, through
the fuzz targets: each must now end in a value or a clear SelfevalError."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from fuzz.targets import TARGETS, seeds, text_functions
from tests.data_paths import DOCS
from tests.data_paths import FUZZ_FINDINGS as FINDINGS

#: Seconds one replayed input may take (the fuzzer reports a hang at 10 s).
INPUT_SECONDS = 10

#: Hand-written edge cases for the text functions: huge numbers and exponents, full-width
#: and other scripts' digits, impossible dates, a lone surrogate, float spellings.
EDGE_TEXTS = ("", "\x00", "9" * 5000, "1e999999", "-.%", "１２３,４５６.７８９万元",
              "2023年13月45日", "≥≤＞＜" * 100, "\ud800", "NaN", "Infinity", "0x1F", "1_000",
              "١٢٣", "Ⅻ", "½")


def _findings() -> list[tuple[str, Path]]:
    return [(target, path) for target in TARGETS
            for path in sorted((FINDINGS / target).glob("*")) if path.is_file()]


@pytest.mark.parametrize(("target", "path"), _findings(),
                         ids=lambda v: v if isinstance(v, str) else v.name)
def test_saved_finding_no_longer_crashes(target: str, path: Path) -> None:
    started = time.monotonic()
    TARGETS[target](path.read_bytes())
    assert time.monotonic() - started < INPUT_SECONDS


def test_text_functions_are_discovered() -> None:
    names = {f.__name__ for f in text_functions()}
    assert {"parse_decimal", "clean_text", "label_key"} <= names


@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_text_target_on_edge_cases(text: str) -> None:
    TARGETS["text"](text.encode("utf-8", errors="surrogatepass"))


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_seeds_run_clean(target: str) -> None:
    inputs = list(seeds(target, DOCS))
    assert inputs, f"no seeds for {target}"
    for data in inputs[:50]:
        TARGETS[target](data)
