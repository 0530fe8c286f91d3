"""The administrator links a user to their cadre record on the users page, then unlinks it (issue 14 §1;
第三十三条): in the browser, desktop and 390 px wide."""
from __future__ import annotations

from sqlalchemy import select

from engine.models import User
from engine.seed import DEMO_PASSWORD
from webui import extensions


def _sign_in(page, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)  # each role lands on its own home (issue 15 §8)


def _cadre_of(live_app, username: str) -> int | None:
    with live_app.app_context(), extensions.session_factory()() as session:
        return session.execute(select(User.cadre_id).where(User.username == username)).scalar_one()


def test_the_admin_links_and_unlinks_a_users_cadre_record(page, live_app, shot):
    _sign_in(page, "admin")
    page.goto("/admin/users?q=zy.office")
    row = page.locator("tr", has_text="zy.office")
    deputy = row.locator("select[name=cadre_id] option", has_text="副镇长").get_attribute("value")
    row.locator("select[name=cadre_id]").select_option(value=deputy)
    with page.expect_navigation():
        row.get_by_role("button", name="关联", exact=True).click()
    assert _cadre_of(live_app, "zy.office") is not None
    assert "副镇长" in page.locator("tr", has_text="zy.office").inner_text()
    shot(page, "admin-user-cadre-linked")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "admin-user-cadre-linked-390")
    page.on("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.locator("tr", has_text="zy.office").get_by_role("button", name="解除关联").click()
    assert _cadre_of(live_app, "zy.office") is None
    assert page.locator("tr", has_text="zy.office").locator("select[name=cadre_id]").count() == 1
