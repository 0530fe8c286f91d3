"""Deadline reminders: tell the performers of open tasks that a deadline is near or has passed.

The worker sweeps once per round (``sweep_deadline_reminders``, its own transaction, before the outbox is
dispatched). Each reminder is a notification keyed ``due_soon:{task}:{user}`` or
``overdue:{task}:{user}``, so a person hears about each task's deadline once however often the sweep runs.

Reminders go to the same people as the new-task message (``engine.notifications.task_recipients``): the
assignee of a claimed task, else every active holder of a candidate role in the task's unit, never an
excluded user nor the case's own cadre. They are written on the "email" channel: an in-app notification,
plus an e-mail copy when SMTP is configured (see ``engine/mail.py``).

A task in the overdue stage (``decide_overdue``, ``decide_correction_overdue``) carries the missed deadline
as its due date; its new-task message already says "【逾期】", so it gets no second overdue reminder.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker

from engine.clock import Clock
from engine.clock import end_of_local_day
from engine.clock import local_today
from engine.db import unit_of_work
from engine.models.cases import Case
from engine.models.outbox import Notification
from engine.models.people import User
from engine.models.tasks import HumanTask
from engine.models.tasks import TaskStatus
from engine.notifications import HolderLookup
from engine.notifications import Person
from engine.notifications import role_holders
from engine.notifications import task_recipients
from engine.outbox import enqueue
from engine.vocabulary import Stage

log = logging.getLogger(__name__)

#: a task is "due soon" from this many days before its due date up to the due date itself
DUE_SOON_DAYS = 3
#: tasks looked at per sweep, so one sweep stays short (half for "due soon", the rest for "overdue")
MAX_TASKS_PER_SWEEP = 2000
#: tasks per batch: one query for their cases, one for their assignees, one for existing dedup keys
BATCH_SIZE = 200

DUE_SOON = "task_due_soon"
OVERDUE = "task_overdue"
_KEY_PREFIX = {DUE_SOON: "due_soon", OVERDUE: "overdue"}


def sweep_deadline_reminders(factory: sessionmaker[Session], clock: Clock) -> int:
    """Enqueue the reminders now due in a transaction of their own; return how many were written."""
    try:
        with unit_of_work(factory) as session:
            return enqueue_deadline_reminders(session, clock)
    except IntegrityError:
        # Another worker wrote some of the same keys between our check and our commit; what it wrote
        # stands, and the next sweep writes whatever is still missing.
        log.warning("deadline reminders collided with a concurrent sweep; retried next sweep")
        return 0


def enqueue_deadline_reminders(session: Session, clock: Clock, *, limit: int = MAX_TASKS_PER_SWEEP) -> int:
    """Enqueue "due soon" and "overdue" messages for open tasks not yet reminded; return how many."""
    today = local_today(clock)
    now = clock.now()
    # due_at is the end (24:00 China time) of due_date, so these ranges follow the (status, due_at) index.
    soon = session.execute(
        select(HumanTask)
        .where(HumanTask.status == TaskStatus.OPEN,
               HumanTask.due_at >= end_of_local_day(today),
               HumanTask.due_at <= end_of_local_day(today + dt.timedelta(days=DUE_SOON_DAYS)))
        .order_by(HumanTask.due_at, HumanTask.id)
        .limit(limit // 2)
    ).scalars().all()
    # Newest deadlines first: tasks overdue for long were reminded long ago and may fall past the cap.
    overdue = session.execute(
        select(HumanTask)
        .where(HumanTask.status == TaskStatus.OPEN, HumanTask.due_at < now, HumanTask.stage != Stage.OVERDUE)
        .order_by(HumanTask.due_at.desc(), HumanTask.id.desc())
        .limit(limit - len(soon))
    ).scalars().all()
    work = [(DUE_SOON, t) for t in soon] + [(OVERDUE, t) for t in overdue]
    holders: dict[tuple[tuple[str, ...], int], list[Person]] = {}

    def lookup(roles: list[str], unit_id: int) -> list[Person]:
        key = (tuple(roles), unit_id)
        if key not in holders:
            holders[key] = role_holders(session, roles, unit_id)
        return holders[key]

    written = 0
    with session.no_autoflush:
        for batch in _chunks(work, BATCH_SIZE):
            written += _remind_batch(session, clock, today, batch, lookup)
            session.flush()
    return written


def _remind_batch(session: Session, clock: Clock, today: dt.date, batch: Sequence[tuple[str, HumanTask]],
                  lookup: HolderLookup) -> int:
    """Enqueue the reminders of one batch that no earlier sweep wrote; return how many."""
    case_ids = {t.case_id for _, t in batch if t.case_id is not None}
    cases = {row.id: row for row in session.execute(
        select(Case.id, Case.number, Case.cadre_id).where(Case.id.in_(case_ids))
    )} if case_ids else {}
    assignee_ids = {t.assignee_id for _, t in batch if t.assignee_id is not None}
    if assignee_ids:
        # Loads them into the identity map, so task_recipients' session.get asks nothing more.
        session.execute(select(User).where(User.id.in_(assignee_ids))).scalars().all()
    planned: list[tuple[str, str, HumanTask, int]] = []
    for kind, task in batch:
        case = cases.get(task.case_id)
        for user in task_recipients(session, task, case.cadre_id if case else None, holders=lookup):
            planned.append((f"{_KEY_PREFIX[kind]}:{task.id}:{user.id}", kind, task, user.id))
    if not planned:
        return 0
    sent = set(session.execute(
        select(Notification.dedup_key).where(Notification.dedup_key.in_([p[0] for p in planned]))
    ).scalars())
    written = 0
    for key, kind, task, user_id in planned:
        if key in sent:
            continue
        case = cases.get(task.case_id)
        subject, body = _text(kind, task, case.number if case else None, today)
        payload = {"task_id": task.id, "case_id": task.case_id, "due_date": task.due_date.isoformat()}
        if enqueue(session, clock, recipient_id=user_id, kind=kind, subject=subject, body=body, dedup_key=key,
                   payload=payload, channel="email"):
            written += 1
    return written


def _text(kind: str, task: HumanTask, case_number: str | None, today: dt.date) -> tuple[str, str]:
    """Return the subject and body of a reminder, in Chinese."""
    what = f"案件{case_number}的“{task.name}”" if case_number else f"“{task.name}”"
    due = zh_date(task.due_date)
    if kind == DUE_SOON:
        left = (task.due_date - today).days
        when = f"今天({due})到期" if left == 0 else f"将于{due}到期,还剩{left}天"
        return f"即将到期:{task.name}", f"{what}{when},请及时办理。"
    late = (today - task.due_date).days
    return f"已逾期:{task.name}", f"{what}已于{due}到期,已逾期{late}天,请尽快办理。"


def zh_date(day: dt.date) -> str:
    """Return a date as written in Chinese documents, e.g. 2026年11月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
