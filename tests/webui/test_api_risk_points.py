"""/api/v1/risk-points (issue 12 §2): the register by unit, level and type; create; change with a reason.

Rules cited: levels 「004 九」, types 「004 七」, measures with an owner 「004 十」第三步, who reads and changes
(issue 12 "The users"); bad input is 422 in Chinese and nothing is written.
"""
from __future__ import annotations

import io

import openpyxl
import pytest

from engine.actors import SYSTEM
from engine.clock import FixedClock
from engine.db import unit_of_work
from processes.risk_points.demo import seed_risk_demo
from processes.risk_points.flow_chart import NOT_ON_CHART
from processes.risk_points.flow_chart import create_chart
from processes.risk_points.models import PowerItem
from processes.risk_points.power_list import EXAMPLE
from processes.risk_points.power_list import FIELDS
from processes.risk_points.power_list import HEADERS
from tests.webui.conftest import TEST_HASH
from webui import extensions

POINT = {"scope": "post", "post": "票据管理岗", "office": "综合股", "risk_type": "business_process",
         "title": "非税收入票据管理", "manifestations": "票据领用不登记,截留非税收入。", "level": 2,
         "measures": [{"text": "票据领用、核销双人登记", "owner": "综合股股长", "check_method": "每月核对票据台账"}]}


@pytest.fixture()
def risk_app(app):
    with app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            seed_risk_demo(session, clock, password_hash=TEST_HASH)
    return app


def _put(api, path: str, json: dict):
    return api.client.put("/api/v1" + path, json=json, headers=api._headers(None))


def _finance_id(api) -> int:
    return _unit_named(api, "县财政局")


def _unit_named(api, name: str) -> int:
    listed = api.get("/risk-points?per_page=100").get_json()["items"]
    return next(p["unit_id"] for p in listed if p["unit_name"] == name)


def test_the_county_lists_every_units_register_by_level_and_type(risk_app, api):
    county = api("wang.clerk")
    everything = county.get("/risk-points?per_page=100").get_json()
    assert everything["total"] == 8 and {p["unit_name"] for p in everything["items"]} == {"县财政局", "正阳关镇"}
    level_1 = county.get("/risk-points?level=1").get_json()
    assert level_1["total"] == 3 and {p["level_label"] for p in level_1["items"]} == {"一级风险"}
    assert {p["owner_role_label"] for p in level_1["items"]} == {"单位主要领导"}  # DOMAIN.md §5
    moral = county.get("/risk-points?risk_type=moral").get_json()
    assert {p["risk_type_label"] for p in moral["items"]} == {"思想道德风险"}  # 「004 七」
    bad = county.get("/risk-points?level=4")
    assert bad.status_code == 400 and "level" in bad.get_json()["error"]["details"]


def test_a_unit_sees_only_its_own_register(risk_app, api):
    staff = api("zy.staff")
    listed = staff.get("/risk-points?per_page=100").get_json()
    assert listed["total"] == 4 and {p["unit_name"] for p in listed["items"]} == {"正阳关镇"}
    finance = _finance_id(api("wang.clerk"))
    assert staff.get(f"/risk-points?unit_id={finance}").get_json()["total"] == 0


def test_an_office_head_registers_and_changes_a_point_each_change_a_version(risk_app, api):
    head = api("cz.head")
    finance = _finance_id(head)
    created = head.post("/risk-points", json={"unit_id": finance, "point": POINT})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert (body["version"], body["level"], body["owner_role"]) == (1, 2, "unit_leader_in_charge")
    changed = _put(head, f"/risk-points/{body['id']}", {"point": {**POINT, "level": 1}, "reason": "领导小组审定为一级"})
    assert changed.status_code == 200, changed.get_json()
    assert (changed.get_json()["version"], changed.get_json()["owner_role"]) == (2, "unit_principal")
    no_reason = _put(head, f"/risk-points/{body['id']}", {"point": POINT})
    assert no_reason.status_code == 422 and "reason" in no_reason.get_json()["error"]["details"]


@pytest.mark.parametrize(("change", "field"), [
    ({"level": 5}, "level"),                                    # 「004 九」
    ({"risk_type": "greed"}, "risk_type"),                      # 「004 七」
    ({"measures": [{"text": "集体研究", "check_method": "查纪要"}]}, "measures.1.owner"),  # 「004 十」第三步
])
def test_bad_input_is_422_in_chinese_and_nothing_is_written(risk_app, api, change, field):
    head = api("cz.head")
    finance = _finance_id(head)
    refused = head.post("/risk-points", json={"unit_id": finance, "point": {**POINT, **change}})
    assert refused.status_code == 422
    assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.get_json()["error"]["details"][field][0])
    assert head.get("/risk-points?per_page=100").get_json()["total"] == 4


