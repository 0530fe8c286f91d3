"""The warning-information page in the browser (issue 13, first slice): the centre reads the units' 12-point
scores with their colours (「001 第一篇(四)四是」) and the items, at desktop width and on a 390 px phone.
Screenshots: tests/browser/screenshots/info-*.png. (The issue's full month-long browser run is not built yet.)
"""
from __future__ import annotations

import re

from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.seed import DEMO_PASSWORD
from processes.info_network.demo import seed_info_demo
from tests.webui.pages import demo_password_hash
from webui import extensions


def _seed(app) -> None:
    with app.app_context(), unit_of_work(extensions.session_factory()) as session:
        seed_info_demo(session, FixedClock(extensions.clock().now()), password_hash=demo_password_hash())


def _sign_in(page, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/(\?.*)?$"))


def test_the_centre_reads_the_scores_and_colours(live_app, page, shot):
    _seed(live_app)
    _sign_in(page, "yj.centre")
    page.click("text=廉情预警")
    page.wait_for_url(re.compile(r"/info$"))
    finance = page.locator("#score-table tr", has_text="县财政局")
    assert "黄色预警" in finance.inner_text() and "已启动" in finance.inner_text()
    assert "由本县设定" in page.locator("#threshold-note").inner_text()
    assert page.locator("#item-table tbody tr").count() == 5
    shot(page, "info-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.locator("#score-table").is_visible()
    shot(page, "info-390")
