"""Rounding-aware arithmetic: a printed number stands for the interval it may round from.

The tolerance model (every check in :mod:`scoring` goes through it):

* A **computed** number (a 得分, an 执行率, a money amount, an actual value) printed
  with its last digit in place ``10**e`` stands for every value that rounds to it:
  ``[v - ½·10**e, v + ½·10**e]``. ``Decimal("99.30")`` → ±0.005, ``9`` → ±0.5, a rate
  ``0.9971`` (printed ``99.71%``) → ±0.00005. The exponent of the ``Decimal`` *is* the
  printed precision (normalize keeps trailing zeros; a record read back from JSON can
  only lose them, which widens the interval and so can never create a false alarm).
* An **assigned** number (a 分值, a first-level heading's points, the 总分 分值, a
  target ``≤8.9万元``) is exact: nobody computed it, so nothing was rounded.
* One refinement for integer 得分: an indicator row whose 得分 is printed as an integer
  equal to its 分值 (full marks) is exact. Full marks are given, not computed; without
  this, twenty ``10``-of-``10`` rows would hide a ±10 error in the total. (The price: a
  computed 9.6 shown as ``10`` in an integer-formatted cell would be read as exactly 10.)
* Arithmetic propagates the intervals (sum of bounds, quotient of opposite bounds), and
  a check fires only when the interval of what the rule gives and the interval of
  what is printed **do not overlap**: a rounding difference cannot fire a flag.

Example: 25.41 ÷ 25.48 with both printed to 0.01 → [25.405/25.485, 25.415/25.475] =
[99.686%, 99.764%], which overlaps a printed ``99.71%`` ([99.705%, 99.715%]).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

ZERO = Decimal(0)
ONE = Decimal(1)


def half_unit(value: Decimal) -> Decimal:
    """Return half a unit in the last printed place of ``value`` (``99.30`` → 0.005)."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int):  # NaN / Infinity have no printed precision
        return ZERO
    return Decimal(5).scaleb(exponent - 1)


@dataclass(frozen=True)
class Interval:
    """A closed interval ``[lo, hi]``; ``hi`` may be ``None`` for "unbounded above"."""

    lo: Decimal
    hi: Decimal | None

    @property
    def mid(self) -> Decimal:
        """The point estimate (the printed value for a printed number)."""
        return self.lo if self.hi is None else (self.lo + self.hi) / 2

    def __add__(self, other: Interval) -> Interval:
        hi = None if self.hi is None or other.hi is None else self.hi + other.hi
        return Interval(self.lo + other.lo, hi)

    def __sub__(self, other: Interval) -> Interval:
        if self.hi is None or other.hi is None:
            raise ValueError("cannot subtract an unbounded interval")
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def scale(self, factor: Decimal) -> Interval:
        """Multiply by a non-negative exact ``factor``."""
        return Interval(self.lo * factor, None if self.hi is None else self.hi * factor)

    def cap(self, limit: Decimal) -> Interval:
        """Return ``min(x, limit)`` for every ``x`` in the interval."""
        hi = limit if self.hi is None else min(self.hi, limit)
        return Interval(min(self.lo, limit), hi)

    def overlaps(self, other: Interval) -> bool:
        """True when some value lies in both intervals (the check passes)."""
        below = self.hi is not None and self.hi < other.lo
        above = other.hi is not None and other.hi < self.lo
        return not (below or above)

    def below(self, value: Decimal) -> bool:
        """True when every value of the interval is below ``value``."""
        return self.hi is not None and self.hi < value

    def above(self, value: Decimal) -> bool:
        """True when every value of the interval is above ``value``."""
        return self.lo > value


def exact(value: Decimal) -> Interval:
    """An assigned number: no rounding."""
    return Interval(value, value)


def printed(value: Decimal) -> Interval:
    """A computed number as printed: ± half a unit in its last place."""
    h = half_unit(value)
    return Interval(value - h, value + h)


def total(intervals: Iterable[Interval]) -> Interval:
    """Sum of intervals (the empty sum is exactly 0)."""
    out = exact(ZERO)
    for interval in intervals:
        out = out + interval
    return out


def ratio(numerator: Interval, denominator: Interval) -> Interval:
    """``numerator / denominator`` for non-negative intervals; unbounded when the
    denominator may be 0 (a ratio capped afterwards stays meaningful)."""
    if denominator.lo <= 0:
        lo = ZERO if denominator.hi in (None, ZERO) else numerator.lo / denominator.hi
        return Interval(max(lo, ZERO), None)
    hi = None if numerator.hi is None else numerator.hi / denominator.lo
    lo = ZERO if denominator.hi is None else numerator.lo / denominator.hi
    return Interval(max(lo, ZERO), hi)


def rounded(value: Decimal, places: int = -2) -> Decimal:
    """``value`` rounded to ``10**places``; unrounded if it has too many digits for that
    (a number no form prints, but a record may hold)."""
    try:
        return value.quantize(Decimal(1).scaleb(places))
    except InvalidOperation:
        return value


def at_precision(value: Decimal, like: Decimal) -> Decimal:
    """Return ``value`` rounded like ``like`` is printed, to at least two decimals, so an
    expected value reads like the reported one (``1.98`` vs ``2.00``)."""
    exponent = like.as_tuple().exponent
    return rounded(value, min(exponent, -2) if isinstance(exponent, int) else -2)
