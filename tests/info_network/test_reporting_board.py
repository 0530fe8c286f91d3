"""The late/missing reporting board (processes/info_network/reporting.py, issue 13 §2).

「001 三、1」: officers report to the unit's office before the 25th, the unit reports to the county centre on
the 28th; 零报告 is a report. Each test runs a month of monthly_report.bpmn on the injectable clock and reads
the board the county centre sees.
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from engine.db import unit_of_work
from engine.errors import FormInvalid
from engine.errors import NotPermitted
from engine.models import HumanTask
from engine.models import StartSchedule
from engine.models import Unit
from engine.seed import add_people
from engine.start_schedules import resume_schedule
from processes.info_network.reporting import parse_month
from processes.info_network.reporting import reporting_board
from tests.engine.starts_support import complete
from tests.info_network.test_monthly_report import KEY
from tests.info_network.test_monthly_report import _at
from tests.info_network.test_monthly_report import _sweep
from tests.info_network.test_monthly_report import _task

JANUARY = dt.date(2030, 1, 1)


@pytest.fixture()
def info_world(info_world):
    """The network's world with the monthly report resumed, and an information office in the finance bureau."""
    with unit_of_work(info_world.factory) as session:
        schedule = session.execute(select(StartSchedule).where(StartSchedule.key == KEY)).scalar_one()
        resume_schedule(session, info_world.clock, info_world.actor(session, "admin"), schedule.id)
        finance = session.execute(select(Unit).where(Unit.code == "dept-finance")).scalar_one()
        add_people(session, [("board.finance", "财政局预警信息办公室", finance.code, ("info_office",))],
                   password_hash="x")
    return info_world


def _board(world, username: str = "yj.centre", month: dt.date = JANUARY, when: str | None = None):
    if when is not None:
        world.clock.set(_at(when))
    with world.factory() as session:
        return reporting_board(session, world.clock, world.user(session, username), month)


def _reports_by_unit(world, when: str) -> dict[int, int]:
    """Sweep at ``when`` and return each started report by the unit its steps are held in."""
    started = _sweep(world, when)
    with world.factory() as session:
        return {session.execute(select(HumanTask.unit_id).where(HumanTask.instance_id == instance_id))
                .scalars().first(): instance_id for instance_id in started}


def _county_report(world, when: str) -> int:
    return _reports_by_unit(world, when)[world.unit_id("county")]


def _row(board, unit_id: int):
    return next(row for row in board.rows if row.unit_id == unit_id)


def test_a_zero_report_on_the_28th_counts_as_reported_001_3_1(info_world):
    """「001 三、1」 the unit reports on the 28th; a 零报告 is a report, not a silence (issue 13 §2)."""
    started = _county_report(info_world, "2030-01-20T09:00:01+08:00")
    complete(info_world, "yj.invited", _task(info_world, started, "officer_report"), {"zero_report": True})
    info_world.clock.set(_at("2030-01-28T16:00:00+08:00"))
    complete(info_world, "yj.office", _task(info_world, started, "unit_report"), {"zero_report": True})
    county = _row(_board(info_world, when="2030-02-03T10:00:00+08:00"), info_world.unit_id("county"))
    assert (county.state, county.label, county.zero_report) == ("reported", "已报送", True)
    assert (county.reported_on, county.days_late, county.late_step) == (dt.date(2030, 1, 28), 0, None)


def test_items_reported_after_the_28th_are_reported_with_the_days_late_001_3_1(info_world):
    """「001 三、1」 reported with 3 items on 31 January: reported, three days after the 28th."""
    started = _county_report(info_world, "2030-01-20T09:00:01+08:00")
    complete(info_world, "yj.officer", _task(info_world, started, "officer_report"),
             {"zero_report": False, "item_count": 3, "summary": "财政局三条。"})
    info_world.clock.set(_at("2030-01-31T10:00:00+08:00"))
    complete(info_world, "yj.office", _task(info_world, started, "unit_report"),
             {"zero_report": False, "item_count": 3, "summary": "财政局三条。"})
    county = _row(_board(info_world), info_world.unit_id("county"))
    assert (county.state, county.item_count, county.zero_report) == ("reported", 3, False)
    assert (county.days_late, county.late_step) == (3, "unit")


