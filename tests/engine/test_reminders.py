"""Deadline reminders: "due soon" three days ahead and "overdue" once, to the task's performers only."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

import engine
from engine.db import unit_of_work
from engine.models import HumanTask
from engine.models import Notification
from engine.models import OutboxMessage
from engine.models import RoleAssignment
from engine.models import User
from engine.vocabulary import Stage
from processes.measures.reminders import enqueue_deadline_reminders
from processes.measures.reminders import sweep_deadline_reminders
from processes.measures.reminders import zh_date


def approve_inquiry(walk) -> HumanTask:
    """Walk an inquiry to its approval; return the open plan_implementation (7 days to start, 第十七条)."""
    walk.do("wang.clerk", "screen_clue", routing="handle_here", reason="属县管干部,本级处理")
    walk.do("wang.clerk", "propose_subject", warning_type="inquiry", facts="反映其违规操办婚宴",
            grounds="第七条")
    walk.do("xu.clerk", "fill_approval_form", proposal="建议谈话函询", basis="第七条")
    walk.do("li.deputy", "approve_inquiry", approval_decision="approved", decided_on="2026-11-02")
    task = walk.open_task("plan_implementation")
    assert task.due_date is not None
    return task


def reminders(world, kind: str, task_id: int | None = None) -> list[tuple[str, Notification]]:
    """Return (recipient username, message) of every reminder of ``kind`` (for ``task_id``), by username."""
    with world.factory() as session:
        rows = session.execute(select(Notification).where(Notification.kind == kind)).scalars().all()
        found = [(session.get(User, m.user_id).username, m) for m in rows
                 if task_id is None or m.payload["task_id"] == task_id]
    return sorted(found, key=lambda pair: pair[0])


def sweep(world) -> int:
    return sweep_deadline_reminders(world.factory, world.clock)


def on(world, day: dt.date) -> None:
    world.clock.set(dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.timezone(dt.timedelta(hours=8))))


def test_task_due_in_two_days_reminds_each_performer_once(world, walker_for):
    walk = walker_for("town-zhengyang", "镇长")
    task = approve_inquiry(walk)
    on(world, task.due_date - dt.timedelta(days=4))
    assert sweep(world) == 0
    on(world, task.due_date - dt.timedelta(days=2))
    assert sweep(world) == 2
    sent = reminders(world, "task_due_soon", task.id)
    assert [name for name, _ in sent] == ["wang.clerk", "xu.clerk"]
    _, message = sent[0]
    assert message.subject == "即将到期:确定实施方式"
    assert message.body == (f"案件{walk.case().number}的“确定实施方式”将于{zh_date(task.due_date)}到期,"
                            "还剩2天,请及时办理。")
    assert message.dedup_key.startswith(f"due_soon:{task.id}:")
    with world.factory() as session:  # and an e-mail copy waits for the mail server
        assert session.execute(select(OutboxMessage.channel).where(
            OutboxMessage.dedup_key == message.dedup_key)).scalar_one() == "email"
    assert message.payload == {"task_id": task.id, "case_id": walk.case_id,
                               "due_date": task.due_date.isoformat()}

    assert sweep(world) == 0
    on(world, task.due_date)
    assert sweep(world) == 0
    assert len(reminders(world, "task_due_soon", task.id)) == 2


def test_past_the_deadline_each_performer_is_told_once_it_is_overdue(world, walker_for):
    walk = walker_for("town-zhengyang", "镇长")
    task = approve_inquiry(walk)
    # 24:00 of the due day (民法典第二百零三条): one second before, the task is due today, not overdue.
    world.clock.set(task.due_at - dt.timedelta(seconds=1))
    sweep(world)
    assert reminders(world, "task_overdue", task.id) == []
    assert "今天(" in reminders(world, "task_due_soon", task.id)[0][1].body
    world.clock.set(task.due_at + dt.timedelta(seconds=1))
    assert sweep(world) == 2
    on(world, task.due_date + dt.timedelta(days=5))
    assert sweep(world) == 0
    sent = reminders(world, "task_overdue", task.id)
    assert [name for name, _ in sent] == ["wang.clerk", "xu.clerk"]
    assert sent[0][1].subject == "已逾期:确定实施方式"
    assert f"已于{zh_date(task.due_date)}到期,已逾期1天" in sent[0][1].body


def test_completed_task_gets_no_reminder(world, walker_for):
    walk = walker_for("town-zhengyang", "镇长")
    task = approve_inquiry(walk)
    walk.do("wang.clerk", "plan_implementation", method="written", started_on="2026-11-02",
            implementer="县纪委书记")
    for day in (task.due_date - dt.timedelta(days=1), task.due_date + dt.timedelta(days=1)):
        on(world, day)
        assert sweep(world) == 0
    assert reminders(world, "task_due_soon") == reminders(world, "task_overdue") == []


def test_claimed_task_reminds_its_assignee_only(world, walker_for):
    walk = walker_for("town-zhengyang", "镇长")
    task = approve_inquiry(walk)
    with unit_of_work(world.factory) as session:
        engine.claim_task(session, world.clock, world.actor(session, "xu.clerk"), task.id)
    on(world, task.due_date - dt.timedelta(days=1))
    assert sweep(world) == 1
    assert [name for name, _ in reminders(world, "task_due_soon", task.id)] == ["xu.clerk"]


def test_the_cases_own_cadre_is_never_reminded(world, walker_for):
    # The town party secretary (a cadre) is made a county warning officer: a candidate of every such step.
    county = world.unit_id("county")
    with unit_of_work(world.factory) as session:
        chief = world.user(session, "zy.partychief")
        session.add(RoleAssignment(user_id=chief.id, role="warning_office", unit_id=county))
    own = approve_inquiry(walker_for("town-zhengyang", "党委书记"))
    other = approve_inquiry(walker_for("town-zhengyang", "镇长"))
    on(world, own.due_date - dt.timedelta(days=2))
    sweep(world)
    on(world, own.due_date + dt.timedelta(days=1))
    sweep(world)
    for kind in ("task_due_soon", "task_overdue", "task_assigned"):
        assert "zy.partychief" not in [name for name, _ in reminders(world, kind, own.id)]
        assert "zy.partychief" in [name for name, _ in reminders(world, kind, other.id)]


def test_a_task_of_the_overdue_stage_gets_no_second_overdue_message(world, walker_for):
    walk = walker_for("town-zhengyang", "镇长")
    task = approve_inquiry(walk)
    with unit_of_work(world.factory) as session:
        session.get(HumanTask, task.id).stage = Stage.OVERDUE
    on(world, task.due_date + dt.timedelta(days=1))
    assert sweep(world) == 0


def test_a_sweep_looks_at_no_more_tasks_than_its_cap(world, walker_for):
    first = approve_inquiry(walker_for("town-zhengyang", "镇长"))
    second = approve_inquiry(walker_for("town-zhengyang", "副镇长"))
    on(world, first.due_date - dt.timedelta(days=1))
    with unit_of_work(world.factory) as session:
        assert enqueue_deadline_reminders(session, world.clock, limit=2) == 2
    assert {m.payload["task_id"] for _, m in reminders(world, "task_due_soon")} == {first.id}
    assert sweep(world) == 2
    assert {m.payload["task_id"] for _, m in reminders(world, "task_due_soon")} == {first.id, second.id}


def test_reminders_become_notifications_and_email_copies(world, walker_for):
    task = approve_inquiry(walker_for("town-zhengyang", "镇长"))
    on(world, task.due_date - dt.timedelta(days=2))
    sweep(world)
    mailed = []
    engine.dispatch_pending(world.factory, world.clock, mailer=lambda user, subject, body: mailed.append(
        (user.username, subject)))
    assert ("wang.clerk", "即将到期:确定实施方式") in mailed
    with world.factory() as session:
        delivered = session.execute(
            select(Notification.user_id).where(Notification.kind == "task_due_soon")).all()
    assert len(delivered) == 2
