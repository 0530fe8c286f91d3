"""A lock-out as the people of a county office meet it (issue 15 item 4; issue 14 §3.7), in the browser.

A clerk who mistypes five times is told plainly when they may try again; a colleague at the same address
(a county office sits behind one) still signs in; the administrator unlocks the account from the users page
with one button, and the clerk signs in at once. Desktop and 390 px screenshots.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest

from engine.clock import UTC
from engine.clock import FixedClock
from engine.seed import DEMO_PASSWORD
from tests.browser.test_admin_user_cadre import _sign_in
from webui.extensions import WALL_CLOCK_KEY


@pytest.fixture()
def wall(live_app):
    """The live app's wall clock, stepped by hand (the throttle's short delays need not be waited out)."""
    original = live_app.extensions[WALL_CLOCK_KEY]
    clock = FixedClock(dt.datetime.now(UTC))
    live_app.extensions[WALL_CLOCK_KEY] = clock
    yield clock
    live_app.extensions[WALL_CLOCK_KEY] = original


def _try(page, username: str, password: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("form button[type=submit]")


def test_a_locked_out_clerk_is_told_when_to_try_again_and_the_administrator_unlocks_them(browser, live_server,
                                                                                         wall, shot):
    clerk = browser.new_context(locale="zh-CN", base_url=live_server).new_page()
    for _ in range(5):
        _try(clerk, "xu.clerk", "wrong-password")
        wall.advance(seconds=10)
    _try(clerk, "xu.clerk", DEMO_PASSWORD)  # even the right password waits now
    message = clerk.locator("#login-error").inner_text()
    assert re.search(r"账户已暂时锁定,请\d+分钟后再试或联系系统管理员解锁", message), message
    shot(clerk, "lockout-told-when")
    clerk.set_viewport_size({"width": 390, "height": 844})
    shot(clerk, "lockout-told-when-390")

    # one person's mistakes never lock the office out: a colleague at the same address signs in
    colleague = browser.new_context(locale="zh-CN", base_url=live_server).new_page()
    _sign_in(colleague, "wang.clerk")

    admin = browser.new_context(locale="zh-CN", base_url=live_server, viewport={"width": 1366, "height": 900})
    admin_page = admin.new_page()
    _sign_in(admin_page, "admin")
    admin_page.goto("/admin/users?q=xu.clerk")
    row = admin_page.locator("tr", has_text="xu.clerk")
    assert "登录已锁定" in row.inner_text()
    shot(admin_page, "lockout-admin-sees-it")
    with admin_page.expect_navigation():
        row.get_by_role("button", name="解除锁定").click()
    assert "已解除账号" in admin_page.content()
    assert "登录已锁定" not in admin_page.locator("tr", has_text="xu.clerk").inner_text()

    _sign_in(clerk, "xu.clerk")
    assert clerk.locator("#login-error").count() == 0
