"""English mode is complete where people work, and the navigation bar fits at 1280 px (issue 15 item 10)."""
from __future__ import annotations

import re

import pytest

from tests.browser.test_admin_user_cadre import _sign_in

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("username", ["admin", "chen.supervisor", "sun.designer", "liu.auditor", "wang.clerk"])
def test_the_english_navbar_fits_on_one_line_at_1280_px(browser, live_server, shot, username):
    page = browser.new_context(locale="en-US", base_url=live_server, viewport={"width": 1280, "height": 800}).new_page()
    _sign_in(page, username)
    page.locator("form.lj-language").get_by_role("button", name="English").click()
    page.wait_for_load_state()
    navbar = page.locator("nav.navbar").first
    box = navbar.bounding_box()
    shot(page, f"english-navbar-{username}")
    assert box["height"] <= 72, f"{username}: the navbar wraps ({box['height']} px high)"
    menu = navbar.inner_text()
    shown = menu.replace(page.locator(".navbar .dropdown-toggle").last.inner_text(), "")  # the user's own name
    assert not CJK.search(shown.replace("廉警", "").replace("廉", "")), menu  # the product's name and emblem stay
    page.context.close()
