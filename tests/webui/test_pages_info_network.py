"""The /info page (issue 13): the units' 12-point scores with their colours and the items the reader may see.

「001 第一篇(四)四是」 12分扣分制 and 蓝黄红 colours (thresholds the county's to set, said on the page);
「001 第一篇(五)6」 accountability; issue 13 §1 an invited officer sees only what they reported.
"""
from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlalchemy import select

from engine.actors import Actor
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import Cadre
from engine.models import Unit
from engine.models import User
from engine.models.cases import Clue
from processes.info_network import create_item
from processes.info_network import grade_item
from processes.info_network import verify_item
from processes.info_network.demo import seed_info_demo
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
    return page_app


def test_the_centre_sees_each_units_score_and_colour(info_pages, browser):
    page = text_of(browser("yj.centre").get("/info"))
    assert "廉情预警" in page  # the menu entry
    finance = page.split("县财政局</td>", 1)[1].split("</tr>", 1)[0]
    assert ">6</td>" in finance and "黄色预警" in finance and "已启动" in finance
    assert "当前为系统默认值,由本县设定" in page
    assert "蓝色 11 分、黄色 8 分、红色 5 分" in page
    assert "共 5 条" in page and "廉情监察建议" in page and "待核实" in page


def test_an_invited_officer_sees_only_what_they_reported(info_pages, browser):
    page = text_of(browser("yj.invited1").get("/info"))
    assert "共 1 条" in page and "score-table" not in page and "廉情预警质询" in page


def test_a_user_outside_the_network_is_refused(info_pages, browser):
    # a town's warning office receives no items from the county network; the county's does (第十、十四条)
    assert browser("zy.office").get("/info").status_code == 403
    assert browser("zheng.org").get("/info").status_code == 403


def _graded_cadre_item(app, *, graded: bool = True) -> int:
    """An item about the finance bureau's director reported by its officer and, if asked, graded 二级."""
    with app.app_context(), unit_of_work(extensions.session_factory()) as session:
        clock = FixedClock(extensions.clock().now())
        users = {u.username: u for u in session.execute(select(User)).scalars()}
        director = session.execute(select(Cadre.id).join(Unit, Unit.id == Cadre.unit_id).where(
            Unit.code == "dept-finance", Cadre.position_title == "局长")).scalar_one()
        item = create_item(session, clock, Actor(users["cz.officer"]), {
            "category": "administration", "source": "reported_from_below", "cadre_id": director,
            "facts": "县财政局局长违规批准发放津贴。"})
        if graded:
            verify_item(session, clock, Actor(users["yj.centre"]), item.id)
            grade_item(session, clock, Actor(users["yj.deputy"]), item.id, situation="allowances_abused",
                       harm="heavy")
        return item.id


def test_the_clerk_hands_an_item_over_and_lands_on_its_case(info_pages, browser):
    """Seed 003 第十条: the warning office registers the item as a clue and its case starts; the case shows
    its source item, the item shows 已移交 with the clue; a second hand-over is refused in Chinese."""
    item_id = _graded_cadre_item(info_pages)
    clerk = browser("wang.clerk")
    page = text_of(clerk.get(f"/info/items/{item_id}"))
    assert "廉情预警质询" in page and "种子材料(001、002)未规定期限,不设期限" in page
    assert "移交预警办登记线索" in page
    done = clerk.post(f"/info/items/{item_id}/hand-over")
    assert done.status_code == 302 and "/cases/" in done.location
    case_page = text_of(clerk.get(done.location))
    assert "预警信息已移交:线索" in case_page and f"预警信息第{item_id}号" in case_page
    assert f'href="/info/items/{item_id}"' in case_page
    item_page = text_of(clerk.get(f"/info/items/{item_id}"))
    assert "已移交为预警线索" in item_page and "移交预警办登记线索" not in item_page
    again = clerk.post(f"/info/items/{item_id}/hand-over")
    assert again.status_code == 302 and again.location.endswith(f"/info/items/{item_id}")
    assert "不能重复移交(第十条)" in text_of(clerk.get(again.location))
    assert "已移交" in text_of(clerk.get("/info"))


def test_an_ungraded_item_offers_no_hand_over(info_pages, browser):
    """「002 三 2」: the level is decided first; the page says so and a forced post is refused, nothing written."""
    item_id = _graded_cadre_item(info_pages, graded=False)
    clerk = browser("wang.clerk")
    assert "定级后才能移交为预警线索" in text_of(clerk.get(f"/info/items/{item_id}"))
    refused = clerk.post(f"/info/items/{item_id}/hand-over")
    assert refused.status_code == 302
    assert "预警信息定级后才能移交为预警线索(002 三 2)" in text_of(clerk.get(refused.location))
    assert one(info_pages, select(func.count()).select_from(Clue)) == 0


def test_an_item_outside_ones_reading_is_404(info_pages, browser):
    """Issue 13 §1: an invited officer reads only what they reported; another's item looks absent."""
    item_id = _graded_cadre_item(info_pages)
    assert browser("yj.invited1").get(f"/info/items/{item_id}").status_code == 404


def test_the_centre_starts_the_response_and_the_item_shows_its_step(info_pages, browser):
    """「002 四」 二级 → 廉情预警质询 as a process: the centre starts it from the item, whose page then shows the
    open step; the seeds give no period, and the page says so."""
    item_id = _graded_cadre_item(info_pages)
    centre = browser("yj.centre")
    page = text_of(centre.get(f"/info/items/{item_id}"))
    assert "启动廉情预警质询" in page and "种子材料(001、002)未规定期限,不设期限" in page
    started = centre.post(f"/info/items/{item_id}/response")
    assert started.status_code == 302
    page = text_of(centre.get(started.location))
    assert "预警响应已启动" in page and "发出预警响应文书" in page and "启动廉情预警质询" not in page
    again = centre.post(f"/info/items/{item_id}/response")
    assert "不能重复启动(002 四)" in text_of(centre.get(again.location))
