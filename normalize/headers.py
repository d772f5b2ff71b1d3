"""Printed labels matched to canonical fields with rapidfuzz.

Each canonical field lists the label variants seen in published forms (the label model,
:mod:`selfeval.normalize.labels`). A cell's label key (squashed, simplified, annotations
dropped) is compared with every variant's; the best match at or above the field group's
cut-off wins. A column header no variant matches is read from its parts.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz, process
from selfeval.normalize.labels import NO_FIELD, PartRule, Table, label_key, part_field

#: Cut-off (rapidfuzz ``fuzz.ratio``) for a fuzzy label match. Measured over every
#: cell of the text fixtures of up to 24 characters, against every variant below: the
#: best *wrong* pairing scores 88.9 (``预算执行``, a second-level indicator, against
#: ``预算执行率``), the next ones 80 (``指标``/``指标值``, ``项目支出``/``项目支出名称``,
#: ``预算投资(万元)``/``总预算(万元)``); the one true label that is not an exact variant
#: scores 90.9 (``未能完成原因`` against ``未完成原因``). 90 sits between the two groups.
#: (Exact variants, after squashing and dropping ``*`` and colons, match at 100.)
COLUMN_CUTOFF = 90.0

#: Cut-off for ``label: value`` header fields; same measurement (best wrong pairing 80).
FIELD_CUTOFF = 90.0

#: Longest label key compared: real labels are at most 16 characters once their
#: annotations are dropped; a longer cell is text, not a label.
MAX_LABEL_KEY = 24

#: The label tables seen so far, by id, so that matches can be cached per table.
_TABLES: dict[int, Table] = {}

#: Matches are cached: the same labels recur on every form of a corpus.
_CACHE_SIZE = 8192


@lru_cache(maxsize=16)
def _choices(table_id: int) -> dict[str, str]:
    table = _TABLES[table_id]
    return {label_key(v): field for field, variants in table.items() for v in variants}


def _is_subsequence(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(ch in it for ch in needle)


#: A row label may hold stray characters of a neighbouring merged cell whose text the
#: producer drew across it (Calc exports: ``⾃评结`` + ``绩效`` + ``论`` + ``指``). Such a
#: label still has the canonical label as a subsequence, and is at most this many
#: times as long.
INTERLEAVED_LENGTH_RATIO = 2.0


def match_label(text: str | None, table: Table, cutoff: float = COLUMN_CUTOFF) -> str | None:
    """Return the canonical field whose label variant best matches ``text``, or None."""
    key = label_key(text)
    if not key or len(key) > MAX_LABEL_KEY:
        return None
    _TABLES.setdefault(id(table), table)
    return _match_key(key, id(table), cutoff)


@lru_cache(maxsize=_CACHE_SIZE)
def _match_key(key: str, table_id: int, cutoff: float) -> str | None:
    choices = _choices(table_id)
    if key in choices:
        return choices[key]
    best = process.extractOne(key, list(choices), scorer=fuzz.ratio, score_cutoff=cutoff)
    if best:
        return choices[best[0]]
    interleaved = [k for k in choices if _interleaved(k, key)]
    return choices[max(interleaved, key=len)] if interleaved else None


def exact_field(text: str | None, table: Table) -> str | None:
    """The field whose listed label ``text`` is, key for key (no fuzzy match)."""
    _TABLES.setdefault(id(table), table)
    return _choices(id(table)).get(label_key(text))


def listed_field(text: str | None, table: Table, parts: tuple[PartRule, ...]) -> str | None:
    """The field a listed label names; a match that is only fuzzy is dropped when the
    label's words name another field (``预算执行数`` is close to ``预算数`` but says 执行)."""
    field = match_label(text, table)
    if field is None:
        return None
    key = label_key(text)
    if exact_field(text, table) is not None:
        return field
    words = part_field(key, parts)
    return field if words is None or words == field else None


def column_field(text: str | None, table: Table, parts: tuple[PartRule, ...]) -> str | None:
    """The field a column header names: a listed label, else the words it holds
    (``单项指标实际完成值`` → ``actual``); None for no field or a column the record has
    no place for."""
    field = listed_field(text, table, parts)
    if field is None:
        key = label_key(text)
        field = part_field(key, parts) if key and len(key) <= MAX_LABEL_KEY else None
    return None if field == NO_FIELD else field


def matches_any(text: str | None, labels: tuple[str, ...], cutoff: float = COLUMN_CUTOFF) -> bool:
    """True when the row label ``text`` is one of ``labels`` (fuzzily, or interleaved)."""
    key = label_key(text)
    if not key or len(key) > MAX_LABEL_KEY:
        return False
    return _matches_key(key, labels, cutoff)


@lru_cache(maxsize=_CACHE_SIZE)
def _matches_key(key: str, labels: tuple[str, ...], cutoff: float) -> bool:
    keys = [label_key(x) for x in labels]
    best = process.extractOne(key, keys, scorer=fuzz.ratio)
    if best is not None and best[1] >= cutoff:
        return True
    return any(_interleaved(k, key) for k in keys)


def _interleaved(label: str, key: str) -> bool:
    """``key`` is ``label`` with stray characters woven in (see INTERLEAVED_LENGTH_RATIO)."""
    return (
        len(label) >= 3 and len(key) <= INTERLEAVED_LENGTH_RATIO * len(label)
        and _is_subsequence(label, key)
    )
