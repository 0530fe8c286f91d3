"""What a supervisor does about a late step: remind, reassign, comment, retry an incident (督办).

Every verb checks that the actor is a supervisor (or the administrator), loads the object within the
actor's case scope (404 outside it), changes it, writes exactly one audit event, and never commits.
Reassignment keeps the Measures' segregation of duties: who proposed or filled in the form may not decide
the same matter (第十七条), so a task goes only to a holder of one of its candidate roles who is not excluded.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.clock import local_today
from engine.db import is_postgres
from engine.errors import FormInvalid
from engine.errors import NotFound
from engine.errors import RuleViolation
from engine.errors import TaskAlreadyCompleted
from engine.jobs import retry_incident
from engine.models.cases import Case
from engine.models.jobs import Incident
from engine.models.people import User
from engine.models.tasks import HumanTask
from engine.models.tasks import TaskComment
from engine.models.tasks import TaskStatus
from engine.notifications import Person
from engine.notifications import task_recipients
from engine.outbox import enqueue
from engine.permissions import can_read_case
from engine.permissions import is_candidate
from engine.supervision_queries import OVERSIGHT_ROLES
from engine.supervision_queries import check_may_oversee
from engine.supervision_queries import load_incident_for
from engine.vocabulary import ROLE_LABELS
from engine.vocabulary import Role

#: the notification kind of a supervisor's reminder (the notification centre shows it as 督办提醒)
REMINDER = "reminder"
#: longest reminder message and comment: a remark, not a document
MAX_MESSAGE_CHARS = 500
MAX_COMMENT_CHARS = 2000


def _acting_role(actor: Actor) -> str | None:
    return next((r.role for r in actor.user.roles if r.role in OVERSIGHT_ROLES), None)


def _load_open_task(session: Session, actor: Actor, task_id: int) -> tuple[HumanTask, Case]:
    """Load an open task of a case the actor may read (NotFound otherwise), locked on PostgreSQL."""
    check_may_oversee(actor.user, act=True)
    task = session.get(HumanTask, task_id)
    case = session.get(Case, task.case_id) if task is not None and task.case_id else None
    if case is None or not can_read_case(session, actor.user, case):
        raise NotFound("待办事项不存在或无权查看")
    if is_postgres(session):
        # Two supervisors reassigning at once: the second waits, then sees the first one's result.
        session.execute(select(HumanTask.id).where(HumanTask.id == task.id).with_for_update())
        session.refresh(task)
    if task.status != TaskStatus.OPEN:
        raise TaskAlreadyCompleted("该环节已办理完毕,无需督办")
    return task, case


def _deadline_phrase(task: HumanTask, clock: Clock) -> str:
    if task.due_date is None:
        return ""
    late = (local_today(clock) - task.due_date).days
    due = f"{task.due_date.year}年{task.due_date.month}月{task.due_date.day}日"
    if late > 0:
        return f"已逾期{late}天(期限{due})"
    if late == 0:
        return f"今日到期(期限{due})"
    return f"将于{due}到期"


def _note(session: Session, clock: Clock, actor: Actor, task: HumanTask, body: str, kind: str, **extra) -> TaskComment:
    comment = TaskComment(task_id=task.id, author_id=actor.user_id, body=body, created_at=clock.now(),
                          extra={"kind": kind, **extra})
    session.add(comment)
    session.flush()  # the comment's id keys the notifications it causes
    return comment


def remind_task(session: Session, clock: Clock, actor: Actor, task_id: int, message: str = "") -> list[Person]:
    """Send a 督办提醒 to whoever must do the step: its assignee, else every holder of its roles.

    A reminder is kept with the task and in the audit log: a delay after it is on record (第三十三条).

    Recipients are those of ``engine.notifications.task_recipients``: never a user the task excludes
    (第十七条) nor the case's own cadre. Returns the people reminded.
    :raise FormInvalid: the message is too long, or nobody can be reminded.
    """
    task, case = _load_open_task(session, actor, task_id)
    message = (message or "").strip()
    if len(message) > MAX_MESSAGE_CHARS:
        raise FormInvalid(f"督办留言过长(上限{MAX_MESSAGE_CHARS}字)", details={"message": ["内容过长"]})
    recipients = task_recipients(session, task, case.cadre_id)
    if not recipients:
        raise FormInvalid("该环节目前没有可提醒的办理人员,请先改派或联系系统管理员配置岗位人员")
    body = f"案件{case.number}「{task.name}」{_deadline_phrase(task, clock)},请抓紧办理。"
    comment = _note(session, clock, actor, task, message or body, REMINDER,
                    recipients=[u.id for u in recipients])
    text = body + (f"督办意见:{message}" if message else "") + f"(督办人:{actor.name})"
    for user in recipients:
        enqueue(session, clock, recipient_id=user.id, kind=REMINDER, subject=f"督办提醒:{task.name}", body=text,
                dedup_key=f"reminder:{comment.id}:user:{user.id}",
                payload={"task_id": task.id, "case_id": task.case_id}, channel="email")
    audit.record(session, clock, actor, "task.reminded", "task", task.id, case_id=task.case_id,
                 role=_acting_role(actor), after={"recipients": [u.id for u in recipients], "message": message,
                                                  "comment": comment.id})
    return recipients


def reassign_task(session: Session, clock: Clock, actor: Actor, task_id: int, assignee_id: int,
                  reason: str = "") -> HumanTask:
    """Hand an open step to another person who holds one of its candidate roles in its unit.

    :raise FormInvalid: the person does not exist, is inactive, is the case's subject, already holds the step,
        or holds none of its roles.
    :raise RuleViolation: the person is excluded from the step (第十七条: proposer ≠ approver).
    """
    task, case = _load_open_task(session, actor, task_id)
    reason = (reason or "").strip()
    if len(reason) > MAX_MESSAGE_CHARS:
        raise FormInvalid(f"改派理由过长(上限{MAX_MESSAGE_CHARS}字)", details={"reason": ["内容过长"]})
    target = session.get(User, assignee_id) if assignee_id else None
    if target is None or not target.active or target.username == "system":
        raise FormInvalid("请选择在岗的办理人员", details={"assignee_id": ["人员不存在或已停用"]})
    if target.cadre_id is not None and target.cadre_id == case.cadre_id:
        # Nobody handles a case about themself (SECURITY.md 24): the same rule that hides it from them.
        raise FormInvalid(f"{target.display_name}是本案预警对象,不得办理本案任何环节",
                          details={"assignee_id": ["本案预警对象"]})
    if not is_candidate(target, task):
        roles = "、".join(sorted({ROLE_LABELS.get(Role(c.role), c.role) for c in task.candidates}))
        raise FormInvalid(f"{target.display_name}不具有「{task.name}」的办理岗位({roles}),不能改派给其办理",
                          details={"assignee_id": ["不具有该环节的办理岗位"]})
    if target.id in (task.excluded_user_ids or []):
        raise RuleViolation(
            f"{target.display_name}已办理本案提出建议或填表环节,提出建议或填表的人员不得审批同一事项(第十七条),"
            "不能改派给其办理", article="第十七条", code="segregation_of_duties")
    if task.assignee_id == target.id:
        raise FormInvalid(f"「{task.name}」已由{target.display_name}签收办理", details={"assignee_id": ["未作改变"]})
    previous_id = task.assignee_id
    previous = session.get(User, previous_id) if previous_id else None
    task.assignee_id = target.id
    comment = _note(session, clock, actor, task, reason or f"改派{target.display_name}办理", "reassignment",
                    before=previous_id, after=target.id)
    enqueue(session, clock, recipient_id=target.id, kind="task_assigned", subject=f"督办改派:{task.name}",
            body=f"督办人{actor.name}将案件{case.number}「{task.name}」交由您办理"
                 f"{(',' + _deadline_phrase(task, clock)) if task.due_date else ''}。"
                 + (f"理由:{reason}" if reason else ""),
            dedup_key=f"reassigned:{comment.id}:user:{target.id}",
            payload={"task_id": task.id, "case_id": task.case_id}, channel="email")
    if previous is not None and previous.active:
        enqueue(session, clock, recipient_id=previous.id, kind=REMINDER, subject=f"督办改派:{task.name}",
                body=f"案件{case.number}「{task.name}」已由督办人{actor.name}改派给{target.display_name}办理。",
                dedup_key=f"reassigned:{comment.id}:user:{previous.id}",
                payload={"task_id": task.id, "case_id": task.case_id})
    audit.record(session, clock, actor, "task.reassigned", "task", task.id, case_id=task.case_id,
                 role=_acting_role(actor), before={"assignee_id": previous_id},
                 after={"assignee_id": target.id, "comment": comment.id}, reason=reason or None)
    return task


def comment_on_task(session: Session, clock: Clock, actor: Actor, task_id: int, body: str) -> TaskComment:
    """Record a supervisor's remark on an open step (kept with the task, shown on the board).

    :raise FormInvalid: the remark is empty or too long.
    """
    task, _ = _load_open_task(session, actor, task_id)
    body = (body or "").strip()
    if not body:
        raise FormInvalid("请填写督办意见", details={"body": ["此项必填"]})
    if len(body) > MAX_COMMENT_CHARS:
        raise FormInvalid(f"督办意见过长(上限{MAX_COMMENT_CHARS}字)", details={"body": ["内容过长"]})
    comment = _note(session, clock, actor, task, body, "comment")
    audit.record(session, clock, actor, "task.commented", "task", task.id, case_id=task.case_id,
                 role=_acting_role(actor), after={"comment": comment.id, "body": body})
    return comment


def retry_incident_as_overseer(session: Session, clock: Clock, actor: Actor, incident_id: int) -> Incident:
    """Reopen a failed timer for another round of retries (SECURITY.md 10; audited by ``retry_incident``)."""
    check_may_oversee(actor.user, act=True)
    load_incident_for(session, actor.user, incident_id)
    return retry_incident(session, clock, actor, incident_id)
