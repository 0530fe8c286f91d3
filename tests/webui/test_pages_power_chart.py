"""权力运行流程图 /risks/powers/<id>/chart (issue 12 §1; 「004 十」第三步: risk points are found on the chart):
opened or created from the power list, drawn by the unit's register editors only (a reader 403, a unit not read
404), refused with a Chinese message and nothing written (422), and the risk points' ★ in the level's colour."""
from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from engine.clock import FixedClock
from engine.db import unit_of_work
from processes.risk_points.demo import seed_risk_demo
from processes.risk_points.flow_chart import NOT_ON_CHART
from processes.risk_points.models import PowerFlowChart
from processes.risk_points.models import PowerItem
from processes.risk_points.models import RiskPoint
from tests.risk_points.test_flow_chart import chart_xml
from tests.webui.pages import demo_password_hash
from tests.webui.pages import one
from tests.webui.pages import text_of
from tests.webui.test_pages_language import chinese_headings
from tests.webui.test_pages_risks import _unit_id
from webui import extensions


@pytest.fixture()
def power_item(page_app, browser) -> int:
    """The demo registers (processes/risk_points/demo.py) and one power item of the county finance bureau."""
    with page_app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            seed_risk_demo(session, clock, password_hash=demo_password_hash())
    finance = _unit_id(page_app, "dept-finance")
    with page_app.app_context(), unit_of_work(extensions.session_factory()) as session:
        item = PowerItem(unit_id=finance, code="CZ-CG-001", name="政府采购方式变更审批", major=True)
        session.add(item)
        session.flush()
        return item.id


def _stars(page: str) -> dict:
    return json.loads(re.search(r'id="power-chart-stars">(.*?)</script>', page, re.S).group(1))["stars"]


def _save(client, item_id: int, xml):
    client.get(f"/risks/powers/{item_id}/chart/edit")
    return client.client.post(f"/risks/powers/{item_id}/chart/xml", json={"xml": xml},
                              headers={"X-CSRFToken": client.token or ""})


def test_the_power_list_links_each_item_to_its_chart_and_an_editor_creates_it(browser, page_app, power_item):
    """Issue 12 §1: from the list, "流程图" opens the chart or, absent, lets an editor start it from the item."""
    head = browser("cz.head")
    listed = text_of(head.get("/risks/powers"))
    assert f'href="/risks/powers/{power_item}/chart"' in listed
    empty = text_of(head.get(f"/risks/powers/{power_item}/chart"))
    assert "该权力事项尚未绘制权力运行流程图。" in empty and 'id="chart-create-form"' in empty
    created = head.post(f"/risks/powers/{power_item}/chart")
    assert created.status_code == 302 and created.headers["Location"].endswith(f"/risks/powers/{power_item}/chart/edit")
    modeler = text_of(head.get(created.headers["Location"]))
    assert 'id="power-chart-modeler"' in modeler and "bpmn-modeler.production.min.js" in modeler
    versions = text_of(head.get(f"/risks/powers/{power_item}/chart"))
    assert "权力事项的变更记录(1条)" in versions and "新建权力运行流程图" in versions and "预算股股长" in versions
    xml = head.get(f"/risks/powers/{power_item}/chart.bpmn")
    assert xml.status_code == 200 and 'name="政府采购方式变更审批"' in xml.get_data(as_text=True)


def test_a_reader_sees_the_chart_but_may_not_create_edit_or_save_it(browser, page_app, power_item):
    """access.py: a unit's staff read its register (200) and are refused every change (403)."""
    staff = browser("cz.staff1")
    page = text_of(staff.get(f"/risks/powers/{power_item}/chart"))
    assert "该权力事项尚未绘制权力运行流程图。" in page and 'id="chart-create-form"' not in page
    assert staff.post(f"/risks/powers/{power_item}/chart").status_code == 403
    browser("cz.head").post(f"/risks/powers/{power_item}/chart")
    page = text_of(staff.get(f"/risks/powers/{power_item}/chart"))
    assert 'id="power-chart"' in page and 'id="chart-edit-link"' not in page and 'id="mark-form"' not in page
    assert staff.get(f"/risks/powers/{power_item}/chart/edit").status_code == 403
    assert _save(staff, power_item, chart_xml(f"power_chart_{power_item}")).status_code == 403
    assert staff.post(f"/risks/powers/{power_item}/chart/marks", {"risk_point_id": "1"}).status_code == 403


def test_another_units_people_do_not_find_the_chart(browser, page_app, power_item):
    """SECURITY.md 24: a unit whose register the user does not read answers 404, for reading and writing."""
    browser("cz.head").post(f"/risks/powers/{power_item}/chart")
    town = browser("zy.principal")
    town.get("/risks/powers")
    for path in ("", "/edit", ".bpmn"):
        assert town.get(f"/risks/powers/{power_item}/chart{path}").status_code == 404
    assert town.post(f"/risks/powers/{power_item}/chart").status_code == 404
    assert town.get("/risks/powers/999999/chart").status_code == 404


