"""待重新查找的风险点 on 风险台账 /risks (issue 12 §2: a change of post or power opens a re-identification of
what it touches; 「004 六」 风险点随权力运行的变化或岗位职能职权的调整而相应发生变化): the unit sees the open
requests with what changed and the points touched; its register editors confirm "no change needed" with a
reason; a reader of the register sees the list without the form and is refused (403)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.actors import SYSTEM
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import Unit
from processes.risk_points import create_risk_point
from processes.risk_points.demo import seed_risk_demo
from processes.risk_points.models import PowerItem
from processes.risk_points.models import ReidentificationRequest
from processes.risk_points.reidentification import power_item_changed
from tests.webui.pages import demo_password_hash
from tests.webui.pages import text_of
from webui import extensions


@pytest.fixture()
def flagged(page_app, browser):
    """The finance bureau's 政府采购方式变更审批 changed its basis, flagging the one point registered on it."""
    with page_app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            seed_risk_demo(session, clock, password_hash=demo_password_hash())
            finance = session.execute(select(Unit.id).where(Unit.code == "dept-finance")).scalar_one()
            item = PowerItem(unit_id=finance, code="CZ-XK-009", name="政府采购方式变更审批", major=True,
                             legal_basis="《政府采购法》第二十七条", responsible_office="政府采购股")
            session.add(item)
            session.flush()
            create_risk_point(session, clock, SYSTEM, finance, {
                "scope": "office", "office": "政府采购股", "risk_type": "post_duty", "title": "采购方式变更把关",
                "manifestations": "违规批准变更采购方式,规避公开招标。", "level": 1, "power_item_id": item.id,
                "measures": [{"text": "变更须局党组集体研究", "owner": "局长", "check_method": "查阅党组会议纪要"}]})
            before = item.legal_basis
            item.legal_basis = "《政府采购法实施条例》第二十三条"
            request = power_item_changed(session, clock, SYSTEM, item, {"legal_basis": [before, item.legal_basis]})
            request_id = request.id
    return browser, request_id


def _request(page_app, request_id: int) -> ReidentificationRequest:
    with page_app.app_context(), extensions.session_factory()() as session:
        return session.get(ReidentificationRequest, request_id)


def test_004_六_the_register_lists_the_open_request_with_the_change_and_the_points(flagged):
    browser, request_id = flagged
    page = text_of(browser("cz.head").get("/risks"))
    assert "待重新查找的风险点" in page and "权力事项变更" in page and "政府采购方式变更审批" in page
    assert "《政府采购法》第二十七条 → 《政府采购法实施条例》第二十三条" in page and "设定依据" in page
    assert "采购方式变更把关" in page
    assert f"/risks/reidentifications/{request_id}/confirm" in page  # an editor gets the form


def test_a_reader_of_the_register_sees_no_form_and_is_refused_403(flagged, page_app):
    browser, request_id = flagged
    staff = browser("cz.staff1")
    page = text_of(staff.get("/risks"))
    assert "采购方式变更把关" in page and f"/risks/reidentifications/{request_id}/confirm" not in page
    assert staff.post(f"/risks/reidentifications/{request_id}/confirm", {"reason": "无需调整"}).status_code == 403
    assert _request(page_app, request_id).resolved_at is None


def test_an_editor_confirms_no_change_with_a_reason_and_the_list_empties(flagged, page_app):
    browser, request_id = flagged
    head = browser("cz.head")
    head.get("/risks")
    refused = head.post(f"/risks/reidentifications/{request_id}/confirm", {"reason": " "})
    assert refused.status_code == 422 and "请填写核查意见,未保存" in text_of(refused)
    assert _request(page_app, request_id).resolved_at is None
    done = head.post(f"/risks/reidentifications/{request_id}/confirm", {"reason": "依据条款更新,风险点与措施仍适用"})
    assert done.status_code == 302
    request = _request(page_app, request_id)
    assert request.outcome == "unchanged" and request.resolution == "依据条款更新,风险点与措施仍适用"
    assert "待重新查找的风险点" not in text_of(head.get("/risks"))
