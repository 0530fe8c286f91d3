"""Deadlines counted on weekends only until a year's official schedule is entered, then computed again
(DOMAIN.md §2; 《民法典》第二百零三条: a period ending on a holiday ends on the day after it)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

import engine
from engine import audit
from engine.db import unit_of_work
from engine.models import AuditEvent
from engine.models import HumanTask
from engine.models import Job
from engine.models import JobStatus
from engine.models import TaskStatus
from engine.operations.admin import enter_calendar_year
from tests.engine.test_correction_case import approve_correction_up_to_receipt

NEW_YEAR_2027 = "2027-01-01~2027-01-03 元旦"
SOURCE = "国务院办公厅关于2027年部分节假日安排的通知"


def enter_2027(world, holidays: str = NEW_YEAR_2027, workdays: str = "") -> None:
    with unit_of_work(world.factory) as session:
        enter_calendar_year(session, world.clock, world.actor(session, "admin"), year="2027", source=SOURCE,
                            holidays=holidays, workdays=workdays)


def rectification_job(world) -> Job:
    with world.factory() as session:
        return session.execute(select(Job).where(Job.status == JobStatus.SCHEDULED)).scalar_one()


def test_a_rectification_period_ending_on_new_years_day_2027_is_provisional_until_the_schedule_is_entered_第三十条(
        world, walker_for):
    walk = walker_for("town-zhengyang", "镇长")
    approve_correction_up_to_receipt(walk, world, received_on="2026-12-01")
    case = walk.case()
    # Received 1 December 2026, one month: 1 January 2027, a Friday, counted with weekends only.
    assert (case.original_due_date, case.current_due_date) == (dt.date(2027, 1, 1), dt.date(2027, 1, 1))
    assert case.due_provisional

    enter_2027(world)

    case = walk.case()
    # New Year's Day 2027 is a holiday through 3 January: the period ends on Monday 4 January.
    assert (case.original_due_date, case.current_due_date) == (dt.date(2027, 1, 4), dt.date(2027, 1, 4))
    assert case.extension_cap_date == dt.date(2027, 2, 4)
    assert not case.due_provisional
    assert walk.open_task("await_rectification").due_date == dt.date(2027, 1, 4)
    # The timer now fires at the end of 4 January, China time.
    assert rectification_job(world).due_at == dt.datetime(2027, 1, 4, 16, 0, tzinfo=dt.UTC)
    with world.factory() as session:
        event = session.execute(select(AuditEvent).where(AuditEvent.action == "case.deadlines_recomputed")).scalar_one()
        assert event.before["current_due_date"] == "2027-01-01" and event.after["current_due_date"] == "2027-01-04"
        assert audit.verify_chain(session).ok


def test_the_recomputed_deadline_is_the_one_the_timer_keeps_after_an_extension_is_refused_第三十条(world, walker_for):
    walk = walker_for("town-zhengyang", "镇长")
    approve_correction_up_to_receipt(walk, world, received_on="2026-12-01")
    enter_2027(world)
    walk.on("2026-12-20")
    walk.do("wang.clerk", "await_rectification", progress="extension_requested", requested_on="2026-12-20",
            reason="需延期")
    walk.do("xu.clerk", "fill_extension_form", reason="需延期", requested_due_date="2027-01-20")
    walk.do("li.deputy", "approve_extension", extension_decision="rejected", opinion="不同意延期",
            decided_on="2026-12-20")
    assert rectification_job(world).due_at == dt.datetime(2027, 1, 4, 16, 0, tzinfo=dt.UTC)
    assert walk.open_task("await_rectification").due_date == dt.date(2027, 1, 4)


def test_a_granted_extension_keeps_its_notified_date_while_the_original_date_and_cap_are_recomputed_第三十条(
        world, walker_for):
    walk = walker_for("town-zhengyang", "镇长")
    approve_correction_up_to_receipt(walk, world, received_on="2026-12-01")
    walk.on("2026-12-20")
    walk.do("wang.clerk", "await_rectification", progress="extension_requested", requested_on="2026-12-20",
            reason="需延期")
    walk.do("xu.clerk", "fill_extension_form", reason="需延期", requested_due_date="2027-01-20")
    walk.do("li.deputy", "approve_extension", extension_decision="approved", approved_due_date="2027-01-20",
            decided_on="2026-12-20")
    walk.do("wang.clerk", "issue_extension_notice", issued_on="2026-12-20", delivery_method="in_person")
    assert walk.case().current_due_date == dt.date(2027, 1, 20)

    enter_2027(world)

    case = walk.case()
    assert case.current_due_date == dt.date(2027, 1, 20)
    assert (case.original_due_date, case.extension_cap_date) == (dt.date(2027, 1, 4), dt.date(2027, 2, 4))
    assert rectification_job(world).due_at == dt.datetime(2027, 1, 20, 16, 0, tzinfo=dt.UTC)


def test_a_period_already_past_is_not_reopened_by_a_later_schedule(world, walker_for):
    """The deadline passed while the schedule was missing; the escalation that followed stays on record."""
    walk = walker_for("town-zhengyang", "镇长")
    approve_correction_up_to_receipt(walk, world, received_on="2026-12-01")
    world.clock.set(dt.datetime(2027, 1, 1, 16, 0, 1, tzinfo=dt.UTC))
    assert len(engine.run_due_jobs(world.factory, world.clock).fired) == 1
    enter_2027(world)
    case = walk.case()
    assert case.current_due_date == dt.date(2027, 1, 1) and case.overdue
    assert walk.open_steps() == ["decide_correction_overdue"]


def test_a_schedule_for_another_year_changes_nothing(world, walker_for):
    walk = walker_for("town-zhengyang", "镇长")
    approve_correction_up_to_receipt(walk, world, received_on="2026-12-01")
    with unit_of_work(world.factory) as session:
        enter_calendar_year(session, world.clock, world.actor(session, "admin"), year="2028", source=SOURCE,
                            holidays="2028-01-01 元旦", workdays="")
    case = walk.case()
    assert case.current_due_date == dt.date(2027, 1, 1) and case.due_provisional
    with world.factory() as session:
        assert not session.execute(select(AuditEvent).where(AuditEvent.action == "case.deadlines_recomputed")).all()
        assert session.execute(select(HumanTask).where(HumanTask.status == TaskStatus.OPEN)).scalars().one()


def test_the_seven_days_to_start_after_approval_are_recomputed_too_第十七条(world, walker_for):
    walk = walker_for("town-zhengyang", "副镇长")
    walk.on("2026-12-25")
    walk.do("wang.clerk", "screen_clue", routing="handle_here", reason="属县管干部,本级处理")
    walk.do("wang.clerk", "propose_subject", warning_type="inquiry", facts="反映其违规操办婚宴", grounds="第七条")
    walk.do("xu.clerk", "fill_approval_form", proposal="建议谈话函询", basis="第七条")
    walk.do("li.deputy", "approve_inquiry", approval_decision="approved", decided_on="2026-12-25")
    # Approved Friday 25 December 2026: seven days end on Friday 1 January 2027, weekends only so far.
    assert walk.open_task("plan_implementation").due_date == dt.date(2027, 1, 1)

    enter_2027(world)

    assert walk.case().start_due_date == dt.date(2027, 1, 4)
    assert walk.open_task("plan_implementation").due_date == dt.date(2027, 1, 4)
