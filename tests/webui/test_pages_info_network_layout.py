"""The network layout page, invited officers' terms, an invited officer's restricted sign-in, and feedback.

「001 第一篇(四)一是」 the five-level network over the unit tree; 「002 一(三)1」 1—2 officers per unit;
「002 一(三)2」 invited officers 谁选聘、谁负责 (培训、考核); issue 13 §1 an invited officer signs in with a
restricted role and sees only what they reported and its feedback; 「001 第一篇(四)三是」 the six kinds of
feedback and 第十四条 return to the officer who reported the item.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import Unit
from engine.models import User
from engine.models.outbox import Notification
from engine.seed import add_people
from processes.info_network.demo import seed_info_demo
from processes.info_network.models import InfoItem
from processes.info_network.network_models import InvitedAppointment
from processes.info_network.network_models import InvitedRecord
from tests.webui.conftest import TEST_HASH
from tests.webui.pages import demo_password_hash
from tests.webui.pages import one
from tests.webui.pages import text_of
from webui import extensions


@pytest.fixture()
def info_pages(page_app):
    with page_app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            seed_info_demo(session, clock, password_hash=demo_password_hash())
            add_people(session, [("zy.resident", "县人大代表周某", "town-zhengyang", ()),
                                 ("zy.plain", "镇干部丁某", "town-zhengyang", ())],
                       password_hash=demo_password_hash())
    return page_app


def _unit(app, code: str) -> int:
    return one(app, select(Unit.id).where(Unit.code == code))


def test_the_layout_shows_the_tree_with_each_nodes_kind_and_officers(info_pages, browser):
    page = text_of(browser("admin").get("/info/network"))
    county, finance = _unit(info_pages, "county"), _unit(info_pages, "dept-finance")
    row = page.split(f'id="node-{county}"', 1)[1].split("</tr>", 1)[0]
    assert "县预警中心" in row and "特邀信息员(县人大代表)" in row and "人大代表" in row
    row = page.split(f'id="node-{finance}"', 1)[1].split("</tr>", 1)[0]
    assert "预警信息报送点" in row and "县财政局预警信息员" in row and "县财政局预警信息办公室" in row
    assert "预警信息采集点" in page and "001 第一篇(四)一是" in page
    # the county above the commission is shown as the county, and is not offered as a node (the network begins at
    # the centre in the commission, 「001 第一篇(四)一是」)
    shouxian = _unit(info_pages, "shouxian")
    row = page.split(f'id="node-{shouxian}"', 1)[1].split("</tr>", 1)[0]
    assert "网络从县预警中心开始" in row and "未布设" not in row
    node_choices = page.split('id="node-unit"', 1)[1].split("</select>", 1)[0]
    assert f'value="{shouxian}"' not in node_choices and f'value="{county}"' in node_choices
    assert browser("yj.centre").get("/info/network").status_code == 200
    assert browser("zy.infooffice").get("/info/network").status_code == 200  # manages its invited officers
    for outsider in ("cz.officer", "yj.invited1", "wang.clerk"):
        assert browser(outsider).get("/info/network").status_code == 403


def test_a_third_officer_is_refused_on_the_page_in_chinese(info_pages, browser):
    admin = browser("admin")
    admin.get("/info/network")
    town = _unit(info_pages, "town-zhengyang")
    plain = one(info_pages, select(User.id).where(User.username == "zy.plain"))
    # the demo town has one officer (zy.officer): a second is fine, a third refused (「002 一(三)1」)
    assert admin.post("/info/network/officers", {"unit_id": str(town), "user_id": str(plain)}).status_code == 302
    third = admin.post("/info/network/officers", {"unit_id": str(town),
                                                  "user_id": str(one(info_pages, select(User.id).where(
                                                      User.username == "zy.infooffice")))})
    assert third.status_code == 422
    assert "每个单位明确1—2名预警信息员" in text_of(third) and "002 一(三)1" in text_of(third)
    bad = admin.post("/info/network/nodes", {"unit_id": str(town), "kind": "centre"})
    assert bad.status_code == 422 and "县纪委只能是预警中心" in text_of(bad)
    assert browser("yj.centre").post("/info/network/nodes", {"unit_id": str(town), "kind": "office"}).status_code == 302
    assert browser("cz.infooffice").post("/info/network/nodes", {"unit_id": str(town), "kind": ""}).status_code == 403


def test_the_appointing_office_manages_its_invited_officer_and_another_office_is_refused(info_pages, browser):
    office = browser("zy.infooffice")
    office.get("/info/network")
    town = _unit(info_pages, "town-zhengyang")
    resident = one(info_pages, select(User.id).where(User.username == "zy.resident"))
    bad = office.post("/info/network/invited", {"unit_id": str(town), "user_id": str(resident),
                                                "constituency": "npc_deputy", "term_start": "2030-01-01",
                                                "term_end": "2029-01-01"})
    assert bad.status_code == 422 and "聘期结束日期不能早于开始日期" in text_of(bad)
    assert one(info_pages, select(InvitedAppointment.id).where(InvitedAppointment.user_id == resident)) is None
    done = office.post("/info/network/invited", {"unit_id": str(town), "user_id": str(resident),
                                                 "constituency": "npc_deputy", "term_start": "2026-01-01",
                                                 "term_end": "2099-12-31"})
    assert done.status_code == 302
    appointment = one(info_pages, select(InvitedAppointment.id).where(InvitedAppointment.user_id == resident))
    assert done.headers["Location"] == f"/info/invited/{appointment}"
    # 谁选聘、谁负责: the finance bureau's office may not open nor change the town's invited officer
    other = browser("cz.infooffice")
    assert other.get(f"/info/invited/{appointment}").status_code == 403
    assert other.post(f"/info/invited/{appointment}/records", {"kind": "training", "held_on": "2026-02-01",
                                                              "content": "培训"}).status_code == 403
    assert browser("cz.officer").post(f"/info/invited/{appointment}/end", {"reason": "x"}).status_code == 403
    assert office.post(f"/info/invited/{appointment}/records", {
        "kind": "assessment", "held_on": "2026-02-01", "content": "半年考核", "result": ""}).status_code == 422
    assert office.post(f"/info/invited/{appointment}/records", {
        "kind": "assessment", "held_on": "2026-02-01", "content": "半年考核", "result": "excellent"}).status_code == 302
    page = text_of(office.get(f"/info/invited/{appointment}"))
    assert "半年考核" in page and "优秀" in page and "在聘" in page
    assert one(info_pages, select(InvitedRecord.result)) == "excellent"
    assert office.post(f"/info/invited/{appointment}/end", {"reason": "聘期届满"}).status_code == 302
    assert "聘期已结束" in text_of(office.get(f"/info/invited/{appointment}"))


def test_an_invited_officer_reports_and_reads_only_their_own(info_pages, browser):
    invited = browser("yj.invited1")
    form = text_of(invited.get("/info/items/new"))
    assert 'value="invited_officer" selected' in form
    finance = _unit(info_pages, "dept-finance")
    empty = invited.post("/info/items/new", {"category": "conduct", "source": "invited_officer",
                                             "subject_kind": "unit", "unit_id": str(finance), "facts": " "})
    assert empty.status_code == 422 and "请填写反映的事实" in text_of(empty)
    done = invited.post("/info/items/new", {"category": "conduct", "source": "invited_officer",
                                            "subject_kind": "unit", "unit_id": str(finance),
                                            "facts": "县财政局窗口工作人员上班时间玩手机。"})
    assert done.status_code == 302
    mine = one(info_pages, select(InfoItem.id).where(InfoItem.facts == "县财政局窗口工作人员上班时间玩手机。"))
    page = text_of(invited.get("/info"))
    assert "共 2 条" in page and "score-table" not in page  # the demo's one and this one
    another = one(info_pages, select(InfoItem.id).where(InfoItem.facts.like("%正阳关镇财政所%")))
    assert invited.get(f"/info/items/{another}").status_code == 404  # another officer's item looks absent
    assert invited.get(f"/info/items/{mine}").status_code == 200
    assert invited.get("/info/reports").status_code == 403
    assert invited.get("/info/network").status_code == 403
    assert invited.post(f"/info/items/{mine}/feedback", {"feedback": "talk_reminder"}).status_code == 403
    # a user outside the network may not open the report form
    assert browser("wang.clerk").get("/info/items/new").status_code == 403


def test_the_feedback_reaches_the_reporting_officer_and_shows_on_their_item(info_pages, browser):
    item_id = one(info_pages, select(InfoItem.id).where(InfoItem.facts == "县财政局违规向职工发放年终补贴。"))
    centre = browser("yj.centre")
    centre.get(f"/info/items/{item_id}")
    assert centre.post(f"/info/items/{item_id}/feedback", {"feedback": "rectification_notice"}).status_code == 302
    reporter = one(info_pages, select(User.id).where(User.username == "yj.invited1"))
    note = one(info_pages, select(Notification.subject).where(Notification.user_id == reporter,
                                                              Notification.kind == "info_feedback"))
    assert note == "预警信息反馈:整改通知书"
    invited = browser("yj.invited1")
    assert "预警信息反馈" in text_of(invited.get("/notifications"))
    note_id = one(info_pages, select(Notification.id).where(Notification.user_id == reporter,
                                                            Notification.kind == "info_feedback"))
    opened = invited.post(f"/notifications/{note_id}/open")
    assert opened.headers["Location"] == f"/info/items/{item_id}"
    page = text_of(invited.get(f"/info/items/{item_id}"))
    feedback = page.split('id="item-feedback"', 1)[1].split("</section>", 1)[0]
    assert "整改通知书" in feedback and "feedback-button" not in feedback


def test_the_api_layout_and_the_invited_officers_api_scope(info_app, api):
    finance = next(u for u in api("admin").get("/info-network").get_json()["units"] if u["unit_name"] == "县财政局")
    assert finance["kind"] == "reporting_point" and finance["kind_label"] == "预警信息报送点"
    assert [o["name"] for o in finance["officers"]] == ["县财政局预警信息员"]
    assert api("yj.invited1").get("/info-network").status_code == 403
    assert api("cz.officer").get("/info-network").status_code == 403
    mine = api("yj.invited1").get("/info-items").get_json()
    assert mine["total"] == 1
    assert api("yj.invited1").get("/info-scores").status_code == 403
    assert api("yj.invited1").get("/info-reports").status_code == 403


@pytest.fixture()
def info_app(app):
    with app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            seed_info_demo(session, clock, password_hash=TEST_HASH)
    return app
