"""Notifications commit with their action; e-mail copies leave after commit, once (SECURITY.md 1, 5)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.db import unit_of_work
from engine.models import Notification
from engine.models import OutboxMessage
from engine.outbox import dispatch_pending
from engine.outbox import enqueue


def _tell(world, key: str, *, channel: str = "email", username: str = "wang.clerk") -> bool:
    with unit_of_work(world.factory) as session:
        user = world.user(session, username)
        return enqueue(session, world.clock, recipient_id=user.id, kind="task_assigned", subject="新待办:筛选线索",
                       body="案件进入“线索筛选”环节。", dedup_key=key, channel=channel)


def _rows(world, model) -> list:
    with world.factory() as session:
        return session.execute(select(model).order_by(model.id)).scalars().all()


def test_a_notification_is_written_with_its_transaction_and_only_its_mail_copy_waits(world):
    assert _tell(world, "task:1:user:1")
    assert _tell(world, "reassigned:1:user:1", channel="inapp")
    (notified, told_in_app) = _rows(world, Notification)
    assert notified.dedup_key == "task:1:user:1" and not notified.read
    assert told_in_app.dedup_key == "reassigned:1:user:1"
    (copy, in_app) = _rows(world, OutboxMessage)
    assert copy.dedup_key == "task:1:user:1" and copy.dispatched_at is None
    assert in_app.dedup_key == "reassigned:1:user:1" and in_app.dispatched_at == world.clock.now()


def test_a_rolled_back_action_tells_nobody(world):
    with pytest.raises(RuntimeError), unit_of_work(world.factory) as session:
        user = world.user(session, "wang.clerk")
        enqueue(session, world.clock, recipient_id=user.id, kind="task_assigned", subject="新待办", body="……",
                dedup_key="task:2:user:1", channel="email")
        raise RuntimeError("the step failed after writing its notification")
    assert _rows(world, Notification) == [] and _rows(world, OutboxMessage) == []


def test_the_same_key_twice_in_one_transaction_is_one_notification(world):
    with unit_of_work(world.factory) as session:
        user = world.user(session, "wang.clerk")
        first = enqueue(session, world.clock, recipient_id=user.id, kind="reminder", subject="督办提醒", body="请办理",
                        dedup_key="reminder:1:user:1")
        second = enqueue(session, world.clock, recipient_id=user.id, kind="reminder", subject="督办提醒",
                         body="请办理", dedup_key="reminder:1:user:1")
    assert (first, second) == (True, False)
    assert len(_rows(world, Notification)) == 1


def test_each_mail_copy_is_sent_once_however_often_dispatch_runs(world):
    _tell(world, "task:3:user:1")
    _tell(world, "task:4:user:1")
    mailed = []

    def mailer(user, subject, body):
        mailed.append((user.username, subject))

    assert dispatch_pending(world.factory, world.clock, mailer=mailer) == 2
    assert dispatch_pending(world.factory, world.clock, mailer=mailer) == 0
    assert mailed == [("wang.clerk", "新待办:筛选线索")] * 2
    assert all(m.dispatched_at == world.clock.now() for m in _rows(world, OutboxMessage))


def test_without_a_mail_server_the_copies_are_closed_and_never_mailed_later(world):
    _tell(world, "task:5:user:1")
    assert dispatch_pending(world.factory, world.clock) == 0
    mailed = []
    assert dispatch_pending(world.factory, world.clock, mailer=lambda *args: mailed.append(args)) == 0
    assert mailed == []
    assert len(_rows(world, Notification)) == 1  # the in-app notification is the record