def test_staff_may_not_register_and_another_units_point_is_not_found(risk_app, api):
    finance = _finance_id(api("wang.clerk"))
    staff = api("cz.staff1")
    assert staff.post("/risk-points", json={"unit_id": finance, "point": POINT}).status_code == 403
    town_point = api("zy.staff").get("/risk-points").get_json()["items"][0]["id"]
    assert _put(api("cz.head"), f"/risk-points/{town_point}", {"point": POINT, "reason": "改"}).status_code == 404


def test_the_principal_leader_opens_a_round_whose_first_step_waits_in_the_unit_004_10_1(risk_app, api):
    """「004 十」第一步: the unit's principal leader opens the year's round; its first step is the unit's own,
    with its deadline; staff may not open one (403)."""
    finance = _finance_id(api("wang.clerk"))
    assert api("cz.staff1").post("/risk-rounds", json={"unit_id": finance, "year": 2026}).status_code == 403
    principal = api("cz.principal")
    opened = principal.post("/risk-rounds", json={"unit_id": finance, "year": 2026})
    assert opened.status_code == 201, opened.get_json()
    assert (opened.get_json()["stage_label"], opened.get_json()["closed"]) == ("查找风险", False)
    tasks = principal.get("/tasks").get_json()["items"]
    first = next(t for t in tasks if t["bpmn_id"] == "fix_subjects")
    assert first["due_date"] is not None
    assert principal.post("/risk-rounds", json={"unit_id": finance, "year": 1990}).status_code == 422
    # a point the round finds is registered with it; the sign-off files it (「004 十」第八步)
    found = api("cz.head").post("/risk-points", json={"unit_id": finance, "point": POINT,
                                                      "round_id": opened.get_json()["id"]})
    assert found.status_code == 201 and found.get_json()["round_id"] == opened.get_json()["id"]
    assert found.get_json()["filed_on"] is None


def test_overdue_measures_worst_first_scoped_like_the_register_004_10_2(risk_app, api):
    """「004 十」第二步: a measure's execution can be checked; GET /risk-measures/overdue lists those past their
    check date on the request's day (Monday 2 November 2026), most days first, each with its owner and risk
    point; a town reads only its own, and another unit's filter gives nothing (the register's scope)."""
    county = api("wang.clerk").get("/risk-measures/overdue")
    assert county.status_code == 200
    body = county.get_json()
    assert (body["today"], body["total"]) == ("2026-11-02", 3)
    assert [(m["owner"], m["check_due"], m["days_overdue"], m["level_label"]) for m in body["items"]] == [
        ("党委副书记", "2026-06-30", 125, "二级风险"),
        ("国库股股长", "2026-09-30", 33, "二级风险"),
        ("分管副镇长", "2026-10-20", 13, "二级风险")]
    assert body["items"][0]["risk_point_title"] == "村级后备干部推荐(组织人事)"
    assert body["items"][0]["unit_name"] == "正阳关镇"
    town = api("zy.staff").get("/risk-measures/overdue").get_json()
    assert [m["days_overdue"] for m in town["items"]] == [125, 13]
    finance = _finance_id(api("wang.clerk"))
    assert api("zy.staff").get(f"/risk-measures/overdue?unit_id={finance}").get_json()["total"] == 0
    assert api("wang.clerk").get(f"/risk-measures/overdue?unit_id={finance}").get_json()["total"] == 1
    paged = api("wang.clerk").get("/risk-measures/overdue?per_page=1&page=2").get_json()
    assert (paged["total"], [m["days_overdue"] for m in paged["items"]]) == (3, [33])
    assert api("wang.clerk").get("/risk-measures/overdue?unit_id=abc").status_code == 400


# --- the power list in Excel (issue 12 §1; 「000 第二篇 二」 制定职权目录) ------------------------------------------