def test_saving_refuses_a_bad_chart_with_a_chinese_message_and_keeps_the_old_one(browser, page_app, power_item):
    head = browser("cz.head")
    head.post(f"/risks/powers/{power_item}/chart")
    key = f"power_chart_{power_item}"
    bad = _save(head, power_item, chart_xml(key, executable="true"))
    assert bad.status_code == 422 and bad.get_json()["message"] == "流程图未保存"
    assert "权力运行流程图仅作说明,不能设为可执行" in bad.get_json()["problems"][0]
    assert _save(head, power_item, "<!DOCTYPE x><x/>").status_code == 422
    assert one(page_app, select(PowerFlowChart.version).where(PowerFlowChart.power_item_id == power_item)) == 1
    good = _save(head, power_item, chart_xml(key))
    assert good.status_code == 200 and good.get_json() == {"ok": True, "message": "已保存(第2版)", "version": 2}


def test_an_editor_marks_a_risk_point_on_an_element_and_the_chart_shows_its_star(browser, page_app, power_item):
    """「004 十」第三步: the point is marked on an element of the chart (a new version with the reason); the ★
    carries the worst level's colour (the register's badges: level 1 text-bg-danger) and links to the point."""
    head = browser("cz.head")
    head.post(f"/risks/powers/{power_item}/chart")
    _save(head, power_item, chart_xml(f"power_chart_{power_item}"))
    point_id = one(page_app, select(RiskPoint.id).where(RiskPoint.title == "政府采购审批(物资采购供应)"))
    page = text_of(head.get(f"/risks/powers/{power_item}/chart"))
    assert '<option value="Task_approve" >审核审批 · Task_approve</option>' in page
    done = head.post(f"/risks/powers/{power_item}/chart/marks", {
        "risk_point_id": str(point_id), "flow_element_id": "Task_approve", "reason": "对照流程图查找"})
    assert done.status_code == 302
    page = text_of(head.get(f"/risks/powers/{power_item}/chart"))
    stars = _stars(page)
    assert list(stars) == ["Task_approve"] and stars["Task_approve"]["level"] == 1
    assert stars["Task_approve"]["css"] == "text-bg-danger"
    assert stars["Task_approve"]["points"][0]["url"] == f"/risks/points/{point_id}"  # the point's own page
    with page_app.app_context(), extensions.session_factory()() as session:
        point = session.get(RiskPoint, point_id)
        assert (point.power_item_id, point.flow_element_id, point.version) == (power_item, "Task_approve", 2)
        assert point.versions[-1].reason == "对照流程图查找"


def test_an_element_not_in_the_chart_is_refused_422_004_ten_step_three(browser, page_app, power_item):
    """「004 十」第三步: a forged element id that the item's chart does not have: 422, in Chinese, nothing written."""
    head = browser("cz.head")
    head.post(f"/risks/powers/{power_item}/chart")
    point_id = one(page_app, select(RiskPoint.id).where(RiskPoint.title == "政府采购审批(物资采购供应)"))
    head.get(f"/risks/powers/{power_item}/chart")
    refused = head.post(f"/risks/powers/{power_item}/chart/marks", {
        "risk_point_id": str(point_id), "flow_element_id": "Task_forged", "reason": "对照流程图查找"})
    assert refused.status_code == 422
    assert NOT_ON_CHART in text_of(refused) and "风险点填写有误,未保存" in text_of(refused)
    other = head.post(f"/risks/powers/{power_item}/chart/marks", {
        "risk_point_id": "999999", "flow_element_id": "StartEvent_1", "reason": "x"})
    assert other.status_code == 422 and "请选择本事项或尚未关联权力事项的本单位风险点" in text_of(other)
    with page_app.app_context(), extensions.session_factory()() as session:
        point = session.get(RiskPoint, point_id)
        assert (point.power_item_id, point.flow_element_id, point.version) == (None, None, 1)


def test_the_chart_page_reads_in_english(browser, page_app, power_item):
    """The page texts are in the catalogue: in English, no heading keeps Chinese but the item's own name."""
    head = browser("cz.head")
    head.post(f"/risks/powers/{power_item}/chart")
    head.get("/")
    head.post("/language", {"lang": "en", "next": "/"})
    page = text_of(head.get(f"/risks/powers/{power_item}/chart"))
    assert "Power-operation flow chart" in page and "Mark a risk point on the flow chart" in page
    assert chinese_headings(page, "政府采购方式变更审批") == []
    assert text_of(head.post(f"/risks/powers/{power_item}/chart/marks", {
        "risk_point_id": "999999", "reason": "x"})).count("The mark is wrong and was not saved") == 1
