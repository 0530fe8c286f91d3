"""Who is told what: outbox messages for new tasks and for events the Measures require to be notified."""
from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from typing import Protocol

from sqlalchemy import bindparam
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.clock import Clock
from engine.models.people import RoleAssignment
from engine.models.people import User
from engine.models.tasks import HumanTask
from engine.outbox import Message
from engine.outbox import enqueue_many
from engine.registry import REGISTRY
from engine.subjects import SubjectAdapter


class Person(Protocol):
    """What telling someone needs to know of them: a role holder row or a loaded ``User``."""

    id: int
    username: str
    display_name: str
    cadre_id: int | None


#: (candidate roles, unit id) -> their active holders; lets a sweep look each pair up once
HolderLookup = Callable[[list[str], int], list[Person]]


# Built once: every completion that opens a step asks it (issue 2: building it cost as much as running it).
# Plain rows, not users: nothing here needs a password hash in memory, and no ORM object is built per holder.
_ROLE_HOLDERS = (
    select(User.id, User.username, User.display_name, User.cadre_id)
    .join(RoleAssignment, RoleAssignment.user_id == User.id)
    .where(RoleAssignment.role.in_(bindparam("roles", expanding=True)), RoleAssignment.unit_id == bindparam("unit_id"),
           User.active.is_(True))
    .distinct()
)


def role_holders(session: Session, roles: Iterable[str], unit_id: int) -> list[Person]:
    """Return active users holding any of ``roles`` in ``unit_id``."""
    return list(session.execute(_ROLE_HOLDERS, {"roles": list(roles), "unit_id": unit_id}).all())


def task_recipients(session: Session, task: HumanTask, cadre_id: int | None, *,
                    holders: HolderLookup | None = None) -> list[Person]:
    """Return who is told about ``task``: its assignee once claimed, else every possible performer.

    Users the task excludes (proposer ≠ approver, SECURITY.md 25) and the subject's own person (``cadre_id``:
    nobody hears about a matter on themself) are left out.
    """
    if task.assignee_id is not None:
        assignee = session.get(User, task.assignee_id)
        people = [assignee] if assignee is not None and assignee.active else []
    else:
        roles = sorted({c.role for c in task.candidates})
        people = holders(roles, task.unit_id) if holders else role_holders(session, roles, task.unit_id)
    excluded = set(task.excluded_user_ids or [])
    return [u for u in people
            if u.id not in excluded and not (cadre_id is not None and u.cadre_id == cadre_id)]


def notify_new_tasks(session: Session, clock: Clock, adapter: SubjectAdapter, subject: object | None,
                     tasks: Iterable[HumanTask]) -> None:
    """Tell every possible performer of each new task that it waits for them (one write for all of them)."""
    reference = adapter.reference(subject) if subject is not None else ""
    excluded_cadre_id = adapter.excluded_cadre_id(subject) if subject is not None else None
    with session.no_autoflush:
        messages = [message for task in tasks
                    for message in _performer_messages(session, reference, excluded_cadre_id, task)]
    enqueue_many(session, clock, messages)


def _performer_messages(session: Session, reference: str, excluded_cadre_id: int | None,
                        task: HumanTask) -> list[Message]:
    """Return one message per possible performer of a new task."""
    overdue = task.stage in REGISTRY.overdue_stages()
    subject = f"{'【逾期】' if overdue else ''}新待办:{task.name}"
    body = f"{reference}进入“{REGISTRY.stage_labels().get(task.stage, task.stage)}”环节:{task.name}。"
    kind = "task_overdue" if overdue else "task_assigned"
    payload = {"task_id": task.id, "case_id": task.case_id}
    return [Message(recipient_id=user.id, kind=kind, subject=subject, body=body,
                    dedup_key=f"task:{task.id}:user:{user.id}", payload=payload, channel="email")
            for user in task_recipients(session, task, excluded_cadre_id)]
