"""Outbox messages written in the transaction and dispatched after commit (SECURITY.md 5)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON
from sqlalchemy import Boolean
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from engine.db import Base
from engine.db import UTCDateTime


class OutboxMessage(Base):
    """A notification to deliver once its transaction has committed."""

    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_pending", "dispatched_at", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: idempotency key: the same key is never delivered twice
    dedup_key: Mapped[str] = mapped_column(String(160), nullable=False, unique=True)
    #: "inapp" or "email"
    channel: Mapped[str] = mapped_column(String(16), nullable=False, default="inapp")
    recipient_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False)
    #: kind, e.g. "task_assigned", "correction_notified", "task_overdue"
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    subject: Mapped[str] = mapped_column(String(200), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    #: links for the UI: {"case_id": 3, "task_id": 12}
    payload: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
    dispatched_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Notification(Base):
    """An in-app notification as delivered from the outbox."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user_read", "user_id", "read"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: one delivery per outbox message (idempotent dispatch)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox_message.id"), nullable=False, unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    subject: Mapped[str] = mapped_column(String(200), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    payload: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    read: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
