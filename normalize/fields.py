"""Header fields of a form: ``label | value`` cells and ``label: value`` text lines."""

from __future__ import annotations

import re
from functools import lru_cache

from selfeval.normalize.headers import (
    FIELD_CUTOFF,
    exact_field,
    label_key,
    match_label,
    matches_any,
)
from selfeval.normalize.labels import NO_FIELD, LabelModel, labels, simplified
from selfeval.normalize.sheet import CellView, Row
from selfeval.normalize.text import clean_text, close_cjk_gaps
from selfeval.normalize.titles import is_form_title

#: Labels that may stand in a footer line but are no field of the record.
_OTHER_FOOTER_LABELS = ("单位负责人签字", "单位负责人", "审核人", "负责人")

#: A value that is only a money unit: ``单位:万元`` notes the unit, it names no agency
#: (``单位`` is the agency's label on forms that print ``单位 | …`` as a head row).
_MONEY_UNIT_ONLY = re.compile(r"^[(（]?万?元[)）]?$")


def _ends_in_colon(text: str) -> bool:
    """A cell ending in a colon labels a value of its own (``财务负责人:``), it is none."""
    return text.endswith((":", "："))


def row_fields(row: Row) -> list[tuple[str, str, CellView, CellView | None]]:
    """Return ``(field, value, label cell, value cell)`` for every ``label | value`` pair
    in a table row.

    The value is the next cell to the right of the label, unless that cell is itself
    a label (the value is then ``""``, in no cell); a cell that prints ``label: value``
    itself gives its own pairs, in that cell.
    """
    cells = row.cells()
    if cells and matches_any(cells[0].text, labels().row_labels["list_head"]):
        return []  # a list's column heads (序号 | 项目名称 | 备注) name columns, not fields
    table = labels().header_fields
    out: list[tuple[str, str, CellView, CellView | None]] = []
    for i, view in enumerate(cells):
        if out and out[-1][3] is view:
            continue  # the value of the label before it
        field = match_label(view.text, table, FIELD_CUTOFF)
        nxt = cells[i + 1] if i + 1 < len(cells) else None
        if field is None:
            # a label and its value in one cell: 填报日期:2022年2月3日
            inline = line_fields(view.text) if ":" in view.text else []
            out += [(name, value, view, view) for name, value in inline]
            if nxt is not None:
                out += [(name, value, view, nxt)
                        for name, value in _slashed_pairs(view.text, nxt.text)]
            continue
        if field == NO_FIELD:
            continue
        if nxt is None or _labels_a_value(nxt, i + 1 < len(cells) - 1) or _ends_in_colon(nxt.text):
            out.append((field, "", view, None))
        elif not _MONEY_UNIT_ONLY.match(nxt.text):
            out.append((field, nxt.text, view, nxt))
    return out


def _labels_a_value(view: CellView, followed: bool) -> bool:
    """Whether the cell after a label is a label itself (the first label's value left
    blank): a listed label, or one close to a listed label with a cell after it for its
    value. Close to a label and last in its row, it is the value (湖南: ``實施單位 |
    相關項目建設單位``, the agency named by what it is)."""
    table = labels().header_fields
    return exact_field(view.text, table) is not None or (
        followed and match_label(view.text, table, FIELD_CUTOFF) is not None)


def _slashed_pairs(label: str, value: str) -> list[tuple[str, str]]:
    """Two labels printed in one cell over two values in the next, each pair split at
    its slash (宁夏: ``项目实施单位/项目负责人 | 原州区农技中心/杨勃兴``); nothing unless the
    cells split alike and every part of the label is a listed field."""
    labels_, values = label.split("/"), value.split("/")
    if len(labels_) < 2 or len(labels_) != len(values):
        return []
    fields = [match_label(part, labels().header_fields, FIELD_CUTOFF) for part in labels_]
    if any(f in (None, NO_FIELD) for f in fields):
        return []
    return [(str(f), v.strip()) for f, v in zip(fields, values, strict=True)]


#: A field label naming a level above the agency's (``省级主管部门``, ``自治区主管部门``):
#: where the form also names the field at a lower level (``市县主管部门``), that one is
#: the agency's (宁夏; 中央主管部门 names no field at all).
_UPPER_LEVEL_LABEL = re.compile(r"^(省级?|自治区)")


def names_upper_level(label: str) -> bool:
    """``label`` names a field at a level above the agency's (see above)."""
    return bool(_UPPER_LEVEL_LABEL.match(label_key(label)))


@lru_cache(maxsize=4)
def _label_pattern(model: LabelModel) -> re.Pattern[str]:
    words = [v for variants in model.header_fields.values() for v in variants]
    words += list(_OTHER_FOOTER_LABELS)
    alternatives = sorted({re.escape(clean_text(x)) for x in words}, key=len, reverse=True)
    return re.compile(rf"(?<![\u4e00-\u9fff])({'|'.join(alternatives)})\s*[:：]")


def unlabelled_goal_actual(row: Row, label: CellView) -> CellView | None:
    """The 实际完成情况 of a goal row printed with no 预期目标 | 实际完成情况 header
    (``年度总体目标 | 目标 | 完成情况``, Beijing 2016): the second of exactly two texts
    right of the label, when neither is a label itself."""
    model = labels()
    views = [v for v in row.cells() if v.col > label.col and v.text]
    if len(views) != 2 or any(
            match_label(v.text, model.header_fields, FIELD_CUTOFF) or
            match_label(v.text, model.row_labels, FIELD_CUTOFF) for v in views):
        return None
    return views[1]


#: A label no list knows ending a line's last value (``项目负责人:　财务负责人:``).
_TRAILING_LABEL = re.compile(r"\s*[^\s:：]+[:：]$")


