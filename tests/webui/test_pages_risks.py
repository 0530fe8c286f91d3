"""风险台账 /risks (issue 12 §2 views: by unit, level and type): the county sees every unit, a unit its own,
in Chinese; a bad filter is dropped with a note, never a 500."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import Unit
from processes.risk_points.demo import seed_risk_demo
from processes.risk_points.models import IdentificationRound
from tests.webui.pages import demo_password_hash
from tests.webui.pages import text_of
from webui import extensions


@pytest.fixture()
def risk_pages(page_app, browser):
    with page_app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            seed_risk_demo(session, clock, password_hash=demo_password_hash())
    return browser


def test_the_county_sees_every_units_register_with_its_level_counts(risk_pages):
    page = risk_pages("wang.clerk").get("/risks")
    assert page.status_code == 200
    text = text_of(page)
    assert "廉政风险台账" in text and "县财政局" in text and "正阳关镇" in text
    assert "预算资金分配(资金管理)" in text and "违法建设查处(行政执法)" in text
    assert 'id="unit-levels"' in page.get_data(as_text=True)
    assert "风险台账" in text  # the menu names it


def test_filters_by_level_and_type_follow_the_seed(risk_pages):
    clerk = risk_pages("wang.clerk")
    level_1 = text_of(clerk.get("/risks?level=1"))
    assert "预算资金分配(资金管理)" in level_1 and "低保对象审核" not in level_1  # 「004 九」
    moral = text_of(clerk.get("/risks?risk_type=moral"))
    assert "低保对象审核" in moral and "政府采购审批" not in moral  # 「004 七」
    bad = clerk.get("/risks?level=9&risk_type=greed")
    assert bad.status_code == 200
    assert "风险等级应为一级、二级或三级,已忽略" in text_of(bad) and "风险类型不在五类之内,已忽略" in text_of(bad)


def test_a_town_sees_only_its_own_register(risk_pages):
    text = text_of(risk_pages("zy.staff").get("/risks"))
    assert "低保对象审核" in text and "预算资金分配" not in text


def _unit_id(page_app, code: str) -> int:
    with page_app.app_context(), extensions.session_factory()() as session:
        return session.execute(select(Unit.id).where(Unit.code == code)).scalar_one()


def _rounds(page_app) -> list[tuple[int, int]]:
    with page_app.app_context(), extensions.session_factory()() as session:
        return [(r.unit_id, r.year) for r in session.execute(select(IdentificationRound)).scalars()]


def test_the_principal_leader_opens_a_round_and_lands_on_its_first_step_004_10_1(risk_pages, page_app):
    """「004 十」第一步 确定对象 is the unit leadership's: the principal leader gets the form on 风险台账, is offered
    only the units they may open, and lands on the round's first task with what comes next."""
    principal = risk_pages("cz.principal")
    assert 'id="open-round"' in text_of(principal.get("/risks"))
    form = text_of(principal.get("/risks/rounds/new"))
    finance, town = _unit_id(page_app, "dept-finance"), _unit_id(page_app, "town-zhengyang")
    assert f'value="{finance}"' in form and f'value="{town}"' not in form
    assert "确定对象期限" in form and "2026-11-07" in form  # five days from Monday 2 November (DUE_DAYS)
    opened = principal.post("/risks/rounds/new", {"unit_id": str(finance), "year": "2026"})
    assert opened.status_code == 302 and "/tasks/" in opened.headers["Location"]
    task = text_of(principal.get(opened.headers["Location"]))
    assert "已启动县财政局2026年度廉政风险点查找。请办理第一步“确定对象”" in task and "2026-11-07前完成" in task
    # who does the step, in words: the register's roles are labelled like the Measures' (no raw unit_principal)
    assert "县财政局单位主要领导" in task and "unit_principal" not in task
    assert _rounds(page_app) == [(finance, 2026)]


def test_staff_get_no_form_and_are_refused_004_10_1(risk_pages):
    """「004 十」第一步: staff may not open a round: no button, the form is 403."""
    staff = risk_pages("cz.staff1")
    assert 'id="open-round"' not in text_of(staff.get("/risks"))
    assert staff.get("/risks/rounds/new").status_code == 403


