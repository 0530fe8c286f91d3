"""Transactions, concurrency, jobs and the audit chain (SECURITY.md 1–12, 26)."""
from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update

import engine
from engine import jobs
from engine.clock import UTC
from engine.clock import FixedClock
from engine.db import unit_of_work
from engine.errors import ConcurrencyConflict
from engine.errors import RuleViolation
from engine.models import AuditEvent
from engine.models import Case
from engine.models import HumanTask
from engine.models import Incident
from engine.models import Job
from engine.models import JobStatus
from engine.models import Notification
from engine.models import OutboxMessage
from engine.models import ProcessInstance
from engine.seed import deploy_shipped_processes
from engine.seed import seed_demo
from tests.engine.conftest import World
from tests.engine.conftest import register


def _counts(world):
    with world.factory() as session:
        return tuple(session.execute(select(func.count()).select_from(model)).scalar()
                     for model in (AuditEvent, Job, OutboxMessage, Notification, HumanTask))


def test_refused_step_leaves_nothing_half_written(world, walker_for):
    """SECURITY.md 1: an error inside a step leaves instance, inbox, jobs, notifications, outbox and audit unchanged.

    The error is 第十四条's refusal.
    """
    walk = walker_for("town-zhengyang", "镇长", username="zy.office")
    before = _counts(world)
    with world.factory() as session:
        version = session.get(ProcessInstance, walk.open_task("screen_clue").instance_id).version
    with pytest.raises(RuleViolation):
        walk.do("zy.office", "screen_clue", routing="handle_here", reason="本级处理")
    assert _counts(world) == before
    with world.factory() as session:
        assert session.get(ProcessInstance, walk.open_task("screen_clue").instance_id).version == version


def test_second_completion_of_a_task_is_a_conflict(world, walker_for):
    """SECURITY.md 3: the same task submitted twice advances the token once."""
    walk = walker_for()
    task = walk.open_task("screen_clue")
    walk.do("wang.clerk", "screen_clue", routing="handle_here", reason="本级处理")
    with pytest.raises(ConcurrencyConflict), unit_of_work(world.factory) as session:
        engine.complete_task(session, world.clock, world.actor(session, "wang.clerk"), task.id,
                             {"routing": "handle_here", "reason": "again"})
    with world.factory() as session:
        completed = session.execute(select(func.count()).select_from(AuditEvent)
                                    .where(AuditEvent.action == "task.completed")).scalar()
    assert completed == 1


def test_audit_chain_finds_the_first_altered_event(world, walker_for):
    """SECURITY.md 26: altering one row makes verification fail at that row."""
    walk = walker_for()
    walk.do("wang.clerk", "screen_clue", routing="handle_here", reason="本级处理")
    with world.factory() as session:
        report = engine.verify_audit_chain(session)
        assert report.ok and report.checked >= 3
        target = session.execute(select(AuditEvent).where(AuditEvent.action == "task.completed")).scalar_one()
    with world.factory() as session, session.begin():
        session.execute(update(AuditEvent.__table__).where(AuditEvent.id == target.id).values(reason="篡改"))
    with world.factory() as session:
        report = engine.verify_audit_chain(session)
    assert not report.ok and report.first_bad_seq == target.seq


def test_audit_events_cannot_be_updated_through_the_orm(world, walker_for):
    walker_for()
    with pytest.raises(PermissionError), world.factory() as session:
        event = session.execute(select(AuditEvent).limit(1)).scalar_one()
        event.reason = "changed"
        session.flush()


def test_failing_timer_retries_then_opens_incident_and_retry_resets(world, walker_for, monkeypatch):
    """SECURITY.md 10: three failures open an incident; a supervisor's retry is audited."""
    from tests.engine.test_correction_case import approve_correction_up_to_receipt

    walk = walker_for()
    approve_correction_up_to_receipt(walk, world)

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(jobs, "advance", broken)
    world.clock.set(dt.datetime(2026, 12, 4, tzinfo=UTC))
    for _ in range(3):
        engine.run_due_jobs(world.factory, world.clock)
        world.clock.advance(minutes=20)
    with world.factory() as session:
        incident = session.execute(select(Incident)).scalar_one()
        assert session.get(ProcessInstance, incident.instance_id).status == "incident"
        assert session.get(Job, incident.job_id).status == JobStatus.FAILED
    monkeypatch.undo()
    with unit_of_work(world.factory) as session:
        engine.retry_incident(session, world.clock, world.actor(session, "chen.supervisor"), incident.id)
    assert engine.run_due_jobs(world.factory, world.clock).fired
    assert walk.open_steps() == ["decide_correction_overdue"]


