"""The rectification deadline keeps running while an extension is asked for and decided (第三十、三十一条).

第三十条: an extension needs the leader's approval (延期整改审批表 → 领导批准 → 延期整改通知书), so a request
that is still being filled in or still waiting for the leader when the period ends has not extended anything:
第三十一条 "整改期限满,错误没有得到纠正的" applies. ``correction_supervision`` therefore watches
``current_due_at`` with an interrupting timer on ``fill_extension_form`` (``extension_request_overdue``) and
on ``approve_extension`` (``extension_approval_overdue``), both leading to ``decide_correction_overdue``.
``issue_extension_notice`` has no timer: it is only reached once the leader approved in time, and from then on
the approved date is the deadline (re-armed on ``await_rectification`` when the notice is issued).

The first tests walk the diagram alone (tests/processes harness); the others run whole cases through the
engine, one transaction per step, with the timer sweep (``engine.run_due_jobs``) at the deadline.
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

import engine
from engine.clock import UTC
from engine.db import unit_of_work
from engine.errors import ConcurrencyConflict
from engine.models import AuditEvent
from engine.models import HumanTask
from engine.models import Job
from engine.models import JobStatus
from engine.models import TaskStatus
from tests.engine.conftest import CaseWalker
from tests.engine.conftest import World
from tests.engine.conftest import register
from tests.engine.test_correction_case import approve_correction_up_to_receipt
from tests.processes.conftest import FUTURE
from tests.processes.conftest import PAST

#: received 3 November 2026 → one month → due at the end of 3 December, 24:00 China time (民法典第二百零一–二百零三条)
ORIGINAL_DUE_AT = dt.datetime(2026, 12, 3, 16, 0, tzinfo=UTC)
#: the approved extension: the end of 20 December, 24:00 China time
EXTENDED_DUE_AT = dt.datetime(2026, 12, 20, 16, 0, tzinfo=UTC)
SECOND = dt.timedelta(seconds=1)


# --- the diagram ------------------------------------------------------------------------------------------

def _request_extension(walk) -> None:
    walk.complete("await_rectification", progress="extension_requested", reason="退赔款项需分期筹措")
    assert walk.ready() == ["fill_extension_form"]


def test_deadline_runs_while_the_extension_form_is_filled_第三十条_第三十一条(start):
    walk = start("correction_supervision", warning_type="correction", current_due_at=FUTURE)
    _request_extension(walk)
    # 第三十条: asking for an extension does not stop the clock; the same instant is watched.
    assert walk.armed_timers() == {"extension_request_overdue": FUTURE}
    walk.move_timer("extension_request_overdue", PAST)
    walk.tick()
    # 第三十一条: 整改期限满,错误没有得到纠正的 → the overdue decision.
    assert walk.ready() == ["decide_correction_overdue"]
    assert walk.took("f_extension_request_overdue")
    assert "fill_extension_form" not in walk.completed


def test_extension_undecided_at_the_deadline_is_overdue_第三十一条(start):
    walk = start("correction_supervision", warning_type="correction", current_due_at=FUTURE)
    _request_extension(walk)
    walk.complete("fill_extension_form", reason="特殊情况", requested_due_date="2026-12-20")
    assert walk.ready() == ["approve_extension"]
    assert walk.armed_timers() == {"extension_approval_overdue": FUTURE}
    walk.move_timer("extension_approval_overdue", PAST)
    walk.tick()
    # 第三十条: only an extension approved before the deadline extends it; the leader's silence does not.
    assert walk.ready() == ["decide_correction_overdue"]
    assert walk.took("f_extension_approval_overdue")
    walk.complete("decide_correction_overdue", supervision_outcome="organisational_handling")
    assert walk.ended_at() == {"end_handed_over"}
    assert "approve_extension" not in walk.completed


def test_extension_requested_after_the_deadline_is_overdue_at_once_第三十一条(start):
    walk = start("correction_supervision", warning_type="correction", current_due_at=FUTURE)
    # The clerk records the request only after the period ended (the sweep had not run yet): the extension
    # step is armed with a passed instant and its timer fires in the same engine run.
    walk.complete("await_rectification", progress="extension_requested", current_due_at=PAST)
    assert walk.ready() == ["decide_correction_overdue"]
    assert walk.took("f_extension_request_overdue")


def test_approved_extension_is_not_timed_on_the_old_deadline_第三十条(start):
    walk = start("correction_supervision", warning_type="correction", current_due_at=FUTURE)
    _request_extension(walk)
    walk.complete("fill_extension_form", requested_due_date="2026-12-20")
    walk.complete("approve_extension", extension_decision="approved", approved_due_date="2026-12-20")
    # 第三十条: approved in time, the old deadline no longer applies; no timer waits on the notice.
    assert walk.ready() == ["issue_extension_notice"]
    assert walk.armed_timers() == {}
    walk.complete("issue_extension_notice", delivery_method="in_person", current_due_at=FUTURE)
    assert walk.armed_timers() == {"rectification_overdue": FUTURE}


# --- through the engine -----------------------------------------------------------------------------------


def _correction_in_rectification(world: World) -> CaseWalker:
    """A correction case about the town head, notice received on 3 November: due at the end of 3 December."""
    walk = register(world, "wang.clerk", world.cadre_id("town-zhengyang", "镇长"))
    approve_correction_up_to_receipt(walk, world)
    return walk


def _scheduled(world) -> list[tuple[str, dt.datetime]]:
    with world.factory() as session:
        return [(job.bpmn_id, job.due_at) for job in session.execute(
            select(Job).where(Job.status == JobStatus.SCHEDULED).order_by(Job.id)).scalars()]


def _job(world, bpmn_id: str) -> Job:
    with world.factory() as session:
        return session.execute(select(Job).where(Job.bpmn_id == bpmn_id)).scalar_one()


def _human(world, task_id: int) -> HumanTask:
    with world.factory() as session:
        return session.get(HumanTask, task_id)


def _sweep_at(world, instant: dt.datetime):
    world.clock.set(instant)
    return engine.run_due_jobs(world.factory, world.clock)


def _ask_for_extension(walk) -> None:
    walk.on("2026-11-21")
    walk.do("wang.clerk", "await_rectification", progress="extension_requested", requested_on="2026-11-20",
            reason="退赔款项需分期筹措")


def _fill_extension_form(walk) -> None:
    walk.do("xu.clerk", "fill_extension_form", reason="特殊情况", requested_due_date="2026-12-20")


def test_leader_undecided_at_the_deadline_makes_the_case_overdue_第三十一条(county):
    walk = _correction_in_rectification(county)
    _ask_for_extension(walk)
    _fill_extension_form(walk)
    pending = walk.open_task("approve_extension")
    assert _scheduled(county) == [("extension_approval_overdue", ORIGINAL_DUE_AT)]

    # Not yet: SpiffWorkflow fires strictly after the instant, and 3 December is not over before 24:00.
    assert _sweep_at(county, ORIGINAL_DUE_AT - SECOND).fired == []
    assert walk.open_steps() == ["approve_extension"]

    report = _sweep_at(county, ORIGINAL_DUE_AT + SECOND)
    assert len(report.fired) == 1
    # 第三十一条: 整改期限满,错误没有得到纠正的 — the undecided request extended nothing (第三十条).
    assert walk.open_steps() == ["decide_correction_overdue"]
    cancelled = _human(county, pending.id)
    assert cancelled.status == TaskStatus.CANCELLED
    assert cancelled.completed_at == ORIGINAL_DUE_AT + SECOND and cancelled.completed_by_id is None
    case = walk.case()
    assert case.overdue and case.stage == "overdue"
    assert case.current_due_date == dt.date(2026, 12, 3)
    fired = _job(county, "extension_approval_overdue")
    assert fired.status == JobStatus.DONE
    assert _scheduled(county) == []
    with county.factory() as session:
        audit = session.execute(select(AuditEvent).where(AuditEvent.action == "timer.fired")).scalar_one()
        assert audit.after["timer"] == "extension_approval_overdue"
        assert audit.after["new_tasks"] == ["decide_correction_overdue"]
        # The auditor reads in the log itself which pending step the deadline closed.
        assert audit.after["cancelled_tasks"] == ["approve_extension"]

    # The leader's late approval no longer reaches the case.
    with pytest.raises(ConcurrencyConflict) as refused, unit_of_work(county.factory) as session:
        engine.complete_task(session, county.clock, county.actor(session, "li.deputy"), pending.id,
                             {"extension_decision": "approved", "approved_due_date": "2026-12-20",
                              "decided_on": "2026-12-04"})
    assert refused.value.code == "task_already_completed"  # the step is closed (cancelled by the timer)
    assert walk.open_steps() == ["decide_correction_overdue"]
    walk.on("2026-12-04")
    walk.do("wang.clerk", "decide_correction_overdue", supervision_outcome="organisational_handling",
            opinion="整改期满未纠正,延期未获批准")
    assert walk.open_steps() == ["hand_over"]


def test_request_not_put_to_the_leader_by_the_deadline_is_overdue_第三十条_第三十一条(county):
    walk = _correction_in_rectification(county)
    _ask_for_extension(walk)
    pending = walk.open_task("fill_extension_form")
    assert _scheduled(county) == [("extension_request_overdue", ORIGINAL_DUE_AT)]
    assert len(_sweep_at(county, ORIGINAL_DUE_AT + SECOND).fired) == 1
    assert walk.open_steps() == ["decide_correction_overdue"]
    assert _human(county, pending.id).status == TaskStatus.CANCELLED
    assert walk.case().overdue


def test_extension_approved_before_the_deadline_moves_it_第三十条(county):
    walk = _correction_in_rectification(county)
    _ask_for_extension(walk)
    _fill_extension_form(walk)
    walk.on("2026-12-01")
    walk.do("li.deputy", "approve_extension", extension_decision="approved", approved_due_date="2026-12-20",
            decided_on="2026-12-01")
    # 第三十条: approved before the deadline — the old deadline no longer runs, even while the notice is
    # still being prepared when it passes.
    assert walk.open_steps() == ["issue_extension_notice"]
    assert _scheduled(county) == []
    report = _sweep_at(county, ORIGINAL_DUE_AT + SECOND)
    assert report.fired == [] and report.acquired == 0
    assert walk.open_steps() == ["issue_extension_notice"]
    assert not walk.case().overdue

    walk.on("2026-12-04")
    walk.do("wang.clerk", "issue_extension_notice", issued_on="2026-12-04", delivery_method="in_person")
    case = walk.case()
    assert case.current_due_date == dt.date(2026, 12, 20) and not case.overdue
    assert _scheduled(county) == [("rectification_overdue", EXTENDED_DUE_AT)]
    assert _sweep_at(county, EXTENDED_DUE_AT - SECOND).fired == []
    assert walk.open_steps() == ["await_rectification"]

    # 第三十一条: the extended period ends uncorrected → overdue at the new deadline.
    assert len(_sweep_at(county, EXTENDED_DUE_AT + SECOND).fired) == 1
    assert walk.open_steps() == ["decide_correction_overdue"]
    assert walk.case().overdue


def test_extension_step_timer_job_ends_with_the_step_第三十条(county):
    walk = _correction_in_rectification(county)
    assert _scheduled(county) == [("rectification_overdue", ORIGINAL_DUE_AT)]
    first_wait = _job(county, "rectification_overdue")

    _ask_for_extension(walk)
    # The await step's timer is cancelled with the step; the request step watches the same instant.
    assert _scheduled(county) == [("extension_request_overdue", ORIGINAL_DUE_AT)]
    with county.factory() as session:
        assert session.get(Job, first_wait.id).status == JobStatus.CANCELLED

    _fill_extension_form(walk)
    request_job = _job(county, "extension_request_overdue")
    assert request_job.status == JobStatus.CANCELLED
    assert request_job.finished_at == county.clock.now()
    assert request_job.lock_owner is None
    assert _scheduled(county) == [("extension_approval_overdue", ORIGINAL_DUE_AT)]

    walk.on("2026-11-25")
    walk.do("li.deputy", "approve_extension", extension_decision="rejected", opinion="理由不充分",
            decided_on="2026-11-25")
    approval_job = _job(county, "extension_approval_overdue")
    assert approval_job.status == JobStatus.CANCELLED
    assert approval_job.finished_at == county.clock.now()
    # 第三十条: a refused request leaves the original deadline in force, watched again on the await step.
    assert _scheduled(county) == [("rectification_overdue", ORIGINAL_DUE_AT)]
    assert walk.open_steps() == ["await_rectification"]

    # At the deadline only that one live timer fires; the cancelled ones are never acquired.
    report = _sweep_at(county, ORIGINAL_DUE_AT + SECOND)
    assert report.acquired == 1 and len(report.fired) == 1
    assert walk.open_steps() == ["decide_correction_overdue"]
    with county.factory() as session:
        statuses = {job.bpmn_id: job.status for job in session.execute(
            select(Job).where(Job.bpmn_id.in_(("extension_request_overdue", "extension_approval_overdue"))))
            .scalars()}
    assert statuses == {"extension_request_overdue": JobStatus.CANCELLED,
                        "extension_approval_overdue": JobStatus.CANCELLED}
