"""The monthly report (monthly_report.bpmn) at the engine level with the injectable clock.

「001 三、1」(第一篇, the finance bureau's 采集信息): officers report to the unit's office before the 25th of each
month; the unit reports to the county warning centre on the 28th. A timer start on the 20th (our date) opens
each month's report; 零报告 is a report (issue 13 §2); a non-interrupting boundary timer has the office chase
the officers on the 23rd and the centre chase the unit two days after its step opens, the report still open.
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

import engine
from engine.db import unit_of_work
from engine.errors import FormInvalid
from engine.models import StartSchedule
from engine.start_schedules import resume_schedule
from tests.engine.starts_support import complete
from tests.engine.starts_support import instance
from tests.engine.starts_support import open_tasks
from tests.engine.starts_support import workflow_data

KEY = "info_monthly_report"


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


def _sweep(world, when: str) -> list[int]:
    world.clock.set(_at(when))
    return engine.run_due_jobs(world.factory, world.clock).started


def _open(world, instance_id: int) -> list[str]:
    return [task.bpmn_id for task in open_tasks(world, instance_id)]


def _task(world, instance_id: int, bpmn_id: str) -> int:
    return next(task.id for task in open_tasks(world, instance_id) if task.bpmn_id == bpmn_id)


@pytest.fixture()
def info_world(info_world):
    """The network's world with the monthly report resumed by the administrator (it is installed held)."""
    with info_world.factory() as session:
        schedule = session.execute(select(StartSchedule).where(StartSchedule.key == KEY)).scalar_one()
    with unit_of_work(info_world.factory) as session:
        resume_schedule(session, info_world.clock, info_world.actor(session, "admin"), schedule.id)
    return info_world


def test_each_month_starts_on_the_20th_and_never_drifts_001_3_1(info_world):
    """「001 三、1」 a monthly calendar: one report a month, started on the 20th at 09:00 China time."""
    with info_world.factory() as session:
        schedule = session.execute(select(StartSchedule).where(StartSchedule.key == KEY)).scalar_one()
    assert schedule.next_due_at == _at("2030-01-20T09:00:00+08:00")
    assert _sweep(info_world, "2030-01-20T08:59:00+08:00") == []
    [january] = _sweep(info_world, "2030-01-20T09:00:01+08:00")
    assert _sweep(info_world, "2030-01-21T09:00:00+08:00") == []
    [february] = _sweep(info_world, "2030-02-20T09:00:01+08:00")
    assert january != february
    assert _open(info_world, february) == ["officer_report"]
    assert _open(info_world, january) == ["officer_report", "remind_officers"]  # January's is still unreported


def test_a_zero_report_is_a_report_and_the_unit_forwards_it_001_3_1(info_world):
    """Issue 13 §2: a month with nothing to report is a report (零报告), not a silence; the unit then reports to
    the county centre (「001 三、1」 每月28日)."""
    [started] = _sweep(info_world, "2030-01-20T09:00:01+08:00")
    officer_step = _task(info_world, started, "officer_report")
    with pytest.raises(FormInvalid) as refused:  # neither items nor 零报告: a silence is refused
        complete(info_world, "yj.invited", officer_step, {"zero_report": False})
    assert refused.value.details["item_count"][0].startswith("本月无预警信息请选择“零报告”")
    complete(info_world, "yj.invited", officer_step, {"zero_report": True})
    assert _open(info_world, started) == ["unit_report"]
    complete(info_world, "yj.office", _task(info_world, started, "unit_report"),
             {"zero_report": False, "item_count": 2, "summary": "财政局政府采购未公开招标等2条。"})
    assert instance(info_world, started).status == "completed"
    data = workflow_data(info_world, started)
    assert (data["zero_report"], data["item_count"]) == (False, 2)


def test_reminders_before_the_day_leave_the_reports_open_001_3_1(info_world):
    """Non-interrupting boundary timers: the office chases the officers on the 23rd (before the 25th), the
    centre chases the unit two days after its step opens (the 27th when officers report on the 25th)."""
    [started] = _sweep(info_world, "2030-01-20T09:00:01+08:00")
    _sweep(info_world, "2030-01-23T08:59:00+08:00")
    assert _open(info_world, started) == ["officer_report"]
    _sweep(info_world, "2030-01-23T09:00:05+08:00")
    assert _open(info_world, started) == ["officer_report",
                                          "remind_officers"]
    complete(info_world, "yj.office", _task(info_world, started, "remind_officers"),
             {"reminded": True, "note": "已电话催报2名信息员"})
    info_world.clock.set(_at("2030-01-25T09:00:00+08:00"))
    complete(info_world, "yj.officer", _task(info_world, started, "officer_report"),
             {"zero_report": False, "item_count": 1, "summary": "财政局政府采购未公开招标。"})
    _sweep(info_world, "2030-01-27T09:00:01+08:00")
    assert _open(info_world, started) == ["unit_report", "remind_unit"]
    complete(info_world, "yj.centre", _task(info_world, started, "remind_unit"), {"reminded": True})
    complete(info_world, "yj.office", _task(info_world, started, "unit_report"),
             {"zero_report": False, "item_count": 1, "summary": "财政局政府采购未公开招标。"})
    assert instance(info_world, started).status == "completed"
