"""Administrators hold and resume the schedules of timer start events (系统管理 → 定时发起).

A county installs the shipped catalogue with its schedules held (``engine.seed.deploy_shipped_processes``)
and resumes each once the people it gives tasks to are in place: the monthly report would otherwise start
for every unit on the first 20th after installation, with no information officer to do it. Resuming goes
on from the first occurrence at or after now: occurrences that fell due while held are not started late
(a pile of last quarter's monthly reports helps nobody). Both actions are audited.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.errors import ConcurrencyConflict
from engine.errors import NotFound
from engine.errors import NotPermitted
from engine.models.definitions import ProcessDefinition
from engine.models.starts import StartSchedule
from engine.starts import Recurrence
from engine.starts import recurrence
from engine.vocabulary import Role


@dataclass(frozen=True)
class ScheduleView:
    """One schedule as the administrator sees it."""

    id: int
    key: str
    process_name: str
    start_event_id: str
    expression: str
    rule: Recurrence
    next_due_at: dt.datetime | None
    fired: int
    last_started_at: dt.datetime | None
    paused: bool

    @property
    def finished(self) -> bool:
        """Every occurrence has started its instance (a one-off date, or R<n> exhausted)."""
        return self.next_due_at is None


def list_schedules(session: Session) -> list[ScheduleView]:
    """Every timer start schedule of the newest versions, by process key."""
    rows = session.execute(
        select(StartSchedule, ProcessDefinition.name)
        .join(ProcessDefinition, ProcessDefinition.id == StartSchedule.definition_id)
        .order_by(StartSchedule.key, StartSchedule.start_event_id)).all()
    return [ScheduleView(id=s.id, key=s.key, process_name=name, start_event_id=s.start_event_id,
                         expression=s.expression, rule=recurrence(s.timer_kind, s.expression),
                         next_due_at=s.next_due_at, fired=s.fired, last_started_at=s.last_started_at,
                         paused=s.paused) for s, name in rows]


def _require_admin(actor: Actor) -> None:
    if not actor.is_system and not any(r.role == Role.ADMIN for r in actor.user.roles):
        raise NotPermitted("只有系统管理员可以暂停或恢复定时发起")


def _schedule(session: Session, schedule_id: int) -> StartSchedule:
    # Locked: a worker taking the occurrence at this moment and the administrator holding it are serialised.
    schedule = session.execute(
        select(StartSchedule).where(StartSchedule.id == schedule_id).with_for_update()).scalar_one_or_none()
    if schedule is None:
        raise NotFound("定时发起计划不存在")
    return schedule


def pause_schedule(session: Session, clock: Clock, actor: Actor, schedule_id: int) -> StartSchedule:
    """Hold a schedule: the sweep starts nothing from it until it is resumed."""
    _require_admin(actor)
    schedule = _schedule(session, schedule_id)
    if schedule.paused:
        raise ConcurrencyConflict("该定时发起已处于暂停状态")
    schedule.paused = True
    audit.record(session, clock, actor, "start_schedule.paused", "start_schedule", schedule.id, role=Role.ADMIN,
                 before={"paused": False}, after={"paused": True, "key": schedule.key,
                                                  "start_event": schedule.start_event_id})
    return schedule


def resume_schedule(session: Session, clock: Clock, actor: Actor, schedule_id: int) -> StartSchedule:
    """Resume a held schedule from its first occurrence at or after now (none missed is started late)."""
    _require_admin(actor)
    schedule = _schedule(session, schedule_id)
    if not schedule.paused:
        raise ConcurrencyConflict("该定时发起正在运行,无需恢复")
    before = schedule.next_due_at
    found = recurrence(schedule.timer_kind, schedule.expression).first_after(clock.now())
    if found is not None:
        schedule.fired, schedule.next_due_at = found
    elif not (schedule.timer_kind == "timeDate" and schedule.fired == 0):
        schedule.next_due_at = None  # every occurrence is past
    # else: a one-off date that passed while held starts once on the next sweep, as it does when published late
    schedule.paused = False
    audit.record(session, clock, actor, "start_schedule.resumed", "start_schedule", schedule.id, role=Role.ADMIN,
                 before={"paused": True, "next_due_at": before.isoformat() if before else None},
                 after={"paused": False, "key": schedule.key, "start_event": schedule.start_event_id,
                        "next_due_at": schedule.next_due_at.isoformat() if schedule.next_due_at else None})
    return schedule
