"""Compare the flags a report raised with the ``expected_flags`` of a truth file.

Reusable by any test that scores records (truth records here, extracted records in the
end-to-end test): a flag matches an expected entry on ``(rule, where.field,
where.indicator)`` (the row's name without its spaces), counted as a multiset. The
normaliser's repair flags are left out of both sides (the scorer neither raises nor
judges them), and ``not_checked`` always is: it records a check that was not made, no
finding about the form, and no truth file lists it (tests/test_scoring_unread.py tests
it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from selfeval.normalize.records import REPAIR_RULES, Flag
from selfeval.scoring import NOT_CHECKED

#: Rules raised by the normaliser, not by the scorer.
NORMALISER_RULES = REPAIR_RULES

Key = tuple[str, str | None, str | None]


def _row_name(name: str | None) -> str | None:
    """The row a flag names, whatever spacing its label was read with (a scan's OCR
    drops the space in ``总体支出进度 (…)``; the label itself is a field compared apart)."""
    return None if name is None else "".join(name.split())


def flag_key(flag: Flag) -> Key:
    return (flag.rule, flag.where.field, _row_name(flag.where.indicator))


def expected_key(entry: Mapping[str, Any]) -> Key:
    where = entry.get("where") or {}
    return (entry["rule"], where.get("field"), _row_name(where.get("indicator")))


@dataclass
class Tally:
    """Matched, unexpected and missed flags over any number of reports."""

    matched: Counter[Key] = field(default_factory=Counter)
    unexpected: Counter[Key] = field(default_factory=Counter)
    missed: Counter[Key] = field(default_factory=Counter)

    def add(self, fired: Iterable[Flag], expected: Iterable[Mapping[str, Any]],
            skip: frozenset[str] = NORMALISER_RULES) -> None:
        """Add one report: the flags it raised and its truth ``expected_flags``."""
        got = Counter(flag_key(f) for f in fired
                      if f.rule not in skip and f.rule != NOT_CHECKED)
        want = Counter(expected_key(e) for e in expected if e["rule"] not in skip)
        self.matched += got & want
        self.unexpected += got - want
        self.missed += want - got

    @property
    def precision(self) -> float:
        fired = sum(self.matched.values()) + sum(self.unexpected.values())
        return 1.0 if fired == 0 else sum(self.matched.values()) / fired

    @property
    def recall(self) -> float:
        wanted = sum(self.matched.values()) + sum(self.missed.values())
        return 1.0 if wanted == 0 else sum(self.matched.values()) / wanted

    def summary(self) -> str:
        return (f"precision {self.precision:.1%} ({sum(self.matched.values())} matched, "
                f"{sum(self.unexpected.values())} unexpected), recall {self.recall:.1%} "
                f"({sum(self.missed.values())} missed)")
