"""Who is told what: outbox messages for new tasks and for events the Measures require to be notified."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.clock import Clock
from engine.models.cases import Case
from engine.models.people import RoleAssignment
from engine.models.people import User
from engine.models.tasks import HumanTask
from engine.outbox import enqueue
from engine.vocabulary import STAGE_LABELS
from engine.vocabulary import Stage


def role_holders(session: Session, roles: Iterable[str], unit_id: int) -> list[User]:
    """Return active users holding any of ``roles`` in ``unit_id``."""
    return list(session.execute(
        select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.role.in_(list(roles)), RoleAssignment.unit_id == unit_id, User.active.is_(True))
        .distinct()
    ).scalars())


def notify_new_tasks(session: Session, clock: Clock, case: Case | None, tasks: Iterable[HumanTask]) -> None:
    """Tell every possible performer of each new task that it waits for them."""
    with session.no_autoflush:
        for task in tasks:
            _notify_performers(session, clock, case, task)


def _notify_performers(session: Session, clock: Clock, case: Case | None, task: HumanTask) -> None:
    """Enqueue one message per possible performer of a new task."""
    overdue = task.stage == Stage.OVERDUE
    for user in role_holders(session, [c.role for c in task.candidates], task.unit_id):
        if user.id in (task.excluded_user_ids or []) or (case and user.cadre_id == case.cadre_id):
            continue
        subject = f"{'【逾期】' if overdue else ''}新待办:{task.name}"
        body = f"案件{case.number if case else ''}进入“{STAGE_LABELS.get(Stage(task.stage), task.stage)}”环节:{task.name}。"
        enqueue(session, clock, recipient_id=user.id, kind="task_overdue" if overdue else "task_assigned",
                subject=subject, body=body, dedup_key=f"task:{task.id}:user:{user.id}",
                payload={"task_id": task.id, "case_id": task.case_id})
