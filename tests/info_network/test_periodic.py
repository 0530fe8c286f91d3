"""The county centre's quarterly analysis and half-year summary (processes/info_network/periodic.py, issue 13 §2).

「001 三、1」 每季度进行预警分析,每半年进行工作总结: two timer-started processes give the centre a writing step
after each quarter and half-year. The statistics it writes over are proved on a small dataset whose numbers
are worked out by hand below: items by the nine categories 「002 二(一)」, by source 「002 二(二)」, by level
「002 四」 and by unit; deductions and colours with the shipped defaults (「001 第一篇(四)四是」: 二级 3 points,
三级 1, 一级 6; blue ≤ 11, yellow ≤ 8, red ≤ 5 points left) and the accountability two warnings open
(「001 第一篇(五)6」); and the late or missing monthly reports (「001 三、1」 25日/28日).
"""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from docx import Document
from sqlalchemy import select

from engine.db import unit_of_work
from engine.errors import FormInvalid
from engine.errors import NotPermitted
from engine.models import HumanTask
from engine.models import StartSchedule
from engine.models import Unit
from engine.start_schedules import resume_schedule
from processes.info_network import create_item
from processes.info_network import grade_item
from processes.info_network import verify_item
from processes.info_network.periodic import Period
from processes.info_network.periodic import default_period
from processes.info_network.periodic import parse_period
from processes.info_network.periodic import period_analysis
from processes.info_network.periodic import period_statistics
from processes.info_network.periodic_reports import ANALYSIS_HEADINGS
from processes.info_network.periodic_reports import period_docx
from processes.info_network.periodic_reports import period_workbook
from tests.engine.starts_support import complete
from tests.info_network.test_monthly_report import _at
from tests.info_network.test_monthly_report import _sweep
from tests.info_network.test_monthly_report import _task

Q1 = Period("quarter", 2030, 1)
H1 = Period("half", 2030, 1)
ANALYSIS = {"overview": "一季度共收到预警信息4条,财政局扣4分已达黄色预警。", "problems": "财政资金管理问题集中。",
            "suggestions": "对财政局开展专项督查。"}


def _resume(world, key: str) -> None:
    with unit_of_work(world.factory) as session:
        schedule = session.execute(select(StartSchedule).where(StartSchedule.key == key)).scalar_one()
        resume_schedule(session, world.clock, world.actor(session, "admin"), schedule.id)


def _item(world, when: str, category: str, source: str, grading: tuple | None = None, **subject) -> int:
    """Report an item on ``when``'s day; verify and grade it then (grading = decider, situation, harm)."""
    world.clock.set(_at(when))
    with unit_of_work(world.factory) as session:
        item_id = create_item(session, world.clock, world.actor(session, "yj.officer"),
                              {"category": category, "source": source, "facts": "反映的事实。", **subject}).id
    if grading is not None:
        decider, situation, harm = grading
        with unit_of_work(world.factory) as session:
            verify_item(session, world.clock, world.actor(session, "yj.centre"), item_id)
            grade_item(session, world.clock, world.actor(session, decider), item_id, situation=situation, harm=harm)
    return item_id


@pytest.fixture()
def dataset(info_world):
    """Four items in 2030's first quarter, one in April and one in December 2029 (outside it)."""
    w = info_world
    finance, town = {"unit_id": w.unit_id("dept-finance")}, {"unit_id": w.unit_id("town-zhengyang")}
    mayor = {"cadre_id": w.cadre_id("town-zhengyang", "镇长")}
    _item(w, "2029-12-30T10:00:00+08:00", "conduct", "public", **finance)
    # 二级 (allowances_abused): 3 points, finance 12 → 9, blue — its first warning
    _item(w, "2030-01-10T10:00:00+08:00", "projects_funds", "invited_officer",
          ("yj.deputy", "allowances_abused", "heavy"), **finance)
    # 三级 (accounts_disorder): 1 point, finance 9 → 8, yellow — its second warning opens accountability
    _item(w, "2030-02-05T10:00:00+08:00", "conduct", "reported_from_below",
          ("yj.centre", "accounts_disorder", "light"), **finance)
    # 三级: 1 point, 正阳关镇 12 → 11, blue
    _item(w, "2030-03-01T10:00:00+08:00", "harm_to_public", "public", ("yj.centre", "accounts_disorder", "light"),
          **town)
    # about a cadre of 正阳关镇, not graded: counts under the cadre's unit and as 未定级
    _item(w, "2030-03-20T10:00:00+08:00", "early_signs", "media", **mayor)
    # 一级 (fiscal_funds_misused): 6 points in April, finance 8 → 2, red: the second quarter, the first half
    _item(w, "2030-04-01T10:00:00+08:00", "administration", "commission_work",
          ("yj.secretary", "fiscal_funds_misused", "severe"), **finance)
    w.clock.set(_at("2030-07-02T10:00:00+08:00"))
    return w


def _stats(world, period: Period, username: str = "yj.centre"):
    with world.factory() as session:
        return period_statistics(session, world.clock, world.user(session, username), period)