def test_before_the_25th_running_is_pending_after_it_the_officers_are_late_001_3_1(info_world):
    """「001 三、1」 before the 25th nothing is late; on the 26th the officers' step still open is one day late
    (day-level, China time: the 25th counts to its end)."""
    _sweep(info_world, "2030-01-20T09:00:01+08:00")
    county = info_world.unit_id("county")
    assert _row(_board(info_world, when="2030-01-25T23:59:00+08:00"), county).state == "pending"
    late = _row(_board(info_world, when="2030-01-26T00:00:01+08:00"), county)
    assert (late.state, late.label, late.days_late, late.late_step) == ("overdue", "逾期未报", 1, "officers")


def test_not_reported_after_the_28th_is_overdue_by_the_days_since_001_3_1(info_world):
    """「001 三、1」 the officers reported but the unit did not: on 2 February it is five days after the 28th."""
    started = _county_report(info_world, "2030-01-20T09:00:01+08:00")
    complete(info_world, "yj.officer", _task(info_world, started, "officer_report"), {"zero_report": True})
    late = _row(_board(info_world, when="2030-02-02T08:00:00+08:00"), info_world.unit_id("county"))
    assert (late.state, late.days_late, late.late_step) == ("overdue", 5, "unit")


def test_a_month_never_started_shows_every_network_unit_not_started_worst_first_001_3_1(info_world):
    """No instance for December 2029 (the schedule starts in 2030): every unit of the network is 未发起, and
    the board counts them. On 20 January each unit with an information office gets its own report
    (「001 三、1」 every unit reports monthly; issue 13 §2 a timer start per unit per month): by the 29th both
    are overdue, and the units without an office stay 未发起 after them."""
    december = _board(info_world, month=dt.date(2029, 12, 1))
    assert {row.state for row in december.rows} == {"not_started"}
    county, finance = info_world.unit_id("county"), info_world.unit_id("dept-finance")
    assert {county, finance} <= {row.unit_id for row in december.rows}
    assert december.counts["not_started"] == len(december.rows)
    assert set(_reports_by_unit(info_world, "2030-01-20T09:00:01+08:00")) == {county, finance}
    january = _board(info_world, when="2030-01-29T09:00:00+08:00")
    assert {row.unit_id for row in january.rows[:2]} == {county, finance}
    assert {row.state for row in january.rows[:2]} == {"overdue"}
    assert {row.state for row in january.rows[2:]} <= {"not_started"}
    assert (january.officers_due, january.unit_due) == (dt.date(2030, 1, 25), dt.date(2030, 1, 28))


def test_the_month_is_the_timer_occurrence_not_the_day_of_the_sweep_001_3_1(info_world):
    """A sweep that ran late (worker down from the 20th to 1 February) still starts January's report: the
    month comes from the occurrence recorded in the audit, not from the instance's own start day."""
    _sweep(info_world, "2030-02-01T10:00:00+08:00")
    county = info_world.unit_id("county")
    assert _row(_board(info_world), county).state == "overdue"
    assert _row(_board(info_world, month=dt.date(2030, 2, 1)), county).state == "not_started"


def test_a_units_office_sees_its_own_unit_only_and_others_are_refused(info_world):
    """The county centre and supervisors see every unit; a unit's information office its own; an invited
    officer (no office) is refused."""
    _sweep(info_world, "2030-01-20T09:00:01+08:00")
    own = _board(info_world, "board.finance")
    assert [row.unit_id for row in own.rows] == [info_world.unit_id("dept-finance")]
    with pytest.raises(NotPermitted):
        _board(info_world, "yj.invited")


@pytest.mark.parametrize("text", ["2030-13", "2030-1", "30-01", "2030/01", "abcd-ef", "1999-12"])
def test_a_month_that_is_not_year_dash_month_is_refused_in_chinese(info_world, text):
    with pytest.raises(FormInvalid) as refused:
        parse_month(text, info_world.clock)
    assert refused.value.details["month"] == ["月份应为“年-月”,例如2030-01"]


def test_no_month_means_this_month_in_china_time(info_world):
    info_world.clock.set(_at("2030-01-31T23:30:00+08:00"))  # still January in China, already 15:30 UTC
    assert parse_month(None, info_world.clock) == JANUARY
