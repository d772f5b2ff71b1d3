"""The corpus at a glance, as geometry for the report's static SVG: the distribution of
self-assessed total scores, and each report's execution rate against its self-score.

Only numbers are computed here; the template draws them (and escapes the names in the
points' tooltips), so the page needs no script and no outside file to show them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Drawing area of both charts, in SVG user units, and its margins.
WIDTH, HEIGHT = 520, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 36

#: Width of one histogram bar, in points of total score.
BIN = 5
#: Execution rates above this are drawn on the top edge (a 300% rate is a typo, usually).
MAX_RATE = 1.5
#: The corner the second chart is about: rated 优 (90 or more) while spending under 80%.
HIGH_SCORE, LOW_RATE = 90.0, 0.8


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    label: str


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    #: The report's name (document text: the template escapes it).
    label: str
    #: Drawn on the edge: its rate was above :data:`MAX_RATE`.
    clipped: bool
    corner: bool


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class Histogram:
    bars: tuple[Bar, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    #: Reports with a total score (the others are left out and counted).
    scored: int
    unscored: int


@dataclass(frozen=True)
class Scatter:
    points: tuple[Point, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    #: The corner's top-left and bottom-right in SVG units (HIGH_SCORE.., ..LOW_RATE).
    corner_x: float
    corner_y: float
    in_corner: int
    #: Reports without a total score or an execution rate (not drawn).
    left_out: int


def _x(score: float) -> float:
    """SVG x of a score on a 0–100 axis (scores above 100 on the right edge)."""
    return LEFT + min(max(score, 0.0), 100.0) / 100 * (WIDTH - LEFT - RIGHT)


def _y(fraction: float) -> float:
    """SVG y of a fraction (0 at the bottom, 1 at the top) of the drawing height."""
    return HEIGHT - BOTTOM - min(max(fraction, 0.0), 1.0) * (HEIGHT - TOP - BOTTOM)


def _score_ticks() -> tuple[Tick, ...]:
    return tuple(Tick(_x(s), str(s)) for s in range(0, 101, 10))


def histogram(scores: Sequence[float | None]) -> Histogram:
    """Bars of :data:`BIN` points (the last one includes 100 and anything above)."""
    known = [s for s in scores if s is not None]
    n_bins = 100 // BIN
    counts = [0] * n_bins
    for s in known:
        counts[min(max(int(s // BIN), 0), n_bins - 1)] += 1
    top = max(counts, default=0) or 1
    bar_w = _x(BIN) - _x(0)
    bars = tuple(
        Bar(_x(i * BIN) + 1, _y(c / top), bar_w - 2, _y(0) - _y(c / top), c,
            f"{i * BIN}–{'100' if i == n_bins - 1 else (i + 1) * BIN}")
        for i, c in enumerate(counts) if c
    )
    step = max(1, -(-top // 4))
    y_ticks = tuple(Tick(_y(v / top), str(v)) for v in range(0, top + 1, step))
    return Histogram(bars, _score_ticks(), y_ticks, len(known), len(scores) - len(known))


def scatter(reports: Sequence[tuple[float | None, float | None, str]]) -> Scatter:
    """One point per ``(total score, execution rate, name)`` with both numbers known."""
    points = []
    for score, rate, label in reports:
        if score is None or rate is None:
            continue
        points.append(Point(_x(score), _y(rate / MAX_RATE), label, rate > MAX_RATE,
                            score >= HIGH_SCORE and rate < LOW_RATE))
    y_ticks = tuple(Tick(_y(r / 100 / MAX_RATE), f"{r}%") for r in range(0, 151, 25))
    return Scatter(tuple(points), _score_ticks(), y_ticks, _x(HIGH_SCORE),
                   _y(LOW_RATE / MAX_RATE), sum(p.corner for p in points),
                   len(reports) - len(points))