def test_the_quarter_counts_items_by_the_nine_categories_and_the_sources_002_2(dataset):
    """「002 二(一)」 nine categories and 「002 二(二)」 sources: every label listed, zeros included; only the items
    reported in the quarter (not December's, not April's)."""
    stats = _stats(dataset, Q1)
    assert stats.total_items == 4
    assert list(stats.by_category) == ["思想、工作、生活作风方面问题", "遵纪守法、依法办事方面问题",
                                       "人事、财物、资产等行政事务管理违规",
                                       "工程建设、土地出让、政府采购、资源开发、专项资金管理违规",
                                       "部门和行业不正之风的新情况、新特点", "损害群众利益的突出问题",
                                       "党和国家政策落实中存在的问题", "违反廉政规定的苗头性、倾向性问题",
                                       "其他违反党风廉政建设规定的反映"]
    assert list(stats.by_category.values()) == [1, 0, 0, 1, 0, 1, 0, 1, 0]
    assert {k: v for k, v in stats.by_source.items() if v} == {
        "下级报送": 1, "新闻媒体披露": 1, "特邀信息员提供": 1, "社会各界反映": 1}
    assert sum(stats.by_source.values()) == 4


def test_the_quarter_counts_levels_and_the_ungraded_002_4(dataset):
    """「002 四」 three levels, 一级 the highest; an item not yet graded (「002 三 3」) is counted apart."""
    assert _stats(dataset, Q1).by_level == {"一级预警": 0, "二级预警": 1, "三级预警": 2, "未定级": 1}


def test_deductions_colours_and_accountability_of_the_quarter_001_4_4_and_5_6(dataset):
    """「001 第一篇(四)四是」 finance loses 3 + 1 = 4 points (blue, then yellow), 正阳关镇 1 (blue): 3 deductions,
    5 points, two blue and one yellow; 「001 第一篇(五)6」 finance's second warning opens accountability."""
    stats = _stats(dataset, Q1)
    assert (stats.deductions, stats.points) == (3, 5)
    assert stats.colours == {"蓝色预警": 2, "黄色预警": 1, "红色预警": 0}
    assert stats.accountability == 1
    by_unit = {line.unit_name: line for line in stats.units}
    finance, town = by_unit["县财政局"], by_unit["正阳关镇"]
    assert (finance.items, finance.points, finance.colours, finance.accountability) == (
        2, 4, {"blue": 1, "yellow": 1, "red": 0}, 1)
    # the cadre's item counts under the cadre's unit
    assert (town.items, town.points, town.colours, town.accountability) == (2, 1, {"blue": 1, "yellow": 0, "red": 0}, 0)
    assert [line.unit_name for line in stats.units] == ["县财政局", "正阳关镇"]  # most items, then most points


def test_the_half_year_adds_april_001_3_1(dataset):
    """「001 三、1」 每半年进行工作总结: the first half takes both quarters — April's 一级 item takes 6 more points
    from finance (8 → 2: red)."""
    stats = _stats(dataset, H1)
    assert (stats.total_items, stats.points) == (5, 11)
    assert stats.by_level["一级预警"] == 1
    assert stats.colours == {"蓝色预警": 2, "黄色预警": 1, "红色预警": 1}
    assert len(stats.months) == 6


def test_late_and_missing_monthly_reports_of_the_quarter_001_3_1(info_world):
    """「001 三、1」 the unit reports on the 28th: January reported on time, February's report overdue, no March
    report started — two late or missing reports in the quarter, one a month."""
    _resume(info_world, "info_monthly_report")
    county = info_world.unit_id("county")
    [january] = _sweep(info_world, "2030-01-20T09:00:01+08:00")
    complete(info_world, "yj.invited", _task(info_world, january, "officer_report"), {"zero_report": True})
    info_world.clock.set(_at("2030-01-28T10:00:00+08:00"))
    complete(info_world, "yj.office", _task(info_world, january, "unit_report"), {"zero_report": True})
    _sweep(info_world, "2030-02-20T09:00:01+08:00")
    info_world.clock.set(_at("2030-04-02T10:00:00+08:00"))  # no sweep on 20 March: March never started
    months = _stats(info_world, Q1).months
    assert [m.month for m in months] == [dt.date(2030, 1, 1), dt.date(2030, 2, 1), dt.date(2030, 3, 1)]
    assert months[0].counts["reported"] == 1 and months[0].late == []
    assert [(row.unit_id, row.state) for row in months[1].late] == [(county, "overdue")]
    assert [(row.unit_id, row.state) for row in months[2].late] == [(county, "not_started")]
    assert _stats(info_world, Q1).late_reports == 2


def test_only_the_centre_and_supervisors_read_the_analysis_issue_13_2(info_world):
    """Issue 13 §2: the quarterly analysis is the centre's task; supervisors read it; an officer may not."""
    assert _stats(info_world, Q1, "chen.supervisor").total_items == 0
    with pytest.raises(NotPermitted):
        _stats(info_world, Q1, "yj.officer")


