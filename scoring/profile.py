"""Rule profiles: which grade bands, total and caps a form is checked against.

Precedence, lowest first: the national rules (财预〔2020〕10号, the 注 block of the
standard 自评表) → a user's rules file (``--rules FILE.toml``, a provincial variant)
→ the form's own printed rules (its 注 block, its 评价等级 box). Each parameter
remembers where it came from, so every flag can name the profile that produced it.

A rules file is TOML; every key is optional::

    name = "guangdong-2022"          # how flags name this profile (default "rules")
    total_points = 100               # 总分应为100分
    cap_execution_score = true       # 得分 = min(执行率, 100%) × 分值 (false: 执行率 × 分值)
    execution_rate_base = "budget"   # 执行率 ÷ 全年预算数 ("initial_budget": ÷ 年初预算数)
    qualitative_tiers = [[80, 100], [50, 80], [0, 50]]   # 注4 tiers, % of the 分值
    [[grades]]                       # min inclusive, max exclusive, except a band
    name = "优"                      # whose max is total_points includes it
    min = 90
    max = 100

Scoring never opens files: the CLI reads the TOML and passes the mapping to
:func:`profile_from_mapping`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from selfeval.scoring.interval import Interval

NATIONAL = "national"
FORM = "form"

#: A conclusion cell this short is the grade itself (优, 优秀, 良好, 较差); a longer one
#: must state the grade (结果为优), so a stray 中 in a sentence is never read as 中.
_SHORT_CONCLUSION = 3
_STATED_GRADE_RE = re.compile(r"(?:等级|结论|结果|评定|评价)\s*(?:为|是|:|：)?\s*"
                              r"(优秀|良好|中等|较差|不合格|合格|优|良|中|差)")


@dataclass(frozen=True)
class GradeBand:
    """One grade of the 评价等级 box: ``lo ≤ 总分 < hi`` (bounds as printed)."""

    name: str
    lo: Decimal | None
    hi: Decimal | None
    lo_inclusive: bool = True
    hi_inclusive: bool = False

    def admits(self, value: Interval) -> bool:
        """True when some total in ``value`` falls in this band."""
        if self.lo is not None and value.hi is not None and (
            value.hi < self.lo or (value.hi == self.lo and not self.lo_inclusive)
        ):
            return False
        return self.hi is None or not (
            value.lo > self.hi or (value.lo == self.hi and not self.hi_inclusive)
        )

    def describe(self) -> str:
        lo = "" if self.lo is None else f"{self.lo}{'≤' if self.lo_inclusive else '<'}"
        hi = "" if self.hi is None else f"{'≤' if self.hi_inclusive else '<'}{self.hi}"
        return f"{self.name} {lo}总分{hi}"


@dataclass(frozen=True)
class Profile:
    """The rule parameters a report is checked against, each with its source."""

    name: str
    grades: tuple[GradeBand, ...]
    total_points: Decimal
    cap_execution_score: bool
    qualitative_tiers: tuple[tuple[Decimal, Decimal], ...]
    #: ``(parameter, source)`` pairs; a parameter not listed is the national rule.
    sources: tuple[tuple[str, str], ...] = ()
    #: The funds column 执行率 divides 全年执行数 by (one of :data:`RATE_BASES`).
    execution_rate_base: str = "budget"

    def source(self, parameter: str) -> str:
        """Where ``parameter`` came from: ``national``, ``form`` or ``rules:NAME``."""
        return dict(self.sources).get(parameter, NATIONAL)

    def label(self, parameters: tuple[str, ...]) -> str:
        """The profile a flag names: the sources of the parameters its rule used."""
        found = sorted({self.source(p) for p in parameters}) or [self.name]
        return "+".join(found)

    def applied(self, parameters: tuple[str, ...]) -> str:
        """What a message adds when the rule applied is not the national one: "" for the
        national rules, else where the rule came from."""
        sources = sorted({self.source(p) for p in parameters} - {NATIONAL})
        named = [("as printed on the form" if s == FORM
                  else f"from rules file {s.removeprefix('rules:')}") for s in sources]
        return f" (rule {' and '.join(named)})" if named else ""

    def grade(self, conclusion: str) -> GradeBand | None:
        """The band a printed conclusion names (``优``, ``优秀``, ``评价等级为良``), or
        None when the text names no single grade."""
        text = conclusion.strip().rstrip("。.")
        if len(text) > _SHORT_CONCLUSION:
            stated = _STATED_GRADE_RE.search(text)
            if stated is None:
                return None
            text = stated.group(1)
        exact_match = [g for g in self.grades if g.name == text]
        if exact_match:
            return exact_match[0]
        contained = [g for g in self.grades if g.name in text]
        return contained[0] if len(contained) == 1 else None

    def describe(self) -> str:
        """One line for the audit output."""
        bands = "; ".join(g.describe() for g in self.grades)
        cap = "min(执行率, 100%)" if self.cap_execution_score else "执行率 (uncapped)"
        cap += f" (执行率 = 全年执行数 ÷ {RATE_BASES[self.execution_rate_base]})"
        printed = sorted(p for p, source in self.sources if source == FORM)
        over = f" + the form's printed {', '.join(printed)}" if printed else ""
        tiers = "/".join(f"{hi}–{lo}%" for lo, hi in self.qualitative_tiers)
        return (f"{self.name}{over}: 总分 {self.total_points}; {bands}; "
                f"funds 得分 = {cap} × 分值; 定性 tiers {tiers}")


#: The columns 执行率 may divide 全年执行数 by, with their printed names.
RATE_BASES = {"budget": "全年预算数", "initial_budget": "年初预算数"}


def _band(name: str, lo: int, hi: int | None, hi_inclusive: bool = False) -> GradeBand:
    return GradeBand(name, Decimal(lo), None if hi is None else Decimal(hi), True, hi_inclusive)


#: 财预〔2020〕10号: 优 90–100, 良 80–<90, 中 60–<80, 差 <60; 总分 100; 执行率 capped at
#: 100%; 注4 tiers 100–80% (含80%), 80–50% (含50%), 50–0%.
NATIONAL_PROFILE = Profile(
    name=NATIONAL,
    grades=(_band("优", 90, 100, True), _band("良", 80, 90), _band("中", 60, 80),
            GradeBand("差", None, Decimal(60))),
    total_points=Decimal(100),
    cap_execution_score=True,
    qualitative_tiers=((Decimal(80), Decimal(100)), (Decimal(50), Decimal(80)),
                       (Decimal(0), Decimal(50))),
)


class ProfileError(ValueError):
    """A rules mapping that cannot be used; the message names the bad key."""


_KNOWN_KEYS = {"name", "total_points", "cap_execution_score", "qualitative_tiers", "grades",
               "execution_rate_base"}


def _number(value: Any, key: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ProfileError(f"{key}: expected a number, got {value!r}")
    try:
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))
    except InvalidOperation:
        raise ProfileError(f"{key}: expected a number, got {value!r}") from None


def _grades_from(items: Any, total_points: Decimal) -> tuple[GradeBand, ...]:
    if not isinstance(items, list) or not items:
        raise ProfileError("grades: expected a non-empty list of {name, min, max} tables")
    bands = []
    for i, item in enumerate(items):
        if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
            raise ProfileError(f"grades[{i}]: expected a table with a name")
        unknown = set(item) - {"name", "min", "max"}
        if unknown:
            raise ProfileError(f"grades[{i}]: unknown key {sorted(unknown)[0]!r}")
        lo = _number(item["min"], f"grades[{i}].min") if "min" in item else None
        hi = _number(item["max"], f"grades[{i}].max") if "max" in item else None
        bands.append(GradeBand(item["name"], lo, hi, True, hi is not None and hi >= total_points))
    return tuple(bands)


def _tiers_from(items: Any) -> tuple[tuple[Decimal, Decimal], ...]:
    if not isinstance(items, list) or not all(isinstance(t, list) and len(t) == 2 for t in items):
        raise ProfileError("qualitative_tiers: expected a list of [low, high] percent pairs")
    return tuple((_number(lo, "qualitative_tiers"), _number(hi, "qualitative_tiers"))
                 for lo, hi in items)


def profile_from_mapping(data: Mapping[str, Any], base: Profile = NATIONAL_PROFILE) -> Profile:
    """Build a profile from a rules-file mapping (parsed TOML) over ``base``.

    Raises :class:`ProfileError` for an unknown key or a badly typed value.
    """
    unknown = set(data) - _KNOWN_KEYS
    if unknown:
        raise ProfileError(f"unknown key {sorted(unknown)[0]!r} (known: {sorted(_KNOWN_KEYS)})")
    name = data.get("name", "rules")
    if not isinstance(name, str) or not name:
        raise ProfileError("name: expected a non-empty string")
    total_points = (_number(data["total_points"], "total_points") if "total_points" in data
                    else base.total_points)
    cap = data.get("cap_execution_score", base.cap_execution_score)
    if not isinstance(cap, bool):
        raise ProfileError("cap_execution_score: expected true or false")
    grades = _grades_from(data["grades"], total_points) if "grades" in data else base.grades
    tiers = (_tiers_from(data["qualitative_tiers"]) if "qualitative_tiers" in data
             else base.qualitative_tiers)
    rate_base = data.get("execution_rate_base", base.execution_rate_base)
    if rate_base not in RATE_BASES:
        raise ProfileError(f"execution_rate_base: expected one of {sorted(RATE_BASES)}")
    label = f"rules:{name}"
    given = (_KNOWN_KEYS - {"name"}) & set(data)
    sources = dict(base.sources) | dict.fromkeys(given, label)
    return Profile(label, grades, total_points, cap, tiers, tuple(sorted(sources.items())),
                   rate_base)


# --- the form's own printed rules ---------------------------------------------------

_NUM = r"(\d+(?:\.\d+)?)"
#: ``优 90分≤得分≤100分；良 80分≤得分<90分…差 得分<60分`` (seed 004's 评价等级 box).
_BAND_RE = re.compile(
    r"(优秀|良好|优|良|中等|中|不合格|合格|较差|差)[^0-9得优良中差]{0,8}?"
    rf"(?:{_NUM}\s*分?\s*(≤|<=|<)\s*)?得分\s*(?:(≤|<=|<)\s*{_NUM}\s*分?)?"
)
#: 注1: ``满分为100分`` / ``总分应为100分``.
_TOTAL_RE = re.compile(r"(?:总分应为|总分为|满分为)\s*" + _NUM + r"\s*分")
#: A stated total below this is a note on one indicator (``该指标满分为5分``), not the
#: form's total: every form in the seeds totals 100, and first-level blocks weigh ≤ 50.
_MIN_FORM_TOTAL = Decimal(60)
#: 注4: ``100-80%(含80%)、80-50%(含50%)、50-0%``.
_TIER_RE = re.compile(_NUM + r"\s*[-–—~至]\s*" + _NUM + r"\s*%")


#: A funds header that letters 年初预算数 (A) and 全年执行数 (B) defines 执行率 as B/A on
#: 年初预算数 (wild form wb03 has no 全年预算数 column at all); the national form letters
#: 全年预算数 (A) instead. A rate column lettered over another pair (B/C) overrides it.
_INITIAL_BASE_RE = re.compile(r"年初预算数?\s*[(（]\s*[AＡ]\s*[)）]")
_EXECUTED_B_RE = re.compile(r"执行数\s*[(（]\s*[BＢ]\s*[)）]")
_OTHER_RATIO_RE = re.compile(r"[(（]\s*[BＢ]\s*[/÷]\s*[^AＡ\s]")


def _printed_rate_base(text: str) -> str | None:
    if (_INITIAL_BASE_RE.search(text) and _EXECUTED_B_RE.search(text)
            and not _OTHER_RATIO_RE.search(text)):
        return "initial_budget"
    return None


def _printed_bands(text: str) -> tuple[GradeBand, ...]:
    bands = []
    for m in _BAND_RE.finditer(text):
        name, lo, lo_op, hi_op, hi = m.groups()
        if lo is None and hi is None:
            continue
        bands.append(GradeBand(
            name,
            None if lo is None else Decimal(lo),
            None if hi is None else Decimal(hi),
            lo_op in ("≤", "<="),
            hi_op in ("≤", "<="),
        ))
    names = [b.name for b in bands]
    #: A grading scale has at least two grades; a single match is prose, not a box.
    return tuple(bands) if len(bands) >= 2 and len(set(names)) == len(names) else ()


def _printed_tiers(text: str) -> tuple[tuple[Decimal, Decimal], ...]:
    start = text.find("定性")
    if start < 0:
        return ()
    found = _TIER_RE.findall(text[start:])
    tiers = tuple((min(Decimal(a), Decimal(b)), max(Decimal(a), Decimal(b))) for a, b in found)
    return tiers if len(tiers) >= 2 else ()


#: Rules the national profile already holds, recognised when a form prints them, so a
#: flag of that rule names the form as its source (注1, 注2, 注3 of the standard form).
_STATEMENTS = {
    "score_cap": re.compile(r"得分最高不[能得]?超过"),
    "reason_required": re.compile(r"未完成原因分析\s*[:：]"),
    "quantitative_formula": re.compile(r"正向指标.{0,120}反向指标", re.S),
}


def with_form_rules(profile: Profile, rules_text: str) -> Profile:
    """Return ``profile`` overridden by the rules the form prints (``rules_text``)."""
    if not rules_text.strip():
        return profile
    stated = [key for key, pattern in _STATEMENTS.items() if pattern.search(rules_text)]
    changes: dict[str, Any] = {}
    bands = _printed_bands(rules_text)
    if bands:
        changes["grades"] = bands
    totals = [Decimal(m) for m in _TOTAL_RE.findall(rules_text)]
    totals = [t for t in totals if t >= _MIN_FORM_TOTAL]
    if totals:
        changes["total_points"] = totals[0]
    tiers = _printed_tiers(rules_text)
    if tiers:
        changes["qualitative_tiers"] = tiers
    rate_base = _printed_rate_base(rules_text)
    if rate_base:
        changes["execution_rate_base"] = rate_base
    if not changes and not stated:
        return profile
    sources = dict(profile.sources) | {key: FORM for key in [*changes, *stated]}
    return replace(profile, sources=tuple(sorted(sources.items())), **changes)
