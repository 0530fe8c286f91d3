"""风险台账 in a real browser (issue 12 §2): the county's clerk filters the register by level on a desktop and
on a 390 px phone; screenshots for looking at. The identification's browser walk is not written yet."""
from __future__ import annotations

import re

import pytest

from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.seed import DEMO_PASSWORD
from processes.risk_points.demo import seed_risk_demo
from tests.webui.pages import demo_password_hash
from webui import extensions


@pytest.fixture(scope="module")
def configure_live_app():
    """The demo registers of the finance bureau and 正阳关镇."""

    def seed(app) -> None:
        with app.app_context():
            clock = FixedClock(extensions.clock().now())
            with unit_of_work(extensions.session_factory()) as session:
                seed_risk_demo(session, clock, password_hash=demo_password_hash())

    return seed


@pytest.mark.parametrize(("width", "name"), [(1366, "risks_desktop"), (390, "risks_phone")])
def test_the_clerk_filters_the_register_by_level(browser, live_server, console_errors, shot, width, name):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900}, base_url=live_server)
    page = context.new_page()
    page.on("pageerror", lambda e: console_errors.append(str(e)))
    page.goto("/login")
    page.fill("#username", "wang.clerk")
    page.fill("#password", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/(\?.*)?$"))
    page.goto("/risks")
    assert page.locator("#risk-table tbody tr").count() == 8
    assert page.locator("#unit-levels tbody tr").count() == 2
    page.select_option("#level", "1")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url(re.compile(r"level=1"))
    assert page.locator("#risk-table tbody tr").count() == 3  # 「004 九」: the level-1 points of both units
    assert page.locator("#risk-table tbody tr[data-level='1']").count() == 3
    shot(page, name)
    context.close()
    assert not console_errors
