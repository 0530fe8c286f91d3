"""一个风险点 /risks/points/<id> (issue 12 §2, the living register): the point as it stands — level with its colour
and the owner that follows it (「004 九」), measures with owner, check method and date (「004 十」第二、三步), the
power item and the chart element it is marked on (「004 十」第三步) — and every version with who, when and why.
Readers as the register's (access.py): another unit's reader gets 404, as for a point that does not exist."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from engine.actors import SYSTEM
from engine.clock import FixedClock
from engine.db import unit_of_work
from processes.risk_points.demo import seed_risk_demo
from processes.risk_points.flow_chart import create_chart
from processes.risk_points.flow_chart import save_chart
from processes.risk_points.models import PowerItem
from processes.risk_points.models import RiskPoint
from processes.risk_points.register import revise_risk_point
from processes.risk_points.register import snapshot
from tests.risk_points.test_flow_chart import chart_xml
from tests.webui.pages import demo_password_hash
from tests.webui.pages import text_of
from tests.webui.test_pages_risks import _unit_id
from webui import extensions

TITLE = "政府采购审批(物资采购供应)"


@pytest.fixture()
def marked_point(page_app, browser) -> int:
    """The demo registers; the finance bureau's procurement point marked on a chart's step (its second version)."""
    with page_app.app_context():
        clock = FixedClock(extensions.clock().now())
        factory = extensions.session_factory()
        with unit_of_work(factory) as session:
            seed_risk_demo(session, clock, password_hash=demo_password_hash())
        finance = _unit_id(page_app, "dept-finance")
        with unit_of_work(factory) as session:
            item = PowerItem(unit_id=finance, code="CZ-CG-009", name="政府采购方式变更审批", major=True)
            session.add(item)
            session.flush()
            chart = create_chart(session, clock, SYSTEM, item.id)
            save_chart(session, clock, SYSTEM, item.id, chart_xml(chart.key))
            point = session.execute(select(RiskPoint).where(RiskPoint.title == TITLE)).scalar_one()
            data = {k: v for k, v in snapshot(point).items() if k not in ("round_id", "filed_on", "owner_role")}
            revise_risk_point(session, clock, SYSTEM, point.id,
                              {**data, "power_item_id": item.id, "flow_element_id": "Task_approve"},
                              "对照权力运行流程图查找")
            return point.id


def test_the_page_shows_the_point_its_owner_by_level_its_measures_and_its_chart_element(browser, marked_point):
    """「004 九」: a level-1 point wears the danger badge and is owned by the principal leader; 「004 十」第二、三步:
    each measure has its owner, how it is checked and when; 第三步: the element of the chart it is marked on."""
    page = text_of(browser("cz.staff1").get(f"/risks/points/{marked_point}"))
    assert f'<h1 class="h4 mb-1" id="point-title">{TITLE}</h1>' in page
    assert 'class="badge text-bg-danger" id="point-level" data-level="1"' in page and ">一级风险</span>" in page
    assert 'id="point-owner">单位主要领导</span>' in page
    assert "政府采购股" in page and "业务流程风险" in page and "规避公开招标、拆分采购" in page
    assert "<td>采购方式变更须两人审核、分管领导审批</td><td>分管副局长</td><td>抽查审批单</td>" in page
    assert "2027-03-31" in page
    assert "政府采购方式变更审批" in page and 'id="point-chart-link" href="/risks/powers/' in page
    assert "标注环节:审核审批 <code>Task_approve</code>" in page


def test_every_version_is_listed_with_who_when_and_why_newest_first(browser, marked_point):
    """issue 12 §2: "Every change is a new version with who, when and why"."""
    page = text_of(browser("cz.staff1").get(f"/risks/points/{marked_point}"))
    assert "变更记录(2版)" in page
    newest, oldest = page.index('data-version="2"'), page.index('data-version="1"')
    assert newest < oldest
    assert "对照权力运行流程图查找" in page and "演示数据:首次登记" in page
    assert page.count("<td>系统</td>") == 2  # both written by the system (seeding), named as such


def test_another_units_reader_gets_404_and_so_does_a_point_that_is_not_there(browser, page_app, marked_point):
    """access.py: a town's staff do not read the finance bureau's register (SECURITY.md 24: 404, not 403);
    the county commission reads every unit's."""
    assert browser("zy.staff").get(f"/risks/points/{marked_point}").status_code == 404
    assert browser("cz.staff1").get("/risks/points/999999").status_code == 404
    assert browser("wang.clerk").get(f"/risks/points/{marked_point}").status_code == 200


def test_the_register_row_and_the_charts_star_open_the_point_page(browser, page_app, marked_point):
    """The register links each row to its point; the chart's ★ opens the point's page (issue 12 §1)."""
    staff = browser("cz.staff1")
    finance = _unit_id(page_app, "dept-finance")
    register = text_of(staff.get(f"/risks?unit_id={finance}"))
    assert f'href="/risks/points/{marked_point}" id="risk-point-link-{marked_point}">{TITLE}</a>' in register
    with page_app.app_context(), extensions.session_factory()() as session:
        item_id = session.get(RiskPoint, marked_point).power_item_id
    chart = text_of(staff.get(f"/risks/powers/{item_id}/chart"))
    assert f'"url": "/risks/points/{marked_point}"' in chart
    assert f'<a href="/risks/points/{marked_point}">{TITLE}</a>' in chart


def test_the_page_reads_in_english(browser, marked_point):
    staff = browser("cz.staff1")
    assert staff.post("/language", {"lang": "en", "next": "/"}).status_code == 302
    page = text_of(staff.get(f"/risks/points/{marked_point}"))
    assert "Change history (2 versions)" in page and "Power item and flow chart" in page and "How checked" in page


def test_the_demo_budget_chart_has_a_star_opening_a_filed_point_of_the_bureaus_principal(browser, page_app,
                                                                                          marked_point):
    """The demo (processes/risk_points/demo.py): the finance bureau's power list has two items; the budget
    allocation's chart carries a level-1 ★ (「004 十」第三步) whose page names the 局长 and is filed (第八步)."""
    staff = browser("cz.staff1")
    listed = text_of(staff.get("/risks/powers"))
    assert "预算资金分配审批" in listed and "非税收入收缴管理" in listed
    with page_app.app_context(), extensions.session_factory()() as session:
        item_id, point_id = session.execute(select(PowerItem.id, RiskPoint.id).join(
            RiskPoint, RiskPoint.power_item_id == PowerItem.id).where(PowerItem.code == "CZ-YSFP-001")).one()
    chart = text_of(staff.get(f"/risks/powers/{item_id}/chart"))
    assert '"Task_collective": {"css": "text-bg-danger", "level": 1' in chart
    page = text_of(staff.get(f"/risks/points/{point_id}"))
    assert "(局长)" in page and re.search(r'id="point-filed">\d{4}-\d\d-\d\d签字备案</dd>', page)
    assert "变更记录(3版)" in page and "演示数据:领导小组集体审议、主要领导签字备案(004 十 第八步)" in page
