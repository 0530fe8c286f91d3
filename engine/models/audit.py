"""The append-only, hash-chained audit log (SECURITY.md 26)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from engine.db import Base
from engine.db import UTCDateTime


class AuditEvent(Base):
    """One recorded action; ``hash`` covers every field and the previous event's hash."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: position in the chain, 1, 2, 3 ... without gaps
    seq: Mapped[int] = mapped_column(Integer, nullable=False, unique=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
    #: NULL for the system (timers, seeding)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    #: the actor's name, role and unit as they were at the time
    actor_name: Mapped[str] = mapped_column(String(64), nullable=False)
    actor_role: Mapped[str | None] = mapped_column(String(32), nullable=True)
    actor_unit_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: verb, e.g. "task.completed", "clue.registered", "definition.deployed", "access.denied"
    action: Mapped[str] = mapped_column(String(48), nullable=False, index=True)
    object_type: Mapped[str] = mapped_column(String(32), nullable=False)
    object_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    case_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    source_ip: Mapped[str | None] = mapped_column(String(64), nullable=True)
    before: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    #: the written opinion or reason given with the action
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    hash: Mapped[str] = mapped_column(String(64), nullable=False)
    #: id of the secret key the hash is an HMAC under (issue 14 §3.8); NULL: a plain SHA-256 event written
    #: before the chain was keyed, trusted only as far as a signed checkpoint seals it
    key_id: Mapped[str | None] = mapped_column(String(16), nullable=True)


class AuditHead(Base):
    """Single row holding the chain's tip; locking it serialises appends across processes."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), nullable=False)
