"""The /info page (issue 13): the units' 12-point scores with their colours and the items the reader may see.

「001 第一篇(四)四是」 12分扣分制 and 蓝黄红 colours (thresholds the county's to set, said on the page);
「001 第一篇(五)6」 accountability; issue 13 §1 an invited officer sees only what they reported.
"""
from __future__ import annotations

import pytest

from engine.clock import FixedClock
from engine.db import unit_of_work
from processes.info_network.demo import seed_info_demo
from tests.webui.pages import demo_password_hash
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
    assert browser("wang.clerk").get("/info").status_code == 403
