"""Rules on the form's totals: the 分值 column, first-level points, the 总分 得分, the grade."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from selfeval.normalize.records import Fund, Report, Where
from selfeval.scoring.diagnosis import Row, explain
from selfeval.scoring.evidence import (
    Input,
    at_field,
    at_indicator,
    fmt,
    indicator_score,
    of_fund,
    of_indicator,
    of_points,
    of_report,
)
from selfeval.scoring.interval import Interval, exact, printed, total
from selfeval.scoring.profile import Profile
from selfeval.scoring.registry import Finding, NotChecked, Outcome, rule
from selfeval.scoring.unread import described, unread_scores, unread_weights


def _funds_in_total(report: Report, column: str) -> list[Fund]:
    """The funds rows whose ``column`` (weight or score) the total counts: the 年度资金总额
    row's; source rows only when the total row has none (a source row repeating the
    total's 分值/得分, as an OCR'd 财政拨款 row may, is not counted twice)."""
    rows = [f for f in report.funds if getattr(f, column) is not None]
    totals = [f for f in rows if f.kind == "total"]
    return totals or rows


def _weight_rows(report: Report) -> list[Row]:
    rows = [Row(f.label, f.weight, exact(f.weight), True, of_fund(report, f, "weight").path)
            for f in _funds_in_total(report, "weight") if f.weight is not None]
    rows += [Row(i.name or i.level2 or i.level1, i.weight, exact(i.weight), False,
                 of_indicator(report, i, "weight").path)
             for i in report.indicators if i.weight is not None]
    return rows


def _score_rows(report: Report) -> list[Row]:
    rows = [Row(f.label, f.score, printed(f.score), True, of_fund(report, f, "score").path)
            for f in _funds_in_total(report, "score") if f.score is not None]
    for ind in report.indicators:
        interval = indicator_score(ind)
        if interval is not None and ind.score is not None:
            rows.append(Row(ind.name or ind.level2 or ind.level1, ind.score, interval, False,
                            of_indicator(report, ind, "score").path))
    return rows


def _summed(stated: Input, rows: list[Row]) -> tuple[Input, ...]:
    """The inputs of a column total: the printed total, then every summand."""
    return (stated, *(Input(r.path, r.value) for r in rows))


def _with_diagnosis(message: str, diagnosis: str | None) -> str:
    return message if diagnosis is None else f"{message}; the printed total {diagnosis}"


@rule("weight_total_mismatch", "error", uses=("total_points",))
def weight_total_mismatch(report: Report, profile: Profile) -> Iterator[Outcome]:
    """The 分值 column (funds row included) does not add up to the printed total, or
    the printed total is not the profile's total points (注1: 总分应为100分). A form
    with no printed 总分 分值 is not checked; a column short of the total while some
    of its 分值 were not read is ``not_checked``."""
    rows = _weight_rows(report)
    stated = report.total_weight
    if not rows or stated is None:
        return
    column = sum((r.value for r in rows), Decimal(0))
    where = at_field(report, "total_weight")
    missing = unread_weights(report)
    inputs = _summed(of_report(report, "total_weight", reported=True), rows)
    if column < stated and missing:
        yield NotChecked(f"the 分值 read add up to {fmt(column)} of the printed "
                         f"{fmt(stated)}, and {described(missing)} were not read", where, inputs)
    elif column != stated:
        diagnosis = explain(exact(stated), rows, "funds row's 分值")
        message = f"总分分值 {fmt(stated)} ≠ 各项分值之和 {fmt(column)}"
        yield Finding(_with_diagnosis(message, diagnosis), column, stated, where, inputs)
    elif stated != profile.total_points:
        yield Finding(f"总分分值 {fmt(stated)} ≠ {fmt(profile.total_points)} "
                      f"(总分应为{fmt(profile.total_points)}分)",
                      profile.total_points, stated, where, inputs[:1])


@rule("level1_points_mismatch", "error")
def level1_points_mismatch(report: Report, profile: Profile) -> Iterator[Outcome]:
    """A first-level heading's printed points (``产出指标 (50分)``) differ from the sum
    of its indicators' 分值. A heading with no weighted indicator is not checked; a
    heading whose rows fall short while some of its 分值 were not read, or the last
    heading of a table read without its 合计 分值 (a form cut off, or continued on a
    page not read), is ``not_checked``."""
    last = report.indicators[-1].level1 if report.indicators else None
    for level1, points in report.level1_points.items():
        block = [i for i in report.indicators if i.level1 == level1]
        rows = [i for i in block if i.weight is not None]
        if not rows:
            continue
        column = sum((i.weight for i in rows if i.weight is not None), Decimal(0))
        if column == points:
            continue
        where = Where(at_indicator(report, rows[0], "level1_points").page, "level1_points",
                      level1)
        inputs = (of_points(report, level1, reported=True),
                  *(of_indicator(report, i, "weight") for i in rows))
        if column < points and len(rows) < len(block):
            yield NotChecked(f"{level1}: the 分值 of {len(block) - len(rows)} of its rows "
                             "were not read", where, inputs)
        elif column < points and level1 == last and report.total_weight is None:
            yield NotChecked(f"{level1} is the last block of a table read without its 合计 "
                             "row: its later rows may not have been read", where, inputs)
        elif column < points and (page := _page_break_at(report, level1)) is not None:
            yield NotChecked(f"{level1}: its rows meet the page break after page {page}, "
                             "which may have parted its heading cell from rows on the "
                             "other page", where, inputs)
        else:
            parts = "+".join(fmt(i.weight) for i in rows)
            yield Finding(f"{level1}({fmt(points)}分) but its rows weigh {parts} = "
                          f"{fmt(column)}", column, points, where, inputs)


def _page_break_at(report: Report, level1: str) -> int | None:
    """The page after which the table breaks right under the block ``level1``'s last row
    or right above its first (its heading cell may be cut there, its halves read as two
    headings), or None: a block whose rows all lie inside its pages."""
    inds = report.indicators
    at = [n for n, i in enumerate(inds) if i.level1 == level1]
    for before, after in ((at[-1], at[-1] + 1), (at[0] - 1, at[0])):
        if before >= 0 and after < len(inds):
            page, next_page = inds[before].page, inds[after].page
            if page is not None and next_page is not None and next_page > page:
                return page
    return None


@rule("total_mismatch", "error")
def total_mismatch(report: Report, profile: Profile) -> Iterator[Outcome]:
    """The printed 总分 得分 is not the sum of the 得分 column (funds row included); the
    message says what the printed total does equal when one simple explanation fits
    (the sum without the budget-execution score, one row left out, one row counted
    twice). A column short of the total while some of its 得分 were not read is
    ``not_checked``."""
    rows = _score_rows(report)
    stated = report.total_score
    if stated is None or not rows:
        return
    reported = printed(stated)
    column_total = total(r.interval for r in rows)
    if column_total.overlaps(reported):
        return
    missing = unread_scores(report)
    short = column_total.hi is not None and column_total.hi < reported.lo
    inputs = _summed(of_report(report, "total_score", reported=True), rows)
    if short and missing:
        yield NotChecked(f"the 得分 read add up to less than the printed {fmt(stated)}, "
                         f"and {described(missing)} were not read",
                         at_field(report, "total_score"), inputs)
        return
    column = sum((r.value for r in rows), Decimal(0))
    diagnosis = explain(reported, rows, "budget-execution score")
    message = f"总分得分 {fmt(stated)} ≠ 各项得分之和 {fmt(column)}"
    yield Finding(_with_diagnosis(message, diagnosis), column, stated,
                  at_field(report, "total_score"), inputs)


def _within_bands(total_score: Interval, profile: Profile) -> Interval:
    """A total above the top band (over 100: total_mismatch's business) grades as the top."""
    tops = [g.hi for g in profile.grades if g.hi is not None]
    top = max(tops, default=None)
    if top is not None and total_score.lo > top:
        return exact(top)
    return total_score


@rule("conclusion_mismatch", "error", uses=("grades",))
def conclusion_mismatch(report: Report, profile: Profile) -> Iterator[Finding]:
    """The grade contradicts the printed total: 优 90–100, 良 80–<90, 中 60–<80, 差 <60
    (or the bands of the profile: the form's own 评价等级 box, a rules file). A total
    above the top band grades as the top band."""
    if report.conclusion is None or report.total_score is None:
        return
    band = profile.grade(report.conclusion)
    if band is None:
        return
    stated = _within_bands(printed(report.total_score), profile)
    if band.admits(stated):
        return
    fitting = [g.name for g in profile.grades if g.admits(stated)]
    if not fitting:  # a gap between printed bands: no grade to expect
        return
    expected = "/".join(fitting)
    yield Finding(f"graded {band.name}, but 总分 {fmt(report.total_score)} is outside "
                  f"{band.describe()}; the bands give {expected}",
                  expected, report.conclusion, at_field(report, "conclusion"),
                  (of_report(report, "conclusion", reported=True),
                   of_report(report, "total_score")))
