"""/api/v1/info-items and /info-scores (issue 13): report, verify, grade with the deduction, read by scope.

Rules cited: categories 「002 二(一)」 and sources 「002 二(二)」, one subject; verification 「002 三 3」; the
deciders 「002 三 2」; points and colours 「001 第一篇(四)四是」; accountability 「001 第一篇(五)6」; an invited
officer sees only what they reported (issue 13 §1). Bad input is 422 in Chinese and nothing is written.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import Cadre
from engine.models import Unit
from processes.info_network.demo import seed_info_demo
from tests.webui.conftest import TEST_HASH
from webui import extensions


@pytest.fixture()
def info_app(app):
    with app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            seed_info_demo(session, clock, password_hash=TEST_HASH)
    return app


def _finance_id(api) -> int:
    items = api.get("/info-items?per_page=100").get_json()["items"]
    return next(i["unit_id"] for i in items if i["subject_name"] == "县财政局")


def test_report_verify_and_grade_through_the_api(info_app, api):
    centre = api("yj.centre")
    finance = _finance_id(centre)
    created = api("cz.officer").post("/info-items", json={
        "category": "projects_funds", "source": "reported_from_below", "unit_id": finance,
        "facts": "县财政局政府采购未公开招标。"})
    assert created.status_code == 201, created.get_json()
    item = created.get_json()
    assert (item["category_label"], item["verified"], item["subject_name"]) == (
        "工程建设、土地出让、政府采购、资源开发、专项资金管理违规", False, "县财政局")
    early = centre.post(f"/info-items/{item['id']}/grade", json={"harm": "light"})
    assert early.status_code == 409 and "须先核实" in early.get_json()["error"]["message"]
    assert centre.post(f"/info-items/{item['id']}/verify").status_code == 200
    graded = centre.post(f"/info-items/{item['id']}/grade", json={"harm": "light"})
    assert graded.status_code == 200, graded.get_json()
    body = graded.get_json()
    # the demo left the bureau at 6 (two 二级 warnings); a 三级 deducts 1 → 5: red (default ≤ 5)
    assert (body["item"]["level_label"], body["item"]["response_label"], body["points"], body["score"],
            body["colour_label"]) == ("三级预警", "廉情预警告知", 1, 5, "红色预警")
    scores = centre.get("/info-scores").get_json()
    assert scores["thresholds_are_default"] is True
    row = next(u for u in scores["units"] if u["unit_name"] == "县财政局")
    assert (row["score"], row["colour"], row["accountability"], row["items"]) == (5, "red", True, 3)


@pytest.mark.parametrize(("body", "field", "message"), [
    ({"category": "projects_funds", "source": "media", "facts": "x"}, "subject", "请指明预警对象"),
    ({"category": "gossip", "source": "media", "facts": "x", "unit_id": 1}, "category", "应为以下之一"),
])
def test_bad_items_are_422_in_chinese_and_nothing_is_written(info_app, api, body, field, message):
    officer = api("cz.officer")
    before = api("yj.centre").get("/info-items").get_json()["total"]
    refused = officer.post("/info-items", json=body)
    assert refused.status_code == 422
    assert refused.get_json()["error"]["details"][field][0].startswith(message)
    assert api("yj.centre").get("/info-items").get_json()["total"] == before


def test_a_level_outside_1_to_3_is_422_and_the_deciders_are_enforced(info_app, api):
    """Issue 13: a level outside 1–3 gets a clear Chinese error; 「002 三 2」 二级 is not the centre's alone."""
    centre = api("yj.centre")
    [pending] = [i for i in centre.get("/info-items").get_json()["items"] if not i["verified"]]
    assert centre.post(f"/info-items/{pending['id']}/verify").status_code == 200
    outside = centre.post(f"/info-items/{pending['id']}/grade", json={"harm": "light", "level": 4, "reason": "x"})
    assert outside.status_code == 422
    assert outside.get_json()["error"]["details"]["level"] == ["预警等级应为一级、二级或三级(1–3,002 四)"]
    refused = centre.post(f"/info-items/{pending['id']}/grade", json={"harm": "heavy"})
    assert refused.status_code == 403 and "二级预警须由纪委分管副书记" in refused.get_json()["error"]["message"]


def test_who_reads_what(info_app, api):
    """Issue 13 §1: an invited officer sees only what they reported; a unit's officer that unit's items; a
    user outside the network reports nothing."""
    invited = api("yj.invited1").get("/info-items").get_json()
    assert invited["total"] == 1 and invited["items"][0]["facts"] == "县财政局违规向职工发放年终补贴。"
    finance = api("cz.officer").get("/info-items").get_json()
    assert finance["total"] == 2 and {i["subject_name"] for i in finance["items"]} == {"县财政局"}
    assert api("cz.officer").get("/info-scores").status_code == 403
    outsider = api("wang.clerk").post("/info-items", json={"category": "conduct", "source": "public",
                                                           "facts": "x", "unit_id": 1})
    assert outsider.status_code == 403


