"""Human tasks: the inbox projection of READY user tasks, queried without deserialising workflows."""
from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import JSON
from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from engine import lifecycle
from engine.db import Base
from engine.db import UTCDateTime
from engine.models.instances import CaseReference


class TaskStatus(StrEnum):
    """Lifecycle of a human task."""

    OPEN = "open"
    COMPLETED = "completed"
    CANCELLED = "cancelled"   # a boundary timer interrupted it, or the instance moved on


TASK_TRANSITIONS: dict[TaskStatus, frozenset[TaskStatus]] = {
    TaskStatus.OPEN: frozenset({TaskStatus.COMPLETED, TaskStatus.CANCELLED}),
    TaskStatus.COMPLETED: frozenset(),
    TaskStatus.CANCELLED: frozenset(),
}


class HumanTask(Base):
    """One user task waiting for (or done by) a person."""

    __tablename__ = "human_task"
    __table_args__ = (
        Index("ix_human_task_status_due", "status", "due_at"),
        Index("ix_human_task_assignee_status", "assignee_id", "status"),
        Index("ix_human_task_unit_status", "unit_id", "status", "due_at"),
        Index("ix_human_task_subject", "subject_type", "subject_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), nullable=False, index=True)
    #: the subject of the task's instance (a copy, so an inbox filters without joining the instance)
    subject_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    subject_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    case_id = CaseReference()
    #: SpiffWorkflow task UUID (stable across serialisation)
    task_uuid: Mapped[str] = mapped_column(String(36), nullable=False, unique=True)
    #: BPMN element id, e.g. "approve_correction"
    bpmn_id: Mapped[str] = mapped_column(String(64), nullable=False)
    #: the process the element belongs to
    process_key: Mapped[str] = mapped_column(String(64), nullable=False)
    #: Chinese step name
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    form_key: Mapped[str] = mapped_column(String(64), nullable=False)
    #: engine.vocabulary.Stage
    stage: Mapped[str] = mapped_column(String(32), nullable=False)
    #: the article(s) of its regulation the step implements, as the diagram cites them
    article: Mapped[str] = mapped_column(String(64), nullable=False)
    #: unit in which the candidate roles are held
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False)
    #: the subject's category when the task was created (its adapter's ``category()``): an inbox filter
    category: Mapped[str | None] = mapped_column(String(40), nullable=True)
    #: claimed by (SECURITY.md 3); NULL = in the group queue
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    #: TaskStatus
    status: Mapped[str] = mapped_column(String(16), nullable=False, default=TaskStatus.OPEN)
    #: local due date and the UTC instant it ends (NULL: the Measures set no deadline here)
    due_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    #: users who completed earlier steps named by notSameAs may not do this one (proposer ≠ approver)
    excluded_user_ids: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    #: the submitted form data (validated) and the written opinion (审批意见)
    submitted: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    opinion: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: optimistic lock
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}

    candidates: Mapped[list[TaskCandidate]] = relationship(
        back_populates="task", cascade="all, delete-orphan", lazy="selectin"
    )


class TaskCandidate(Base):
    """A role (in the task's unit) whose holders may claim and complete the task."""

    __tablename__ = "task_candidate"
    __table_args__ = (Index("ix_task_candidate_role_unit", "role", "unit_id", "task_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("human_task.id", ondelete="CASCADE"), nullable=False, index=True)
    role: Mapped[str] = mapped_column(String(32), nullable=False)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False)

    task: Mapped[HumanTask] = relationship(back_populates="candidates")


class TaskExclusion(Base):
    """A user who may not do this task though they hold a candidate role: they proposed, checked or filled
    the matter it decides (the diagram's notSameAs, SECURITY.md 25). Kept as rows so an inbox query leaves the task
    out for them (issue 14 §3.3); ``HumanTask.excluded_user_ids`` holds the same ids for the checks."""

    __tablename__ = "task_exclusion"
    __table_args__ = (UniqueConstraint("task_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the task
    task_id: Mapped[int] = mapped_column(ForeignKey("human_task.id", ondelete="CASCADE"), nullable=False)
    #: the user kept apart from it
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False, index=True)


class TaskComment(Base):
    """A remark on a task by someone other than the performer (supervisor's comment, reminder)."""

    __tablename__ = "task_comment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("human_task.id"), nullable=False, index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
    #: structured extras, e.g. {"kind": "reminder"}
    extra: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)


lifecycle.guard(HumanTask.status, TASK_TRANSITIONS)
