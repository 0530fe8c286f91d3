"""A person makes and revokes their own API token in the browser (issue 14 §3.6), desktop and 390 px wide."""
from __future__ import annotations

from engine.seed import DEMO_PASSWORD
from tests.browser.test_admin_user_cadre import _sign_in


def test_a_clerk_makes_a_token_from_the_account_menu_and_revokes_it(page, shot):
    _sign_in(page, "wang.clerk")
    page.locator(".navbar .dropdown-toggle", has_text="王").first.click()
    page.get_by_role("link", name="我的接口令牌").click()
    page.fill("#label", "待办统计脚本")
    page.fill("#password", DEMO_PASSWORD)
    page.get_by_role("button", name="生成令牌").click()
    token = page.input_value("#new-token-value")
    assert len(token) >= 40
    shot(page, "account-token-made")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "account-token-made-390")
    page.goto("/account/tokens")
    assert token not in page.content()  # shown once
    row = page.locator("#token-list tr", has_text="待办统计脚本")
    assert "有效" in row.inner_text()
    with page.expect_navigation():
        row.get_by_role("button", name="撤销").click()
    assert "已撤销" in page.locator("#token-list tr", has_text="待办统计脚本").inner_text()
    assert "令牌已撤销" in page.content()
