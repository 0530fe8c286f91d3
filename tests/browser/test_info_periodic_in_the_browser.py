"""The quarterly analysis in the browser (issue 13 §2; 「001 三、1」 每季度进行预警分析,每半年进行工作总结).

The demo network reports its items in November 2026 and runs November and December's monthly reports; the
administrator's resumed quarterly schedule starts the fourth quarter's analysis on 1 January 2027. The county
centre opens 季度分析与半年总结 from the 廉情预警 page, sees the quarter's figures and charts, follows the link to
its writing step, writes the analysis, and reads it back on the report page, at desktop width and on a 390 px
phone. Screenshots: tests/browser/screenshots/info-periodic-*.png.
"""
from __future__ import annotations

import re

from sqlalchemy import select

from engine.actors import Actor
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.models import StartSchedule
from engine.models import User
from engine.start_schedules import resume_schedule
from tests.browser.test_accessibility import axe_violations
from tests.browser.test_info_network_in_the_browser import _seed
from tests.browser.test_info_network_in_the_browser import _sign_in
from tests.info_network.month_run import november_reported_december_late
from tests.info_network.month_run import sweep
from webui import extensions

ANALYSIS = {"overview": "第四季度共收到预警信息5条,一级预警1条,财政局和正阳关镇均被扣分。",
            "problems": "专项资金管理和窗口作风问题较为集中;各单位月度报送普遍逾期。",
            "suggestions": "对正阳关镇专项资金开展专项检查;督促各单位按时报送月度信息。"}


def _resume_quarterly(app) -> None:
    with app.app_context():
        clock = FixedClock(extensions.clock().now())
    with app.app_context(), unit_of_work(extensions.session_factory()) as session:
        schedule = session.execute(select(StartSchedule).where(
            StartSchedule.key == "info_quarterly_analysis")).scalar_one()
        admin = session.execute(select(User).where(User.username == "admin")).scalar_one()
        resume_schedule(session, clock, Actor(admin), schedule.id)


def test_the_centre_writes_the_quarters_analysis_over_its_figures_001_3_1(live_app, page, shot, console_errors):
    _seed(live_app)
    november_reported_december_late(live_app)
    _resume_quarterly(live_app)
    assert len(sweep(live_app, "2027-01-01 09:00:01")) == 1  # the quarter's analysis, one for the county
    _sign_in(page, "yj.centre")
    page.goto("/info")
    page.click("#periodic-link")
    page.wait_for_url(re.compile(r"/info/periodic$"))
    assert "2026年第四季度" in page.inner_text("h1")  # the last finished quarter
    figures = page.locator("#period-figures")
    assert figures.locator('[data-figure="items"] .fs-5').inner_text() == "5"
    assert figures.locator('[data-figure="late"] .fs-5').inner_text() == "8"
    page.click("#analysis-task")
    page.wait_for_selector("#task-form")
    for name, text in ANALYSIS.items():
        page.locator(f'#task-form [name="{name}"]').first.fill(text)
    page.click("#task-form button[value=submit]")
    page.wait_for_load_state()
    assert page.locator("#form-error").count() == 0
    page.goto("/info/periodic?period=2026-Q4")
    analysis = page.locator("#period-analysis")
    assert ANALYSIS["problems"] in analysis.inner_text()
    # the charts are drawn (Chart.js sizes each canvas) and nothing failed in the console
    page.wait_for_function("document.getElementById('chart-category').width > 0")
    assert page.locator('#period-units tr[data-unit]').count() == 2
    assert axe_violations(page) == []  # no serious or critical accessibility violation (axe-core)
    shot(page, "info-periodic-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_function("document.getElementById('chart-category').width > 0")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    shot(page, "info-periodic-390")
    assert console_errors == []
