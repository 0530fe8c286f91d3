"""What the officials' workspace keeps besides the procedure: sign-in attempts, drafts and attachments."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON
from sqlalchemy import Boolean
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import LargeBinary
from sqlalchemy import String
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import deferred
from sqlalchemy.orm import mapped_column

from engine.db import Base
from engine.db import UTCDateTime
from engine.models.instances import CaseReference


class LoginAttempt(Base):
    """One sign-in attempt, kept to throttle guessing per account and per address (SECURITY.md 23)."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_username_at", "username", "attempted_at"),
        Index("ix_login_attempt_source_ip_at", "source_ip", "attempted_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the name as typed, lower-cased (unknown names are throttled like known ones)
    username: Mapped[str] = mapped_column(String(64), nullable=False)
    source_ip: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    attempted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
    succeeded: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class TaskDraft(Base):
    """A half-filled form a user saved on a task; the step stays open and nothing is recorded yet."""

    __tablename__ = "task_draft"
    __table_args__ = (UniqueConstraint("task_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("human_task.id"), nullable=False, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False)
    #: the form fields as typed (strings), and the opinion under the key "opinion"
    data: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    saved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)


class Attachment(Base):
    """A file filed with a subject at one of its steps: a scanned reply, a photo, a PDF."""

    __tablename__ = "attachment"
    __table_args__ = (Index("ix_attachment_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the subject the file is filed with, the step's own (revision 0007, engine/subjects.py)
    subject_type: Mapped[str] = mapped_column(String(40), nullable=False)
    subject_id: Mapped[int] = mapped_column(Integer, nullable=False)
    case_id = CaseReference()
    task_id: Mapped[int | None] = mapped_column(ForeignKey("human_task.id"), nullable=True, index=True)
    filename: Mapped[str] = mapped_column(String(200), nullable=False)
    content_type: Mapped[str] = mapped_column(String(80), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    #: hex SHA-256 of the content; recorded in the audit event so the file can be proven unaltered
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    #: the bytes live in the database so a file and its record commit or roll back together
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False)
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
    #: free-form remark shown beside the file
    extra: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
