"""The monthly reporting board, /info/reports and GET /api/v1/info-reports (issue 13 §2).

「001 三、1」: officers report to the unit's office before the 25th, the unit to the county centre on the 28th;
零报告 is a report. The demo network (processes/info_network/demo.py) runs November and December 2026 on the
app's manual clock (tests/info_network/month_run.py): November reported as a 零报告 on the 27th, December
started on the 20th and unreported on the 30th. Scope: the county centre and supervisors see every unit, a
unit's information office its own; a month that is not 年-月 is refused in Chinese (page) and 422 (API).
"""
from __future__ import annotations

import pytest

from engine.clock import FixedClock
from engine.db import unit_of_work
from processes.info_network.demo import seed_info_demo
from tests.info_network.month_run import november_reported_december_late
from tests.webui.conftest import TEST_HASH
from tests.webui.pages import demo_password_hash
from tests.webui.pages import text_of
from webui import extensions


def _seed_network(app, password_hash: str):
    with app.app_context():
        clock = FixedClock(extensions.clock().now())
        with unit_of_work(extensions.session_factory()) as session:
            seed_info_demo(session, clock, password_hash=password_hash)
    november_reported_december_late(app)
    return app


@pytest.fixture()
def board_pages(page_app):
    return _seed_network(page_app, demo_password_hash())


@pytest.fixture()
def board_api(app):
    return _seed_network(app, TEST_HASH)


def _row(page: str, unit: str) -> str:
    return page.split(f"{unit}</td>", 1)[1].split("</tr>", 1)[0]


def test_the_centre_sees_the_zero_report_as_reported_and_the_silent_units_overdue_001_3_1(board_pages, browser):
    """「001 三、1」 November: the county's 零报告 of the 27th is a report; the finance bureau and 正阳关镇 each
    had their own report started on the 20th (startPerUnit) and reported nothing: 逾期未报."""
    centre = browser("yj.centre")
    assert 'id="reports-link"' in centre.get("/info").text  # linked from the /info page
    page = text_of(centre.get("/info/reports?month=2026-11"))
    assert "信息员每月25日前向单位预警信息办公室报送,单位每月28日向县预警中心报送" in page
    county = _row(page, "寿县纪委")
    assert "已报送" in county and "2026-11-27" in county and "零报告" in county
    assert "逾期未报" in _row(page, "县财政局") and "逾期未报" in _row(page, "正阳关镇")
    assert "信息员报送截止:2026-11-25;单位报送日:2026-11-28" in page


def test_december_unreported_on_the_30th_is_overdue_worst_first_with_counts_001_3_1(board_pages, browser):
    """「001 三、1」 the 28th passed two days ago and no unit reported: each is 逾期未报 by 2 days."""
    page = browser("yj.centre").get("/info/reports").text  # no month: this month (December) in China time
    for unit in ("寿县纪委", "县财政局", "正阳关镇"):
        assert "单位逾期2天" in _row(page, unit)
    counts = page.split('id="report-counts"', 1)[1].split("</ul>", 1)[0]
    assert 'data-state="overdue">' in counts
    overdue = counts.split('data-state="overdue">', 1)[1].split("</li>", 1)[0]
    assert '<span class="fs-5 fw-semibold">3</span>' in overdue


def test_a_units_office_sees_its_own_unit_and_others_are_refused(board_pages, browser):
    page = text_of(browser("cz.infooffice").get("/info/reports?month=2026-11"))
    assert "县财政局" in page and "寿县纪委" not in page and "正阳关镇" not in page
    assert browser("cz.officer").get("/info/reports").status_code == 403
    assert browser("yj.invited1").get("/info/reports").status_code == 403
    assert 'id="reports-link"' not in browser("yj.invited1").get("/info").text


def test_a_bad_month_is_told_in_chinese_and_shows_no_board(board_pages, browser):
    refused = browser("yj.centre").get("/info/reports?month=2026-13")
    assert refused.status_code == 422
    assert "月份应为“年-月”,例如2030-01" in text_of(refused) and "report-table" not in refused.text


def test_the_api_gives_the_board_of_a_month_001_3_1(board_api, api):
    """「001 三、1」 the same states through GET /api/v1/info-reports, worst first, with the counts."""
    body = api("yj.centre").get("/info-reports?month=2026-12").get_json()
    assert (body["month"], body["officers_due"], body["unit_due"]) == ("2026-12", "2026-12-25", "2026-12-28")
    county = next(u for u in body["units"] if u["unit_name"] == "寿县纪委")
    assert (county["state"], county["state_label"], county["days_late"], county["late_step"]) == (
        "overdue", "逾期未报", 2, "unit")
    assert body["counts"]["overdue"] == 3 and body["counts"]["not_started"] == len(body["units"]) - 3
    november = api("yj.centre").get("/info-reports?month=2026-11").get_json()
    county = next(u for u in november["units"] if u["unit_name"] == "寿县纪委")
    assert (county["state"], county["zero_report"], county["reported_on"], county["days_late"]) == (
        "reported", True, "2026-11-27", 0)


def test_the_api_scopes_the_board_and_refuses_a_bad_month(board_api, api):
    own = api("cz.infooffice").get("/info-reports?month=2026-11").get_json()
    assert [u["unit_name"] for u in own["units"]] == ["县财政局"]
    assert api("cz.officer").get("/info-reports").status_code == 403
    supervised = api("chen.supervisor").get("/info-reports?month=2026-11").get_json()["units"]
    assert {"寿县纪委", "县财政局", "正阳关镇"} <= {u["unit_name"] for u in supervised}
    bad = api("yj.centre").get("/info-reports?month=2026/11")
    assert bad.status_code == 422
    assert bad.get_json()["error"]["details"]["month"] == ["月份应为“年-月”,例如2030-01"]


def test_the_board_speaks_english(board_pages, browser):
    client = browser("yj.centre")
    assert client.post("/language", {"lang": "en", "next": "/"}).status_code == 302
    page = client.get("/info/reports?month=2026-12").text
    assert "Monthly reports" in page and "Overdue, not reported" in page and "Unit 2 d late" in page
    assert "before the 25th of each month" in page
    assert "Zero report" in client.get("/info/reports?month=2026-11").text
    assert "The month must be year-month" in client.get("/info/reports?month=x").text


def test_the_supervisor_finds_the_board_from_the_menu_001_3_1(board_pages, browser):
    """Issue 13 §2: late or missing reports are visible on the supervisor's board by unit and month."""
    supervisor = browser("chen.supervisor")
    home = supervisor.get("/").text
    assert 'href="/info"' in home
    assert 'id="reports-link"' in supervisor.get("/info").text
    page = supervisor.get("/info/reports?month=2026-12").text
    assert "单位逾期2天" in _row(page, "寿县纪委") and "逾期未报" in _row(page, "县财政局")
