"""Jobs (armed timers) and incidents (SECURITY.md 6–10)."""
from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import JSON
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from engine import lifecycle
from engine.db import Base
from engine.db import UTCDateTime


class JobStatus(StrEnum):
    """Lifecycle of a job."""

    SCHEDULED = "scheduled"   # waiting for due_at (and for its lock to be free)
    DONE = "done"             # fired
    CANCELLED = "cancelled"   # the timer was disarmed (its task finished first)
    FAILED = "failed"         # retries exhausted: an incident is open


JOB_TRANSITIONS: dict[JobStatus, frozenset[JobStatus]] = {
    JobStatus.SCHEDULED: frozenset({JobStatus.DONE, JobStatus.CANCELLED, JobStatus.FAILED}),
    JobStatus.FAILED: frozenset({JobStatus.SCHEDULED, JobStatus.CANCELLED}),
    JobStatus.DONE: frozenset(),
    JobStatus.CANCELLED: frozenset(),
}


#: attempts before an incident opens (SECURITY.md 10: 3 tries, backoff 1/5/15 minutes)
JOB_RETRIES = 3


class Job(Base):
    """An armed timer of a process instance, due at an absolute instant."""

    __tablename__ = "job"
    __table_args__ = (Index("ix_job_status_due", "status", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), nullable=False, index=True)
    #: "timer", or "signal": one delivery of a signal thrown by another instance to this one
    kind: Mapped[str] = mapped_column(String(16), nullable=False, default="timer")
    #: the WAITING SpiffWorkflow task of the timer event; for a signal delivery a fresh id of its own
    task_uuid: Mapped[str] = mapped_column(String(36), nullable=False, unique=True)
    #: BPMN id of the timer event, e.g. "rectification_overdue"; for a signal delivery the signal's name
    bpmn_id: Mapped[str] = mapped_column(String(64), nullable=False)
    #: what a delivered signal carries (its thrower's payloadExpression, evaluated); None for timers
    payload: Mapped[object | None] = mapped_column(JSON, nullable=True)
    #: JobStatus
    status: Mapped[str] = mapped_column(String(16), nullable=False, default=JobStatus.SCHEDULED)
    #: when the timer fires (UTC); moved forward by the retry backoff
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
    #: worker holding the job and until when (SECURITY.md 7, 8)
    lock_owner: Mapped[str | None] = mapped_column(String(96), nullable=True)
    lock_expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    #: attempts left before an incident opens (SECURITY.md 10)
    retries_left: Mapped[int] = mapped_column(Integer, nullable=False, default=JOB_RETRIES)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class IncidentStatus(StrEnum):
    """Lifecycle of an incident."""

    OPEN = "open"
    RESOLVED = "resolved"


INCIDENT_TRANSITIONS: dict[IncidentStatus, frozenset[IncidentStatus]] = {
    IncidentStatus.OPEN: frozenset({IncidentStatus.RESOLVED}),
    IncidentStatus.RESOLVED: frozenset(),
}


class Incident(Base):
    """A job that failed every retry; shown to supervisors, who may retry it."""

    __tablename__ = "incident"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id"), nullable=True, index=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), nullable=False, index=True)
    #: "failed_job" or "loop_guard"
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    message: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default=IncidentStatus.OPEN, index=True)
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)


lifecycle.guard(Job.status, JOB_TRANSITIONS)
lifecycle.guard(Incident.status, INCIDENT_TRANSITIONS)
