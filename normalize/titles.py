"""What a form's title and labels say about it: project or department, or not a form."""

from __future__ import annotations

from selfeval.normalize.records import FormKind

#: Title words of a department-wide form (部门整体支出绩效自评表).
_DEPARTMENT_TITLE_WORDS = ("部门整体", "整体支出")


def form_kind(title: str, fields: dict[str, str]) -> FormKind:
    """``department`` for a 部门整体支出 form, else ``project``."""
    if any(w in title for w in _DEPARTMENT_TITLE_WORDS):
        return "department"
    if "project" not in fields and "agency" in fields and "department" not in fields:
        return "department"
    return "project"


def is_basic_data_title(title: str) -> bool:
    """A 基础数据表: the figures behind a department evaluation, not a scored form."""
    return "基础数据" in title


def is_form_title(text: str) -> bool:
    """A line that titles a form or a data sheet (…自评表, …评价表, …基础数据表)."""
    return "表" in text and any(w in text for w in ("自评", "绩效", "评价"))