def test_the_quarterly_timer_gives_the_centre_its_analysis_of_the_quarter_before_001_3_1(info_world):
    """「001 三、1」 每季度进行预警分析: installed held; once resumed, the first of April starts the first quarter's
    analysis, a step of the county centre; what it writes is the quarter's analysis."""
    with info_world.factory() as session:
        schedules = {s.key: s for s in session.execute(select(StartSchedule)).scalars()}
    quarterly, half = schedules["info_quarterly_analysis"], schedules["info_half_year_summary"]
    assert quarterly.paused and half.paused  # new timer starts ship held
    assert (quarterly.expression, half.expression) == ("R/2026-04-01T09:00:00+08:00/P3M",
                                                       "R/2026-07-01T09:00:00+08:00/P6M")
    _resume(info_world, "info_quarterly_analysis")
    assert _sweep(info_world, "2030-03-31T23:59:00+08:00") == []
    [started] = _sweep(info_world, "2030-04-01T09:00:01+08:00")
    step = _task(info_world, started, "write_quarterly_analysis")
    county = info_world.unit_id("county")
    with info_world.factory() as session:
        task = session.get(HumanTask, step)
        assert (task.unit_id, [c.role for c in task.candidates]) == (county, ["info_centre"])
        open_analysis = period_analysis(session, Q1)
        assert (open_analysis.task_id, open_analysis.completed_at) == (step, None)
        assert period_analysis(session, Period("quarter", 2030, 2)) is None
    with pytest.raises(FormInvalid):  # the three parts are required
        complete(info_world, "yj.centre", step, {"overview": "只写了总体情况。"})
    complete(info_world, "yj.centre", step, ANALYSIS)
    with info_world.factory() as session:
        written = period_analysis(session, Q1)
    assert written.completed_at is not None and written.text == ANALYSIS


def test_the_half_year_timer_starts_the_summary_of_the_half_before_001_3_1(info_world):
    """「001 三、1」 每半年进行工作总结: the first of July starts the first half's summary."""
    _resume(info_world, "info_half_year_summary")
    [started] = _sweep(info_world, "2030-07-01T09:00:01+08:00")
    step = _task(info_world, started, "write_half_year_summary")
    with info_world.factory() as session:
        assert period_analysis(session, H1).task_id == step


@pytest.mark.parametrize("text", ["2030-Q5", "2030-H3", "2030-Q0", "1999-Q1", "2030Q1", "", None, "2030-01"])
def test_a_period_is_a_quarter_or_a_half_year(text):
    with pytest.raises(FormInvalid) as refused:
        parse_period(text)
    assert refused.value.details["period"][0].startswith("统计期间应为")


def test_periods_have_their_days_and_names():
    assert (parse_period("2030-Q4").first_day, parse_period("2030-Q4").last_day) == (dt.date(2030, 10, 1),
                                                                                   dt.date(2030, 12, 31))
    assert (H1.first_day, H1.last_day, H1.label, Q1.label) == (dt.date(2030, 1, 1), dt.date(2030, 6, 30),
                                                               "2030年上半年", "2030年第一季度")


def test_the_default_period_is_the_last_finished_quarter(info_world):
    info_world.clock.set(_at("2030-01-20T10:00:00+08:00"))
    assert default_period(info_world.clock) == Period("quarter", 2029, 4)
    assert default_period(info_world.clock, "half") == Period("half", 2029, 2)


def test_the_written_analysis_goes_into_the_docx_and_the_excel_dated_the_day_it_was_written_001_3_1(info_world):
    """「001 三、1」 the quarter's analysis as files: the DOCX (GB/T 9704 layout of the Measures' renderer, as a
    report the centre keeps: no red masthead) carries the figures and the centre's three parts and is dated the
    day the centre wrote it; the workbook's 分析 sheet holds the same text."""
    _resume(info_world, "info_quarterly_analysis")
    [started] = _sweep(info_world, "2030-04-01T09:00:01+08:00")
    info_world.clock.set(_at("2030-04-03T15:00:00+08:00"))
    complete(info_world, "yj.centre", _task(info_world, started, "write_quarterly_analysis"), ANALYSIS)
    info_world.clock.set(_at("2030-05-10T10:00:00+08:00"))
    with info_world.factory() as session:
        stats = period_statistics(session, info_world.clock, info_world.user(session, "yj.centre"), Q1)
        analysis = period_analysis(session, Q1)
        root = session.execute(select(Unit).where(Unit.parent_id.is_(None))).scalar_one()
        document = Document(io.BytesIO(period_docx(stats, analysis, root, dt.date(2030, 5, 10))))
        book = openpyxl.load_workbook(io.BytesIO(period_workbook(stats, analysis)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "2030年第一季度廉情预警分析报告"  # the title first: no masthead on an internal report
    for number, (key, heading) in zip(("五", "六", "七"), ANALYSIS_HEADINGS.items(), strict=True):
        assert texts[texts.index(f"{number}、{heading}") + 1] == ANALYSIS[key]
    assert texts[-2:] == [f"{root.name}预警中心", "2030年4月3日"]  # the day it was written, not today
    sheet = book["分析"]
    assert [(row[0].value, row[1].value) for row in sheet.iter_rows(min_row=3)] == [
        (heading, ANALYSIS[key]) for key, heading in ANALYSIS_HEADINGS.items()]
