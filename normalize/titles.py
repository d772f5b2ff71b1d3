"""What a form's title and labels say about it: project or department, or not a form."""

from __future__ import annotations

import re
from collections.abc import Iterable

from selfeval.normalize.labels import simplified
from selfeval.normalize.records import FormKind

#: Title words of a department-wide form (部门整体支出绩效自评表).
_DEPARTMENT_TITLE_WORDS = ("部门整体", "整体支出")
#: Heading words only department forms print: 部门 (部门预算管理, 部门管理) and the
#: second-level headings of the department-wide evaluation framework (投入: 预算配置;
#: 过程: 预算管理, 资产管理; 产出: 职责履行; 效果: 履职效益), which the project framework
#: (项目立项, 资金落实, 业务管理, 财务管理) does not use. Over the fixtures and the wild
#: corpus every form whose headings hold one is a department form.
_DEPARTMENT_HEADINGS = ("部门", "预算配置", "预算管理", "资产管理", "职责履行", "履职效益")
#: Title words of a project form, also where the title names the project itself
#: (``服务贸易项目绩效自评表``, with no 项目名称 cell); a transfer payment's form
#: (``…专项转移支付区域绩效目标自评表``) evaluates one fund, as a project form does.
_PROJECT_TITLE_WORDS = ("项目", "转移支付", "区域绩效")


def form_kind(title: str, fields: dict[str, str], headings: Iterable[str] = ()) -> FormKind:
    """``department`` for a 部门整体支出 form, else ``project``. A title that names
    neither is read from the head rows (an agency with no project and no 主管部门 is a
    department's own form) and the indicator headings (``部门预算管理``, ``预算配置``)."""
    title = simplified(title)
    if any(w in title for w in _DEPARTMENT_TITLE_WORDS):
        return "department"
    if any(w in title for w in _PROJECT_TITLE_WORDS):
        return "project"
    if "project" not in fields and "agency" in fields and "department" not in fields:
        return "department"
    if "project" not in fields and any(w in h for h in headings for w in _DEPARTMENT_HEADINGS):
        return "department"
    return "project"


#: The attachment number some pages print before the title on the same line
#: (``附件2:黄冈市档案馆2020年度项目绩效自评表``).
_ATTACHMENT_PREFIX = re.compile(r"^附件\s*\d*\s*[:：]?\s*")


def title_text(line: str) -> str:
    """A title line without the attachment number printed before it."""
    rest = _ATTACHMENT_PREFIX.sub("", line)
    return rest if rest else line


#: A title's first half ends with what is evaluated (…部门整体支出, …项目) and its second
#: half, the title line, starts with 绩效 and names nothing itself (绩效评价自评报告).
_TITLE_HEAD_END = re.compile(r"(?:支出|项目|整体)\s*$")


def continues_title(previous: str, title: str) -> bool:
    """Whether the title line ``title`` is the second half of a title printed on two
    lines, ``previous`` its first half."""
    previous, title = simplified(previous).strip(), simplified(title).strip()
    return (title.startswith("绩效") and bool(_TITLE_HEAD_END.search(previous))
            and not is_form_title(previous) and not re.search("[:：]", previous))


def is_basic_data_title(title: str) -> bool:
    """A 基础数据表: the figures behind a department evaluation, not a scored form."""
    return "基础数据" in simplified(title)


#: A line naming an attached file (``…绩效自评表(原方志委).xls``) names the form's
#: file, not the form: the title is printed on a line of its own.
_FILE_NAME = re.compile(r"\.(?:xlsx?|docx?|pdf|wps|et)\s*$", re.IGNORECASE)


#: 表 ending a word (自评表, 评价表（2023年度）), not inside one (人大代表之家); or a
#: line ending in 自评报告, whose tables are the form in some provinces' templates
#: (湖南 2016: 财政支出项目绩效评价自评报告; 山东 2018: 财政支出绩效评价报告) — not a
#: page's 公开目录 自评报告 发布日期 … line;
#: or in 评分细则, a scoring sheet's title (广西 2018: …专项支出绩效评分细则); or in 绩效
#: (目标)自评 with no 表 (四川 阆中: …补助地方资金(普通省道公路建设)绩效目标自评), where
#: the line is no ``label: value`` field (评价方式:部门(单位)绩效自评 names the method).
_FORM_WORD = re.compile(
    r"表(?![\u4e00-\u9fff])|(?:自评|绩效评价)报告\s*(?:[(（][^()（）]*[)）])?\s*$|评分细则\s*$"
    r"|^[^:：]*绩效(?:目标)?自评\s*$")


#: A sentence, not a title: a title names a form and stops; prose runs on past a full
#: stop or clause mark, or ends in a colon that introduces what follows (ur01:
#: ``…各项绩效目标。具体完成情况如下表:``). No title of the fixtures or the wild corpus
#: holds one of these marks.
_PROSE = re.compile(r"[。，,；;]|[:：]\s*$")


def is_form_title(text: str) -> bool:
    """A line that titles a form or a data sheet (…自评表, …评价表, …基础数据表,
    …自评报告), not a sentence that names one."""
    text = simplified(text)
    if _FILE_NAME.search(text) or _PROSE.search(text):
        return False
    return bool(_FORM_WORD.search(text)) and any(w in text for w in ("自评", "绩效", "评价"))