def _power_sheet(*rows: dict) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(list(HEADERS))
    for row in rows:
        values = {**EXAMPLE, "code": "CZ-ZJ-001", "name": "财政专项资金拨付审批", **row}
        book.active.append([values[name] for name in FIELDS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _post_sheet(api, unit_id: int, content: bytes | None, **form):
    data = dict(form)
    if content is not None:
        data["file"] = (io.BytesIO(content), "权力清单.xlsx")
    return api.post(f"/power-lists/{unit_id}", data=data, content_type="multipart/form-data")


def test_the_power_list_is_imported_and_exported_through_the_api(risk_app, api):
    """POST multipart creates or updates by 编码 (all or nothing); GET returns the .xlsx, which re-imports unchanged."""
    town = _unit_named(api("wang.clerk"), "正阳关镇")  # the demo gives it no power list yet
    head = api("zy.head")
    created = _post_sheet(head, town, _power_sheet({}, {"code": "CZ-CG-002", "name": "政府采购信息公告审核",
                                                           "major": "一般事项"}), reason="年度清权确权")
    assert created.status_code == 200, created.get_json()
    assert created.get_json() == {"created": 2, "updated": 0, "unchanged": 0}
    exported = head.get(f"/power-lists/{town}")
    assert exported.status_code == 200 and exported.mimetype.endswith("spreadsheetml.sheet")
    rows = list(openpyxl.load_workbook(io.BytesIO(exported.data)).active.iter_rows(values_only=True))
    assert [r[:3] for r in rows[1:]] == [("CZ-CG-002", "政府采购信息公告审核", "一般事项"),
                                         ("CZ-ZJ-001", "财政专项资金拨付审批", "重大事项(集体决策)")]
    again = _post_sheet(head, town, exported.data)
    assert again.get_json() == {"created": 0, "updated": 0, "unchanged": 2}


def test_a_bad_power_list_is_422_by_cell_and_nothing_is_written(risk_app, api):
    town = _unit_named(api("wang.clerk"), "正阳关镇")  # the demo gives it no power list yet
    head = api("zy.head")
    refused = _post_sheet(head, town, _power_sheet({"supervision_phone": "举报电话"}, {"legal_basis": None}))
    assert refused.status_code == 422
    error = refused.get_json()["error"]
    assert error["message"] == "有2行数据有误,未导入任何权力事项;请按提示修改后重新上传"
    assert set(error["details"]) == {"第2行 L列(监督电话)", "第3行 A列(编码)", "第3行 B列(权力名称)",
                                     "第3行 E列(设定依据)"}
    missing = _post_sheet(head, town, None)
    assert missing.status_code == 422 and missing.get_json()["error"]["details"] == {"file": ["此项必填"]}
    unknown = _post_sheet(head, town, _power_sheet({}), colour="red")
    assert unknown.status_code == 422 and "colour" in unknown.get_json()["error"]["details"]
    assert head.get(f"/power-lists/{town}").status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(head.get(f"/power-lists/{town}").data)).active.iter_rows())
    assert len(rows) == 1  # the header only: nothing was written


def test_the_power_list_api_is_scoped_like_the_register(risk_app, api):
    """access.py: another unit's list is 404 (SECURITY.md 24); a reader who may not change it gets 403."""
    finance = _finance_id(api("wang.clerk"))
    town = api("zy.staff")
    assert town.get(f"/power-lists/{finance}").status_code == 404
    assert _post_sheet(town, finance, _power_sheet({})).status_code == 404
    assert _post_sheet(api("cz.staff1"), finance, _power_sheet({})).status_code == 403
    assert _post_sheet(api("wang.clerk"), finance, _power_sheet({})).status_code == 403
    assert api("wang.clerk").get(f"/power-lists/{finance}").status_code == 200
    assert api("wang.clerk").get("/power-lists/999999").status_code == 404


def test_a_flow_element_not_on_the_items_chart_is_422_through_the_api_004_ten_step_three(risk_app, api):
    """「004 十」第三步: risk points are found on the power-operation flow chart; the API refuses a point marked on
    an element its power item's chart does not have (422, Chinese), and accepts one of the chart's elements."""
    head = api("cz.head")
    finance = _finance_id(head)
    with risk_app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            item = PowerItem(unit_id=finance, code="CZ-FS-001", name="非税收入票据核销", major=False)
            session.add(item)
            session.flush()
            create_chart(session, clock, SYSTEM, item.id)
            item_id = item.id
    refused = head.post("/risk-points", json={"unit_id": finance, "point": {
        **POINT, "power_item_id": item_id, "flow_element_id": "Task_nowhere"}})
    assert refused.status_code == 422
    assert refused.get_json()["error"]["details"]["flow_element_id"] == [NOT_ON_CHART]
    assert head.get("/risk-points?per_page=100").get_json()["total"] == 4
    marked = head.post("/risk-points", json={"unit_id": finance, "point": {
        **POINT, "power_item_id": item_id, "flow_element_id": "StartEvent_1"}})
    assert marked.status_code == 201 and marked.get_json()["flow_element_id"] == "StartEvent_1"
