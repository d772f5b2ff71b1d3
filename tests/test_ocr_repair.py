"""OCR repairs, pinned with the variants a generic OCR made of the scans (seed 002)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from selfeval.normalize.ocr_repair import OCR_LOW_CONFIDENCE, repair_ocr_numeric, repair_ocr_text

from tests.data_paths import seed

SEED_002 = seed("002")


@pytest.mark.parametrize(
    ("ocr", "printed"),
    [
        ("25. 48", "25.48"),
        ("25. 41", "25.41"),
        ("9, 97", "9.97"),
        ("99. 71%", "99.71%"),
        ("1. 98", "1.98"),
        ("99. 95", "99.95"),
        ("○", "0"),
        ("O", "0"),
        ("1O0", "100"),
        ("l0", "10"),
        ("50, 000", "50,000"),
        ("1,234,567.5", "1,234,567.5"),
        ("100. 00%", "100.00%"),
        ("４０．１６％", "40.16%"),
        ("≪8.9万元", "≤8.9万元"),
        ("≫90%", "≥90%"),
        ("10分", "10分"),
        ("143.49万\n兀", "143.49万元"),
        ("一", "-"),
        ("=", "="),  # a lone "=" is told from a dash by its shape (text_lines)
        ("—", "-"),
        ("/", "/"),
        ("", ""),
    ],
)
def test_numeric_repairs(ocr, printed):
    assert repair_ocr_numeric(ocr) == printed


def test_the_seeds_numeric_variants_are_in_the_seed():
    seed = SEED_002.read_text(encoding="utf-8")
    for variant in ("25. 48", "9, 97", "○", "≪8.9万元", "1. 98", "99. 71%", "99. 95"):
        assert variant in seed


def test_letters_are_only_digits_next_to_digits():
    assert repair_ocr_numeric("OK") == "OK"
    assert repair_ocr_text("O") == "O"


@pytest.mark.parametrize(
    ("ocr", "printed"),
    [
        ("金融风险, 推动 地区金融健康发展", "金融风险,推动地区金融健康发展"),
        ("联系人: 王再慧", "联系人:王再慧"),
        ("2023年 12月31日", "2023年12月31日"),
        ("≪8.9万元", "≤8.9万元"),
        ("그 님 위에 가지 기계", ""),
        ("グロガ金 (万元)", "金(万元)"),
        ("年度资金总额: •", "年度资金总额:"),
        ("PM2.5 and CO2", "PM2.5 and CO2"),
        ("目标1\n目标2 ", "目标1\n目标2"),
        (": 2021年第一批中央大气污染防治资金", "2021年第一批中央大气污染防治资金"),
        ("、。总分", "总分"),
        ("“三支一扶”补助资金", "“三支一扶”补助资金"),
        ("其中:\n:上级补助", "其中:\n:上级补助"),
    ],
)
def test_text_repairs(ocr, printed):
    assert repair_ocr_text(ocr) == printed


def test_the_seeds_text_variants_are_in_the_seed():
    seed = SEED_002.read_text(encoding="utf-8")
    for variant in ("推动 地区", "그 님 위에 가지 기계", "グロガ金", "≪"):
        assert variant in seed


def test_the_low_confidence_threshold_is_a_probability():
    assert 0 < OCR_LOW_CONFIDENCE < 1


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_a_clean_number_is_left_as_printed(value):
    printed = f"{value:.2f}"
    assert repair_ocr_numeric(printed) == printed
    assert repair_ocr_numeric(printed + "%") == printed + "%"


@given(st.text())
def test_repairs_are_idempotent(text):
    once = repair_ocr_text(text)
    assert repair_ocr_text(once) == once
    numeric = repair_ocr_numeric(text)
    assert repair_ocr_numeric(numeric) == numeric
