"""权力运行流程图 in a real browser (issue 12 §1; 「004 十」第三步: risk points are found on the power-operation
flow chart): from the power list a reader opens an item's chart, sees a ★ in the level-1 colour on the step that
has a level-1 risk point, clicks it and lands on that point's page (its measures, element and versions); a
step with two points opens a small list. The editor draws in the processes' modeler and saves. Desktop 1366 px
and phone 390 px screenshots for looking at; axe-core on the chart page."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from engine.actors import SYSTEM
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import Unit
from processes.risk_points.demo import seed_risk_demo
from processes.risk_points.flow_chart import create_chart
from processes.risk_points.flow_chart import save_chart
from processes.risk_points.models import PowerItem
from processes.risk_points.models import RiskPoint
from processes.risk_points.register import revise_risk_point
from processes.risk_points.register import snapshot
from tests.browser.test_accessibility import axe_violations
from tests.risk_points.test_flow_chart import chart_xml
from tests.webui.pages import demo_password_hash
from webui import extensions

#: the register's level badges (Bootstrap's text-bg-danger / text-bg-warning), which the ★ wears
DANGER = "rgb(220, 53, 69)"
WARNING = "rgb(255, 193, 7)"
LEVEL_1 = "政府采购审批(物资采购供应)"
MARKS = {LEVEL_1: "Task_approve", "国库集中支付审核": "Task_accept", "公务用车与办公经费报销": "Task_accept"}


@pytest.fixture(scope="module")
def configure_live_app():
    """The demo registers, and the finance bureau's procurement approval with its chart and three marked points."""

    def seed(app) -> None:
        with app.app_context():
            clock = FixedClock(extensions.clock().now())
            factory = extensions.session_factory()
            with unit_of_work(factory) as session:
                seed_risk_demo(session, clock, password_hash=demo_password_hash())
            with unit_of_work(factory) as session:
                finance = session.execute(select(Unit.id).where(Unit.code == "dept-finance")).scalar_one()
                item = PowerItem(unit_id=finance, code="CZ-CG-001", name="政府采购方式变更审批", major=True)
                session.add(item)
                session.flush()
                chart = create_chart(session, clock, SYSTEM, item.id)
                save_chart(session, clock, SYSTEM, item.id, chart_xml(chart.key))
                for title, element in MARKS.items():
                    point = session.execute(select(RiskPoint).where(RiskPoint.title == title)).scalar_one()
                    data = {k: v for k, v in snapshot(point).items()
                            if k not in ("round_id", "filed_on", "owner_role")}
                    revise_risk_point(session, clock, SYSTEM, point.id,
                                      {**data, "power_item_id": item.id, "flow_element_id": element},
                                      "演示数据:对照权力运行流程图查找(004 十 第三步)")

    return seed


@pytest.mark.parametrize(("username", "viewport", "name"), [
    ("cz.staff1", {"width": 1366, "height": 900}, "power_chart_desktop"),
    ("cz.staff1", {"width": 390, "height": 844}, "power_chart_phone"),
])
def test_a_level_1_star_on_the_chart_opens_its_risk_point_004_ten_step_three(sign_in, shot, console_errors,
                                                                             username, viewport, name):
    """「004 十」第三步: the chart shows where the risk points are; the ★ wears its worst level's colour."""
    page = sign_in(username, viewport)
    page.goto("/risks/powers")
    page.locator("#power-table a[id^=chart-link-]:visible").first.click()
    page.wait_for_selector("#power-chart.lj-diagram-ready")
    level_1 = page.locator(".lj-risk-star[data-element=Task_approve]")
    assert level_1.locator("span").first.inner_text() == "★" and level_1.get_attribute("data-level") == "1"
    assert level_1.evaluate("b => getComputedStyle(b).backgroundColor") == DANGER
    two = page.locator(".lj-risk-star[data-element=Task_accept]")
    assert two.locator("span").first.inner_text() == "★2"  # two points, the worse one level 2
    assert two.evaluate("b => getComputedStyle(b).backgroundColor") == WARNING
    assert page.locator("#marked-points tbody tr").count() == 3
    assert page.locator("#mark-form").count() == 0  # a reader: no marking
    assert axe_violations(page) == []
    two.click()
    assert page.locator(".lj-star-list a").all_inner_texts() == ["二级风险 · 国库集中支付审核",
                                                               "三级风险 · 公务用车与办公经费报销"]
    shot(page, name)
    page.keyboard.press("Escape")
    assert page.locator(".lj-star-list").count() == 0
    level_1.click()
    page.wait_for_url(re.compile(r"/risks/points/\d+$"))  # the point's own page (issue 12 §1)
    assert page.locator("#point-title").inner_text() == LEVEL_1
    assert page.locator("#point-level").evaluate("b => getComputedStyle(b).backgroundColor") == DANGER
    assert "Task_approve" in page.locator("#point-element").inner_text()
    assert page.locator("#point-versions tbody tr").count() == 2  # registered, then marked on the chart
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]  # nothing wider than 390 px
    shot(page, name.replace("power_chart", "risk_point"))
    page.click("#point-chart-link")
    page.wait_for_selector("#power-chart.lj-diagram-ready")
    assert not console_errors


def test_the_office_head_draws_the_chart_in_the_modeler_and_saves_it(sign_in, shot, console_errors):
    """The unit's register editor (access.py) opens the modeler from the chart and saves a new version."""
    page = sign_in("cz.head", {"width": 1366, "height": 900})
    page.goto("/risks/powers")
    page.locator("#power-table a[id^=chart-link-]:visible").first.click()
    page.wait_for_selector("#power-chart.lj-diagram-ready")
    assert page.locator("#mark-form #flow_element_id option").count() == 5  # 取消标注 + the four steps
    page.click("#chart-edit-link")
    page.wait_for_selector("#power-chart-modeler.lj-diagram-ready")
    assert page.locator("#power-chart-modeler .djs-palette .entry.bpmn-icon-task").is_visible()  # not cut off
    page.click("#chart-save")
    page.locator("#chart-status", has_text="已保存(第3版)").wait_for()
    assert page.locator("#chart-problems li").count() == 0
    assert axe_violations(page) == []
    shot(page, "power_chart_modeler_desktop")
    assert not console_errors


def test_the_demo_budget_chart_draws_its_steps_and_its_star_opens_the_filed_point(sign_in, shot, console_errors):
    """The demo (processes/risk_points/demo.py): the budget allocation's chart is drawn with its ★ on the
    collective step (「004 十」第三步); the point names the bureau's 局长 and is filed (第八步)."""
    page = sign_in("cz.staff1", {"width": 390, "height": 844})
    page.goto("/risks/powers")
    page.locator("#power-table tr", has_text="预算资金分配审批").locator("a[id^=chart-link-]:visible").click()
    page.wait_for_selector("#power-chart.lj-diagram-ready")
    assert page.locator("#power-chart .djs-element[data-element-id=Task_publish]").count() == 1
    star = page.locator(".lj-risk-star[data-element=Task_collective]")
    assert star.evaluate("b => getComputedStyle(b).backgroundColor") == DANGER
    shot(page, "demo_budget_chart_phone")
    star.click()
    page.wait_for_url(re.compile(r"/risks/points/\d+$"))
    assert "(局长)" in page.locator("#point-cadre").inner_text()
    assert page.locator("#point-filed").inner_text().endswith("签字备案")
    assert not console_errors
