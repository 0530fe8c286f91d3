"""Notifications, written in the transaction of what they announce, and the e-mail copies sent after commit.

Every message is an outbox row written with the action (SECURITY.md 5). Its in-app notification is a row of
our own database, so it is written in the same transaction (SECURITY.md 1) and exists exactly when the action
committed. An e-mail leaves the system and cannot be taken back, so an "email" message waits in the outbox
until the transaction has committed and is then sent at most once.
"""
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
    """A message as written by its transaction: delivered in-app at once, and mailed after commit on "email"."""

    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_pending", "dispatched_at", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: idempotency key: the same key is never delivered twice
    dedup_key: Mapped[str] = mapped_column(String(160), nullable=False, unique=True)
    #: "inapp" (delivered with its transaction) or "email" (also mailed once the transaction has committed)
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
    """An in-app notification, written in the transaction of the action it announces."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user_read", "user_id", "read"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: idempotency key: what it announces, to whom ("task:12:user:7"); the same key is never written twice
    dedup_key: Mapped[str] = mapped_column(String(160), nullable=False, unique=True)
    #: the outbox message it was delivered from, for notifications written before revision 0006
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_message.id"), nullable=True, unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    subject: Mapped[str] = mapped_column(String(200), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    payload: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    read: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