@pytest.mark.parametrize(("unit", "year", "message"), [
    ("town-zhengyang", "2026", "只有本单位主要领导或风险防控领导小组可以启动风险点查找(004 十 第一步)"),
    ("dept-finance", "2030", "年度应在2025至2027之间"),
    ("dept-finance", "明年", "年度应在2025至2027之间"),
])
def test_a_refused_opening_is_shown_on_the_form_422_and_nothing_is_written_004_10_1(risk_pages, page_app, unit,
                                                                                      year, message):
    """Another unit's round (「004 十」第一步 is each unit's own leadership's) or a year outside last year to next
    year: the form comes back 422 with the reason in Chinese beside the field, and no round is opened."""
    principal = risk_pages("cz.principal")
    principal.get("/risks/rounds/new")
    refused = principal.post("/risks/rounds/new", {"unit_id": str(_unit_id(page_app, unit)), "year": year})
    assert refused.status_code == 422
    assert "启动信息有误,未启动" in text_of(refused) and message in text_of(refused)
    assert _rounds(page_app) == []


def test_a_second_round_of_the_same_year_is_refused_on_the_form_422(risk_pages, page_app):
    """One running round per unit and year (「004 十」 one procedure per unit): the second is refused, 422."""
    principal = risk_pages("cz.principal")
    finance = _unit_id(page_app, "dept-finance")
    principal.get("/risks/rounds/new")
    assert principal.post("/risks/rounds/new", {"unit_id": str(finance), "year": "2026"}).status_code == 302
    principal.get("/risks/rounds/new")
    again = principal.post("/risks/rounds/new", {"unit_id": str(finance), "year": "2026"})
    assert again.status_code == 422
    assert "2026年度已有一轮查找正在进行(始于2026-11-02),请在待办中继续办理" in text_of(again)
    assert _rounds(page_app) == [(finance, 2026)]


def test_the_overdue_measures_worst_first_with_owner_and_point_004_10_2(risk_pages):
    """「004 十」第二步 (measures can be checked): the county sees every unit's measures past their check date,
    most days overdue first, each with its owner, days and risk point; a town only its own."""
    clerk = risk_pages("wang.clerk")
    assert 'id="overdue-link"' in text_of(clerk.get("/risks"))
    page = text_of(clerk.get("/risks/overdue"))
    rows = re.findall(r'<tr data-days="(\d+)">', page)
    assert rows == ["125", "33", "13"]  # 30 June, 30 September, 20 October 2026 on Monday 2 November
    first = page.index("推荐人选公示不少于五个工作日")
    assert first < page.index("支付审核双人复核、系统留痕") < page.index("执法全过程记录、处罚决定集体研究")
    assert "党委副书记" in page and "村级后备干部推荐(组织人事)" in page and "#risk-point-" in page
    town = text_of(risk_pages("zy.staff").get("/risks/overdue"))
    assert re.findall(r'<tr data-days="(\d+)">', town) == ["125", "13"] and "支付审核" not in town


def test_the_heat_map_prints_each_count_and_shades_it_004_9(risk_pages):
    """Issue 12 §2 county heat map of units by level count (「004 九」 levels): every cell shows its number; the
    shade (lj-heat-0…4) only repeats it, darkest for the largest count."""
    page = text_of(risk_pages("wang.clerk").get("/risks"))
    cells = re.findall(r'<td class="text-end lj-heat-(\d)" data-level="(\d)">(\d+)</td>', page)
    assert len(cells) == 6  # two units × three levels
    # each unit has 2 points of the largest count on the map (finance: level 1; the town: level 2) → darkest
    assert {(shade, count) for shade, _level, count in cells} == {("4", "2"), ("2", "1")}


def test_the_new_pages_and_refusals_read_in_english(risk_pages, page_app):
    """English mode: the round form's refusal and the overdue view come from the catalogue, not Chinese."""
    principal = risk_pages("cz.principal")
    principal.post("/language", {"lang": "en", "next": "/risks"})
    form = text_of(principal.get("/risks/rounds/new"))
    assert "Open an integrity risk-point identification" in form and "Deadlines of the steps" in form
    refused = principal.post("/risks/rounds/new", {"unit_id": str(_unit_id(page_app, "dept-finance")),
                                                   "year": "1990"})
    assert refused.status_code == 422 and "The year must be between 2025 and 2027" in text_of(refused)
    overdue = text_of(principal.get("/risks/overdue"))
    assert "Prevention measures overdue for their check" in overdue and "33 days" in overdue
