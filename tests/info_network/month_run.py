"""Run the monthly report (monthly_report.bpmn, 「001 三、1」) inside a web app, on the app's manual clock.

For the board's page, API and browser tests: the administrator resumes the held schedule, the worker's sweep
starts the month's report on the 20th, and the network's demo people (processes/info_network/demo.py) report.
The app's manual clock lives in the database: it is read or set outside the unit of work (SQLite's write lock)
and the engine runs on a FixedClock at the same instant.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

import engine
from engine.actors import Actor
from engine.clock import LOCAL_TZ
from engine.clock import FixedClock
from engine.county import county_commission_id
from engine.db import unit_of_work
from engine.models import HumanTask
from engine.models import StartSchedule
from engine.models import TaskStatus
from engine.models import User
from engine.start_schedules import resume_schedule
from webui import extensions

KEY = "info_monthly_report"


def at(text: str) -> dt.datetime:
    """A China-time instant written without its zone, e.g. ``at("2026-11-20 09:00:01")``."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=LOCAL_TZ)


def resume(app) -> None:
    """The administrator resumes the monthly report on 系统管理 → 定时发起 (it is installed held)."""
    with app.app_context():
        clock = FixedClock(extensions.clock().now())
    with app.app_context(), unit_of_work(extensions.session_factory()) as session:
        schedule = session.execute(select(StartSchedule).where(StartSchedule.key == KEY)).scalar_one()
        admin = session.execute(select(User).where(User.username == "admin")).scalar_one()
        resume_schedule(session, clock, Actor(admin), schedule.id)


def sweep(app, when: str) -> list[int]:
    """Move the app's clock to ``when`` (China time) and run the worker's sweep; return the started instances."""
    with app.app_context():
        extensions.clock().set(at(when))
        return engine.run_due_jobs(extensions.session_factory(), FixedClock(at(when))).started


def county_report(app, started: list[int]) -> int:
    """The county's own report among those the 20th started (one per unit with an information office)."""
    with app.app_context(), extensions.session_factory()() as session:
        county = county_commission_id(session)  # the county commission (engine.county)
        held = {session.execute(select(HumanTask.unit_id).where(HumanTask.instance_id == i)).scalars().first(): i
                for i in started}
    assert len(held) == len(started) >= 3, "the demo's county, finance bureau and 正阳关镇 each report"
    return held[county]


def report(app, instance_id: int, bpmn_id: str, username: str, data: dict, when: str) -> None:
    """``username`` completes the open report step ``bpmn_id`` of the instance at ``when`` (China time)."""
    with app.app_context():
        extensions.clock().set(at(when))
        with unit_of_work(extensions.session_factory()) as session:
            task_id = session.execute(select(HumanTask.id).where(
                HumanTask.instance_id == instance_id, HumanTask.bpmn_id == bpmn_id,
                HumanTask.status == TaskStatus.OPEN)).scalar_one()
            user = session.execute(select(User).where(User.username == username)).scalar_one()
            engine.complete_task(session, FixedClock(at(when)), Actor(user), task_id, data)


def set_clock(app, when: str) -> None:
    with app.app_context():
        extensions.clock().set(at(when))


def november_reported_december_late(app) -> None:
    """November 2026: the invited officer reports a 零报告 on the 24th and the county's office forwards it on
    the 27th; December 2026: started on the 20th and nobody reports; the clock stops on 30 December."""
    resume(app)
    november = county_report(app, sweep(app, "2026-11-20 09:00:01"))
    report(app, november, "officer_report", "yj.invited1", {"zero_report": True}, "2026-11-24 10:00:00")
    report(app, november, "unit_report", "yj.centre", {"zero_report": True}, "2026-11-27 15:00:00")
    december = county_report(app, sweep(app, "2026-12-20 09:00:01"))
    assert december != november
    set_clock(app, "2026-12-30 10:00:00")
