"""The tolerance model on the issue's own examples."""

from __future__ import annotations

from decimal import Decimal

from selfeval.scoring.interval import Interval, exact, half_unit, printed, ratio


def test_half_unit_follows_the_printed_precision() -> None:
    assert half_unit(Decimal("99.30")) == Decimal("0.005")
    assert half_unit(Decimal("9")) == Decimal("0.5")
    assert half_unit(Decimal("0.9971")) == Decimal("0.00005")


def test_rate_from_two_decimal_amounts() -> None:
    rate = ratio(printed(Decimal("25.41")), printed(Decimal("25.48")))
    assert rate.lo.quantize(Decimal("0.0001")) == Decimal("0.9969")
    assert rate.hi is not None and rate.hi.quantize(Decimal("0.0001")) == Decimal("0.9976")
    assert rate.overlaps(printed(Decimal("0.9971")))
    assert not rate.overlaps(printed(Decimal("0.9950")))


def test_score_printed_as_an_integer() -> None:
    score = printed(Decimal("0.9003")).scale(Decimal(10))
    assert score.overlaps(printed(Decimal("9")))
    assert not score.overlaps(printed(Decimal("9.10")))


def test_division_by_a_possible_zero_is_unbounded_then_capped() -> None:
    quotient = ratio(exact(Decimal(5)), printed(Decimal("0")))
    assert quotient.hi is None
    assert quotient.cap(Decimal(1)) == Interval(Decimal(1), Decimal(1))
