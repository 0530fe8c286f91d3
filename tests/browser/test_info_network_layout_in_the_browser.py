"""The network layout and an invited officer's restricted sign-in in the browser (issue 13 §1).

The administrator reads the five-level network over the unit tree (「001 第一篇(四)一是」) at desktop width and
on a 390 px phone. An invited officer (特邀预警信息员, 「002 一(三)2」) signs in, reports an item from the form,
and sees only what they reported; the centre records the feedback (「001 第一篇(四)三是」) and the officer
finds it on their item, opened from the notification. Screenshots: tests/browser/screenshots/info-network-*.png.
"""
from __future__ import annotations

import re

from sqlalchemy import select

from processes.info_network.models import InfoItem
from tests.browser.test_accessibility import axe_violations
from tests.browser.test_info_network_in_the_browser import _seed
from tests.browser.test_info_network_in_the_browser import _sign_in
from webui import extensions


def test_the_administrator_reads_the_network_over_the_unit_tree(live_app, sign_in, shot):
    _seed(live_app)
    page = sign_in("admin", {"width": 1366, "height": 900})
    page.goto("/info/network")
    county = page.locator("#network-table tr[data-kind=centre]")
    assert "县预警中心" in county.inner_text() and "特邀信息员(县人大代表)" in county.inner_text()
    assert page.locator("#network-table tr[data-kind=collection_point]").count() == 2
    assert axe_violations(page) == []
    shot(page, "info-network-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.locator("#network-cards").is_visible() and not page.locator("#network-table").is_visible()
    assert page.locator("#network-cards li[data-kind=centre]").count() == 1
    assert axe_violations(page) == []
    shot(page, "info-network-390")


def test_an_invited_officer_reports_sees_only_their_own_and_reads_the_feedback(live_app, page, sign_in, shot):
    _seed(live_app)
    _sign_in(page, "yj.invited1")
    page.click("text=廉情预警")
    page.wait_for_url(re.compile(r"/info$"))
    assert page.locator("#item-table tbody tr").count() == 1  # only what they reported (issue 13 §1)
    assert page.locator("#network-link").count() == 0 and page.locator("#reports-link").count() == 0
    page.click("#report-link")
    page.select_option("#item-category", "harm_to_public")
    page.select_option("#item-unit", label="县财政局")
    page.fill("#item-facts", "县财政局窗口工作人员多次拒收群众材料。")
    page.set_viewport_size({"width": 390, "height": 844})
    assert axe_violations(page) == []
    shot(page, "info-network-report-390")
    page.click("#item-submit")
    page.wait_for_url(re.compile(r"/info/items/\d+$"))
    new_item = page.url.rsplit("/", 1)[1]
    assert "尚未反馈" in page.locator("#feedback-kind").inner_text()
    page.goto("/info")
    assert page.locator("#item-table tbody tr").count() == 2
    # the centre records the feedback of the item the officer reported; the officer is told
    other = sign_in("yj.centre")
    with live_app.app_context(), extensions.session_factory()() as session:
        demo_item = session.execute(select(InfoItem.id).where(
            InfoItem.facts == "县财政局违规向职工发放年终补贴。")).scalar_one()
    other.goto(f"/info/items/{demo_item}")
    other.select_option("#feedback-select", "talk_reminder")
    other.click("#feedback-button")
    assert "已通知报送人" in other.locator(".alert-success").inner_text()
    page.goto("/notifications")
    page.locator("[data-kind=info_feedback] button").first.click()
    page.wait_for_url(re.compile(r"/info/items/\d+$"))
    assert page.url.rsplit("/", 1)[1] != new_item
    assert "谈话提醒" in page.locator("#feedback-kind").inner_text()
    assert page.locator("#feedback-button").count() == 0
    assert axe_violations(page) == []
    shot(page, "info-network-feedback-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    shot(page, "info-network-feedback-desktop")
