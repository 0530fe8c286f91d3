"""The warning-information page in the browser (issue 13, first slice): the centre reads the units' 12-point
scores with their colours (「001 第一篇(四)四是」) and the items, at desktop width and on a 390 px phone.
The warning office hands a graded item about a cadre over as a clue (seed 003 第十条) and lands on the case.
The county centre reads the monthly reporting board (「001 三、1」: officers by the 25th, the unit on the 28th,
零报告 a report), its December overdue and November reported, as a table and as cards on a phone.
Screenshots: tests/browser/screenshots/info-*.png. (The issue's full month-long browser run is not built yet.)
"""
from __future__ import annotations

import re

from sqlalchemy import select

from engine.actors import Actor
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import Cadre
from engine.models import Unit
from engine.models import User
from engine.seed import DEMO_PASSWORD
from processes.info_network import create_item
from processes.info_network import grade_item
from processes.info_network import verify_item
from processes.info_network.demo import seed_info_demo
from tests.browser.test_accessibility import axe_violations
from tests.info_network.month_run import november_reported_december_late
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


def _graded_item_about_the_director(app) -> int:
    """An item about the finance bureau's director, reported by its officer and graded 二级 by the deputy."""
    with app.app_context(), unit_of_work(extensions.session_factory()) as session:
        clock = FixedClock(extensions.clock().now())
        users = {u.username: u for u in session.execute(select(User)).scalars()}
        director = session.execute(select(Cadre.id).join(Unit, Unit.id == Cadre.unit_id).where(
            Unit.code == "dept-finance", Cadre.position_title == "局长")).scalar_one()
        item = create_item(session, clock, Actor(users["cz.officer"]), {
            "category": "administration", "source": "reported_from_below", "cadre_id": director,
            "facts": "县财政局局长违规批准向职工发放津贴。"})
        verify_item(session, clock, Actor(users["yj.centre"]), item.id)
        grade_item(session, clock, Actor(users["yj.deputy"]), item.id, situation="allowances_abused", harm="heavy")
        return item.id


def test_the_clerk_hands_an_item_over_and_lands_on_the_new_clue(live_app, page, shot):
    """Seed 003 第十条: the warning office registers a graded item about a cadre as a clue; its case opens
    on screening (第十四条) and names the item it came from; the item then shows 已移交 with the clue."""
    _seed(live_app)
    item_id = _graded_item_about_the_director(live_app)
    _sign_in(page, "wang.clerk")
    page.goto("/info")
    page.locator(f"#item-{item_id} a").click()
    page.wait_for_url(re.compile(rf"/info/items/{item_id}$"))
    assert "种子材料(001、002)未规定期限" in page.locator("#item-response").inner_text()
    assert axe_violations(page) == []
    shot(page, "info-item-desktop")
    page.click("#hand-over-button")
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    assert "预警信息已移交" in page.locator(".alert-success").inner_text()
    assert page.locator("#source-item a").inner_text() == f"预警信息第{item_id}号"
    assert "县财政局局长违规批准向职工发放津贴。" in page.locator("#clue-title").locator("xpath=../..").inner_text()
    shot(page, "info-handed-over-case-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#source-item a").click()
    page.wait_for_url(re.compile(rf"/info/items/{item_id}$"))
    assert page.locator("#handed-over-badge").is_visible()
    assert "已移交为预警线索" in page.locator("#handover").inner_text()
    assert axe_violations(page) == []
    shot(page, "info-item-handed-over-390")


def test_the_centre_starts_the_levels_response_and_sees_its_step(live_app, page, shot):
    """「002 四」 二级 → 廉情预警质询, a process started from the item; seeds 001/002 set no period (the page
    says so)."""
    _seed(live_app)
    item_id = _graded_item_about_the_director(live_app)
    _sign_in(page, "yj.centre")
    page.goto(f"/info/items/{item_id}")
    page.click("#start-response-button")
    page.wait_for_selector("#response-process a")
    assert page.locator("#response-process a").inner_text() == "发出预警响应文书"
    assert "未规定期限" in page.locator("#item-response").inner_text()
    shot(page, "info-item-response-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#response-process a").click()
    page.wait_for_url(re.compile(r"/tasks/\d+$"))
    shot(page, "info-response-task-390")


def test_the_centre_reads_the_monthly_reporting_board_001_3_1(live_app, page, shot, console_errors):
    """「001 三、1」 December 2026 unreported on the 30th: each unit with an information office had its own report
    started and is 逾期未报 by two days; November's 零报告 of the 27th shows as reported. On a 390 px phone
    each unit is a card with its column names. (This test moves the module's manual clock: it runs last.)"""
    _seed(live_app)
    november_reported_december_late(live_app)
    _sign_in(page, "yj.centre")
    page.goto("/info")
    page.click("#reports-link")
    page.wait_for_url(re.compile(r"/info/reports$"))
    first = page.locator("#report-table tbody tr").first
    assert first.get_attribute("data-state") == "overdue" and "单位逾期2天" in first.inner_text()
    assert page.locator("#report-counts [data-state=overdue] .fs-5").inner_text() == "3"
    assert axe_violations(page) == []
    shot(page, "info-reports-desktop")
    page.fill("#month", "2026-11")
    page.click("#month-form button[type=submit]")
    page.wait_for_url(re.compile(r"/info/reports\?month=2026-11$"))
    county = page.locator("#report-table tbody tr", has_text="寿县纪委")
    assert county.get_attribute("data-state") == "reported" and "零报告" in county.inner_text()
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert county.evaluate("row => getComputedStyle(row).display") == "flex"  # a card, not a table row
    assert page.locator("#report-table thead").evaluate("head => head.getBoundingClientRect().height") <= 1
    assert axe_violations(page) == []
    shot(page, "info-reports-390")
    page.goto("/info/reports?month=2026-13")
    assert "月份应为“年-月”" in page.locator("#month-error").inner_text()
    # chromium logs the page's own 422 status as a console error: that one is expected, nothing else is
    assert len(console_errors) == 1 and "status of 422" in console_errors[0]
    console_errors.clear()