def _director_of_finance(app) -> int:
    with app.app_context(), extensions.session_factory()() as session:
        return session.execute(select(Cadre.id).join(Unit, Unit.id == Cadre.unit_id).where(
            Unit.code == "dept-finance", Cadre.position_title == "局长")).scalar_one()


def _cadre_item(app, api, *, graded: bool = True) -> int:
    created = api("cz.officer").post("/info-items", json={
        "category": "projects_funds", "source": "media", "cadre_id": _director_of_finance(app),
        "facts": "媒体披露县财政局局长插手政府采购。"})
    item_id = created.get_json()["id"]
    if graded:
        assert api("yj.centre").post(f"/info-items/{item_id}/verify").status_code == 200
        assert api("yj.deputy").post(f"/info-items/{item_id}/grade", json={
            "situation": "decision_error", "harm": "heavy"}).status_code == 200
    return item_id


def test_the_clerk_hands_an_item_over_as_a_clue_once(info_app, api):
    """Seed 003 第十条: a graded item about a cadre becomes the Measures' clue and case (201); the item says
    so; a second hand-over is 409 in Chinese and changes nothing."""
    item_id = _cadre_item(info_app, api)
    clerk = api("wang.clerk")
    done = clerk.post(f"/info-items/{item_id}/hand-over")
    assert done.status_code == 201, done.get_json()
    body = done.get_json()
    assert body["item"]["handed_over"] is True and body["item"]["clue_number"] == body["clue_number"]
    case = clerk.get(f"/cases/{body['case_id']}").get_json()
    # 「002 二(二)」新闻媒体披露 → 第十条 新闻媒体披露的问题; the cadre and the facts come with it
    assert (case["number"], case["clue"]["source_channel"]) == (body["case_number"], "media")
    assert case["clue"]["summary"].endswith("媒体披露县财政局局长插手政府采购。")
    assert case["source_info_item_id"] == item_id  # the case names the item it came from
    listed = api("yj.centre").get("/info-items?per_page=100").get_json()["items"]
    assert next(i for i in listed if i["id"] == item_id)["case_number"] == body["case_number"]
    again = clerk.post(f"/info-items/{item_id}/hand-over")
    assert again.status_code == 409
    assert again.get_json()["error"]["message"] == (
        f"该预警信息已移交为预警线索{body['clue_number']},不能重复移交(第十条)")
    assert clerk.get("/cases").get_json()["total"] == 1


def test_an_ungraded_item_is_422_and_outsiders_are_refused(info_app, api):
    """「002 三 2」 the level comes first (422); only the warning office registers clues (第十条, 403); an item
    outside one's reading is 404."""
    item_id = _cadre_item(info_app, api, graded=False)
    ungraded = api("wang.clerk").post(f"/info-items/{item_id}/hand-over")
    assert ungraded.status_code == 422 and "定级后才能移交" in ungraded.get_json()["error"]["message"]
    graded = _cadre_item(info_app, api)
    assert api("yj.centre").post(f"/info-items/{graded}/hand-over").status_code == 403
    assert api("zy.officer").post(f"/info-items/{graded}/hand-over").status_code == 404
    assert api("wang.clerk").post("/info-items/99999/hand-over").status_code == 404
    assert api("wang.clerk").get("/cases").get_json()["total"] == 0


def test_the_centre_starts_the_levels_response_once(info_app, api):
    """「002 四」 a graded item's response (二级: 廉情预警质询) is a process started by the centre; the seeds set no
    period, so its first step has no due date; a second start is 409, an ungraded item 422."""
    item_id = _cadre_item(info_app, api)
    centre = api("yj.centre")
    started = centre.post(f"/info-items/{item_id}/response")
    assert started.status_code == 201, started.get_json()
    assert started.get_json()["response_instance_id"] is not None
    [task] = [t for t in centre.get("/tasks?per_page=100").get_json()["items"]
              if t["process_key"] == "info_response"]
    assert (task["name"], task["due_date"]) == ("发出预警响应文书", None)
    assert centre.post(f"/info-items/{item_id}/response").status_code == 409
    ungraded = _cadre_item(info_app, api, graded=False)
    assert centre.post(f"/info-items/{ungraded}/response").status_code == 422
    assert api("yj.deputy").post(f"/info-items/{item_id}/response").status_code == 403