#: A telephone number printed after a name in one cell (``项目负责人及电话 | 李宁0557-5788003``).
_TRAILING_PHONE = re.compile(r"[\s,，、:：]*(\(?0\d{2,3}\)?-?\d{7,8}|1\d{10})$")


#: A name printed letter-spaced, one character at a time (``胡 军``, set to the width of
#: a three-character name); names printed side by side (``张三 李四``) are left apart.
_LETTER_SPACED_NAME = re.compile(r"^[\u4e00-\u9fff](?:\s+[\u4e00-\u9fff])+$")


def split_contact(value: str | None) -> tuple[str | None, str | None]:
    """A contact cell as (name, phone): the phone printed after the name, if any; a
    letter-spaced name closed up."""
    if not value:
        return value, None
    m = _TRAILING_PHONE.search(value)
    name, phone = (value, None) if m is None or m.start() == 0 else (
        value[: m.start()].strip(), m[1])
    return (close_cjk_gaps(name) if _LETTER_SPACED_NAME.match(name) else name), phone


def line_fields(text: str) -> list[tuple[str, str]]:
    """Return ``(field, value)`` pairs of a text line such as
    ``单位(盖章): 某某联合会 填报日期: 2024/02/05`` (a blank value reads ``""``), or of
    a line with no colon that starts with a listed label and a space."""
    s = clean_text(text)
    model = labels()
    matches = list(_label_pattern(model).finditer(_as_simplified(s)))
    if not matches:
        return _spaced_field(s, model)
    out = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(s)
        field = match_label(label_key(m[1]), model.header_fields, FIELD_CUTOFF)
        value = _TRAILING_LABEL.sub("", s[m.end() : end]).strip()
        if field is not None and field != NO_FIELD and not _MONEY_UNIT_ONLY.match(value):
            out.append((field, value))
    return out


def _as_simplified(text: str) -> str:
    """``text`` in simplified characters where that keeps every character in its place
    (a traditional form's ``項目名稱:`` found by the listed ``项目名称``); the values are
    still cut from the text as printed."""
    converted = simplified(text)
    return converted if len(converted) == len(text) else text


def _spaced_field(line: str, model: LabelModel) -> list[tuple[str, str]]:
    """A cover-page line ``项目名称 代表之家``: a listed label, a space, the value (its
    letter spacing closed: ``优 抚``); a line that is a listed label alone (``主管部门``)
    prints the field blank, ``""``."""
    label, _, value = line.partition(" ")
    field = exact_field(label, model.header_fields)
    if field is None and " " not in line:
        return _fused_field(line, model)
    if field == NO_FIELD or field is None or _MONEY_UNIT_ONLY.match(value.strip()):
        return []
    return [(str(field), close_cjk_gaps(value.strip()))]


#: A label run into its value (``项目名称防尘洗护费``) is read only when it is at least
#: this long: a scan's text line loses the narrow space a cover page prints after the
#: label, and the cover's labels are four characters (项目名称, 项目单位, 主管部门); the
#: shorter ones (单位, 部门) open ordinary words (单位负责人, 部门整体).
MIN_FUSED_LABEL_CHARS = 4

#: A value run into its label names something; clause punctuation makes it a sentence
#: (``主管部门高度重视，…``), which names no field.
_CLAUSE_MARK = re.compile(r"[，,。；;：:]")


@lru_cache(maxsize=4)
def _fused_label(model: LabelModel) -> re.Pattern[str]:
    words = {clean_text(v) for field, variants in model.header_fields.items()
             if field != NO_FIELD for v in variants}
    alternatives = sorted((re.escape(w) for w in words
                           if len(w) >= MIN_FUSED_LABEL_CHARS and " " not in w),
                          key=len, reverse=True)
    return re.compile(rf"^({'|'.join(alternatives)})(?=\w)")


def _fused_field(line: str, model: LabelModel) -> list[tuple[str, str]]:
    """A cover-page line whose label runs into its value (see MIN_FUSED_LABEL_CHARS);
    nothing for a form's title (``主管部门整体支出绩效自评表``) or a sentence."""
    m = _fused_label(model).match(_as_simplified(line))
    value = line[m.end():] if m else ""
    if not value or is_form_title(line) or _CLAUSE_MARK.search(value):
        return []
    field = exact_field(m[1], model.header_fields) if m else None
    return [(field, value)] if field not in (None, NO_FIELD) else []


_UNIT = re.compile(
    r"[(（]\s*(?P<bracket>万元|元)\s*(?:[)）]|$)"  # 项目资金（万元）, 年度预算申请(万元
    r"|单位[:：]?\s*(?P<label>万元|元)"          # 单位：万元, 金额单位：万元
    r"|^[\d,.]*\s*(?P<suffix>万元|元)$"          # 4753.66万元, or a blank amount: 万元
)


def money_unit_in(text: str) -> str | None:
    """Return ``元`` or ``万元`` when ``text`` states the money unit: ``项目资金(万元)``,
    ``单位：万元`` or an amount printed with its unit, ``4753.66万元``."""
    m = _UNIT.search(simplified(clean_text(text)).replace(" ", ""))
    return (m["bracket"] or m["label"] or m["suffix"]) if m else None


def money_unit_of_row(row: Row) -> str | None:
    """The money unit a table row states in one cell, or as ``金额单位： | 万元``."""
    cells = row.cells()
    for i, view in enumerate(cells):
        unit = money_unit_in(view.text)
        if unit is None and label_key(view.text).endswith("单位") and i + 1 < len(cells):
            unit = money_unit_in("单位:" + cells[i + 1].text)
        if unit is not None:
            return unit
    return None
