"""Printed labels matched to canonical fields with rapidfuzz.

Each canonical field lists the label variants seen in published forms. A cell's text
is squashed (NFKC, no spaces, no ``*`` marks, no trailing colon) and compared with
every variant; the best match at or above the field group's cut-off wins.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process
from selfeval.normalize.text import squash

#: Indicator-table column headers.
INDICATOR_COLUMNS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "name": ("三级指标", "指标名称"),
    "target": ("年度指标值", "年度指标值(A)", "指标值", "年度目标值", "预期指标值"),
    "actual": ("实际完成值", "实际完成值(B)", "完成值", "全年实际值"),
    "weight": ("分值", "权重", "指标分值", "权重分值"),
    "score": ("得分", "得分/自评分", "自评分", "自评得分", "评分"),
    "reason": ("未完成原因分析", "偏差原因分析及改进措施", "未达标原因", "偏差原因分析",
               "未完成原因", "原因分析"),
    "measure": ("改进措施",),
    "explanation": ("指标解释", "指标说明"),
}

#: Funds-block column headers.
FUNDS_COLUMNS: dict[str, tuple[str, ...]] = {
    "initial_budget": ("年初预算数", "年初预算"),
    "budget": ("全年预算数", "全年预算数(A)", "调整后预算数"),
    "executed": ("全年执行数", "全年执行数(B)", "实际执行数"),
    "weight": ("分值",),
    "rate": ("执行率", "执行率(%)", "预算执行率"),
    "score": ("得分",),
}

#: Header fields printed as ``label | value`` cells or ``label: value`` text.
HEADER_FIELDS: dict[str, tuple[str, ...]] = {
    "project": ("项目名称", "项目支出名称"),
    "department": ("主管部门及代码", "主管部门", "一级预算单位"),
    "agency": ("实施单位", "预算部门名称", "部门名称", "单位(盖章)", "单位名称"),
    "project_code": ("项目编码", "项目代码"),
    "year_label": ("绩效自评年度", "自评年度"),
    "filled_on": ("填报日期",),
    "contact": ("联系人", "填表人"),
    "phone": ("联系电话",),
    "goal_expected": ("年度整体绩效目标", "年度总体目标"),
    "goal_actual": ("整体绩效目标完成情况",),
    "budget_total": ("总预算", "总预算(万元)"),
}

#: Labels of the rows that close an indicator table.
TOTAL_LABELS = ("总分", "合计", "总计")
CONCLUSION_LABELS = ("自评结论", "绩效结论", "评价等级", "自评等级", "结论")
GOAL_LABELS = {"goal_expected": ("预期目标",), "goal_actual": ("实际完成情况",)}

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

_NOISE = re.compile(r"[*＊:：]")


def label_key(text: str | None) -> str:
    """Return the squashed form of a label: ``* 实际完成值`` → ``实际完成值``."""
    return _NOISE.sub("", squash(text))


#: The label tables seen so far, by id, so that matches can be cached per table.
_TABLES: dict[int, dict[str, tuple[str, ...]]] = {}

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


def match_label(
    text: str | None, table: dict[str, tuple[str, ...]], cutoff: float = COLUMN_CUTOFF
) -> str | None:
    """Return the canonical field whose label variant best matches ``text``, or None."""
    key = label_key(text)
    if not key or len(key) > 24:
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


def matches_any(text: str | None, labels: tuple[str, ...], cutoff: float = COLUMN_CUTOFF) -> bool:
    """True when the row label ``text`` is one of ``labels`` (fuzzily, or interleaved)."""
    key = label_key(text)
    if not key or len(key) > 24:
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
