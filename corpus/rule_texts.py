"""The ``rules`` table: every rule a flag can name, with its severity and meaning.

Ids and severities come from the scorer (:data:`selfeval.scoring.RULES`), the repair
flags of the normaliser and ``not_checked``; a scorer rule's English text is its
docstring (the row of docs/scoring.md). The Chinese texts are written here, for readers
of the database; a test checks that every rule has one.
"""

from __future__ import annotations

from dataclasses import dataclass

from selfeval.normalize.records import OCR_LOW_CONFIDENCE_RULE, REPAIR_RULES
from selfeval.scoring import NOT_CHECKED, RULES


@dataclass(frozen=True)
class RuleText:
    """One row of the ``rules`` table."""

    id: str
    severity: str
    #: ``check`` (a scorer rule), ``repair`` (the normaliser repaired a value) or
    #: ``not_checked`` (a check that could not be made).
    kind: str
    description_zh: str | None
    description_en: str


CHINESE = {
    "funds_rate_mismatch": "资金执行率不等于全年执行数 ÷ 全年预算数（已考虑四舍五入）。",
    "funds_score_mismatch": "预算执行率得分不等于 min(执行率, 100%) × 分值。",
    "funds_breakdown_mismatch":
        "年度资金总额不等于各资金来源（财政拨款、上年结转、其他资金）之和。",
    "score_exceeds_weight": "三级指标得分高于该指标分值（注1：得分最高不能超过分值上限）。",
    "quantitative_rule_mismatch":
        "定量指标得分不符合注3的计分公式（≥A：min(B/A,1)×分值；≤A：min(A/B,1)×分值）。",
    "unmet_target_full_score": "定量指标未达到年度指标值，却给了满分。",
    "missing_reason": "得分低于分值，但未填写未完成原因（注2）。",
    "cost_exceeds_executed": "成本指标中实际发生的金额之和超过全年执行数。",
    "weight_total_mismatch":
        "分值列之和不等于总分分值，或总分分值不是规定的总分（注1：总分应为100分）。",
    "level1_points_mismatch": "一级指标标注的分数与其下三级指标分值之和不符。",
    "total_mismatch": "总分得分不等于各项得分之和。",
    "conclusion_mismatch": "评价等级与总分不符（优 90–100，良 80–<90，中 60–<80，差 <60）。",
    NOT_CHECKED: "某条规则所需的数据未能读出，因此未作检查（不是错误）。",
    "year_artifact": "年度被印成带千分位的数字（如“2, 023年度”），记录中已修正。",
    OCR_LOW_CONFIDENCE_RULE: "扫描件中某单元格的识别置信度偏低，请人工核对。",
}

#: The English text of the rules the scorer does not run (docs/scoring.md, "Repair flags
#: and checks not made").
_ENGLISH_NOT_SCORER = {
    NOT_CHECKED: "A rule could not be decided because an input it needs was not read; "
                 "the message names the rule and the missing cells.",
    "year_artifact": "A year is printed as a formatted number (2, 023年度, 2,023); the "
                     "record holds the repaired year.",
    OCR_LOW_CONFIDENCE_RULE: "A scanned cell was read below the recogniser's confidence "
                             "threshold; where.box marks the cell for a human to check.",
}


def plain_text(docstring: str) -> str:
    """A rule's docstring as one line of plain text, without its double-backtick marks."""
    return " ".join(docstring.replace("``", "").split())


def rule_texts() -> tuple[RuleText, ...]:
    """Every rule a flag can name: the scorer's in the order they run, then the others."""
    rows = [RuleText(r.id, r.severity, "check", CHINESE.get(r.id), plain_text(r.text))
            for r in RULES.values()]
    rows.append(RuleText(NOT_CHECKED, "info", "not_checked", CHINESE.get(NOT_CHECKED),
                         _ENGLISH_NOT_SCORER[NOT_CHECKED]))
    rows += [RuleText(rule, "info", "repair", CHINESE.get(rule), _ENGLISH_NOT_SCORER[rule])
             for rule in sorted(REPAIR_RULES)]
    return tuple(rows)
