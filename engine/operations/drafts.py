"""Saving a half-filled form on a task ("暂存"): kept per user and task, dropped once the task is done."""
from __future__ import annotations

from sqlalchemy import bindparam
from sqlalchemy import delete
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.actors import Actor
from engine.clock import Clock
from engine.errors import FormInvalid
from engine.models.tasks import HumanTask
from engine.models.workspace import TaskDraft
from engine.permissions import check_can_work_on
from engine.permissions import load_task_for

#: a draft is typed text, not a document: anything larger is a mistake or abuse
MAX_DRAFT_CHARS = 50_000


def save_draft(session: Session, clock: Clock, actor: Actor, task_id: int, data: dict[str, str]) -> TaskDraft:
    """Keep what the user typed so far on an open task they may work on (nothing is validated or recorded).

    :raise FormInvalid: the draft is unreasonably large.
    """
    task = load_task_for(session, actor.user, task_id)
    check_can_work_on(actor.user, task)
    clean = {str(k)[:64]: ("" if v is None else str(v)) for k, v in data.items()}
    if sum(len(v) for v in clean.values()) > MAX_DRAFT_CHARS:
        raise FormInvalid(f"暂存内容过长(上限{MAX_DRAFT_CHARS}字)")
    draft = draft_of(session, task, actor.user_id)
    if draft is None:
        draft = TaskDraft(task_id=task.id, user_id=actor.user_id, data=clean, saved_at=clock.now())
        session.add(draft)
    else:
        draft.data = clean
        draft.saved_at = clock.now()
    return draft


def draft_of(session: Session, task: HumanTask, user_id: int | None) -> TaskDraft | None:
    """Return the user's saved draft of a task, if any."""
    if user_id is None:
        return None
    stmt = select(TaskDraft).where(TaskDraft.task_id == task.id, TaskDraft.user_id == user_id)
    return session.execute(stmt).scalar_one_or_none()


_DISCARD = delete(TaskDraft.__table__).where(TaskDraft.__table__.c.task_id == bindparam("task_id"))


def discard_drafts(session: Session, task_id: int) -> None:
    """Drop every draft of a task (it was completed or cancelled).

    A Core statement on the session's connection: an ORM bulk delete would first flush and then look for
    drafts in the session to expire, which a completing request has not loaded.
    """
    session.connection().execute(_DISCARD, {"task_id": task_id})
