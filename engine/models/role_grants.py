"""A grant of a powerful role waiting for a second administrator (issue 14 §3.12, four eyes)."""
from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from engine.db import Base
from engine.db import UTCDateTime


class GrantStatus(StrEnum):
    """Where a requested grant stands."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


#: a pending request is decided once, either way
GRANT_TRANSITIONS: dict[GrantStatus, frozenset[GrantStatus]] = {
    GrantStatus.PENDING: frozenset({GrantStatus.APPROVED, GrantStatus.REJECTED}),
    GrantStatus.APPROVED: frozenset(),
    GrantStatus.REJECTED: frozenset(),
}


class RoleGrantRequest(Base):
    """One administrator asked to give a user a leader's, designer's or auditor's role; another decides."""

    __tablename__ = "role_grant_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: who would receive the role
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False, index=True)
    #: engine.vocabulary.Role
    role: Mapped[str] = mapped_column(String(32), nullable=False)
    #: the unit the role would be held in
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False)
    #: the administrator who asked, and when
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False)
    requested_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
    #: GrantStatus
    status: Mapped[str] = mapped_column(String(16), nullable=False, default=GrantStatus.PENDING, index=True)
    #: the second administrator who approved or rejected it, and when
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