def test_expired_lock_lets_another_worker_take_the_job(world, walker_for):
    """SECURITY.md 8: a job whose worker died becomes acquirable after its lock expires.

    The lease runs on wall time (issue 14 §2): here the demo clock stands still while wall time passes.
    """
    from tests.engine.test_correction_case import approve_correction_up_to_receipt

    walk = walker_for()
    approve_correction_up_to_receipt(walk, world)
    world.clock.set(dt.datetime(2026, 12, 4, tzinfo=UTC))
    wall = FixedClock(dt.datetime(2026, 12, 7, 16, 0, tzinfo=UTC))
    with unit_of_work(world.factory) as session:
        assert len(jobs.acquire_jobs(session, world.clock, "dead-worker", lease_clock=wall)) == 1
    assert engine.run_due_jobs(world.factory, world.clock, lease_clock=wall).acquired == 0
    wall.advance(minutes=6)
    assert len(engine.run_due_jobs(world.factory, world.clock, lease_clock=wall).fired) == 1
    assert walk.open_steps() == ["decide_correction_overdue"]


def test_moving_the_demo_clock_does_not_break_a_live_workers_lease(world, walker_for):
    """Issue 14 §2: an administrator moving the demo clock a week ahead frees no lock a running worker holds."""
    from tests.engine.test_correction_case import approve_correction_up_to_receipt

    walk = walker_for()
    approve_correction_up_to_receipt(walk, world)
    world.clock.set(dt.datetime(2026, 12, 4, tzinfo=UTC))
    with unit_of_work(world.factory) as session:
        assert len(jobs.acquire_jobs(session, world.clock, "live-worker")) == 1
    world.clock.advance(days=7)
    assert engine.run_due_jobs(world.factory, world.clock).acquired == 0


def test_a_killed_workers_lock_expires_on_wall_time_with_the_demo_clock_frozen(world, walker_for):
    """Issue 14 §2: the lease is stamped from wall time, so it ends LOCK_DURATION after the real acquisition
    however far the frozen demo clock is from today."""
    from tests.engine.test_correction_case import approve_correction_up_to_receipt

    walk = walker_for()
    approve_correction_up_to_receipt(walk, world)
    world.clock.set(dt.datetime(2026, 12, 4, tzinfo=UTC))
    before = dt.datetime.now(UTC)
    with unit_of_work(world.factory) as session:
        [job_id] = jobs.acquire_jobs(session, world.clock, "killed-worker")
    with world.factory() as session:
        expires = session.get(Job, job_id).lock_expires_at
    assert before + jobs.LOCK_DURATION <= expires <= dt.datetime.now(UTC) + jobs.LOCK_DURATION
    after_the_lease = FixedClock(expires + dt.timedelta(seconds=1))
    assert len(engine.run_due_jobs(world.factory, world.clock, lease_clock=after_the_lease).fired) == 1


def _seeded_world(factory) -> World:
    clock = FixedClock(dt.datetime(2026, 11, 2, 1, 0, tzinfo=UTC))
    with unit_of_work(factory) as session:
        seed_demo(session, clock, password_hash="x")
        deploy_shipped_processes(session, clock)
    return World(factory, clock)


# Two workers racing over 100 due timers: tests/engine/test_worker_concurrency.py (real instances, the real sweep).


@pytest.mark.postgres
def test_two_concurrent_completions_one_wins(pg_session_factory):
    """SECURITY.md 2, 3: two holders of the role complete the same task at once; exactly one wins."""
    world = _seeded_world(pg_session_factory)
    clock = world.clock
    walk = register(world, "wang.clerk", world.cadre_id("town-zhengyang", "镇长"))
    task = walk.open_task("screen_clue")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def complete(username: str) -> None:
        barrier.wait()
        try:
            with unit_of_work(pg_session_factory) as session:
                engine.complete_task(session, clock, world.actor(session, username), task.id,
                                     {"routing": "handle_here", "reason": username})
            outcomes.append("ok")
        except ConcurrencyConflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=complete, args=(u,)) for u in ("wang.clerk", "xu.clerk")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    with pg_session_factory() as session:
        assert session.execute(select(func.count()).select_from(AuditEvent)
                               .where(AuditEvent.action == "task.completed")).scalar() == 1
        assert session.execute(select(Case)).scalar_one().stage == "determination"
