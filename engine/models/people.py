"""Org units, users, their roles per unit, cadres and API tokens (DOMAIN.md §1; 第三、十四、二十条)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from engine.db import Base
from engine.db import UTCDateTime


class Unit(Base):
    """An org unit: the county (root), its commission, county committee, towns, departments, villages; units nest
    (engine.county)."""

    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: short stable code, e.g. "county", "town-zhengyang"
    code: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    #: full Chinese name, e.g. "正阳关镇"
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    #: engine.vocabulary.UnitKind
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    #: parent unit; NULL only for the root (the county; the commission in databases of the old shape)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), nullable=True, index=True)
    #: materialised path of ids, "/1/4/" — subtree queries without recursion
    path: Mapped[str] = mapped_column(String(255), nullable=False, index=True, default="/")
    #: issuing-body prefix for document numbers (e.g. "寿纪预"), DOMAIN.md §7
    doc_prefix: Mapped[str] = mapped_column(String(32), nullable=False, default="")

    parent: Mapped[Unit | None] = relationship(remote_side=[id])


class User(Base):
    """A person who signs in; may also be a cadre (then never sees cases about themself)."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: login name
    username: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    #: name shown to others, Chinese
    display_name: Mapped[str] = mapped_column(String(64), nullable=False)
    #: scrypt hash (SECURITY.md 22); empty for the system user
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    #: the unit the person works in; NULL only for the engine's own system actor, which init-db creates
    #: before any unit exists (issue 14 §1)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), nullable=True, index=True)
    #: the cadre record of this person, if they are one (self-case rule)
    cadre_id: Mapped[int | None] = mapped_column(ForeignKey("cadre.id"), nullable=True, unique=True)
    #: may sign in and act
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    #: where e-mail copies of notifications go when SMTP is configured; empty: in-app only
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    #: bumped on sign-out, password change and deactivation; a page session of another number is dead
    #: (issue 14 §3.4: the session ends on the server, and the cookie carries no password-hash material)
    session_version: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    #: wall-clock instant an administrator last unlocked the account; failures before it no longer count
    #: (issue 14 §3.7)
    lockout_cleared_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    unit: Mapped[Unit | None] = relationship()
    roles: Mapped[list[RoleAssignment]] = relationship(back_populates="user", cascade="all, delete-orphan")

    def holds(self, role: str, unit_id: int | None = None) -> bool:
        """Tell whether the user holds ``role`` (in ``unit_id`` when given)."""
        return any(r.role == role and (unit_id is None or r.unit_id == unit_id) for r in self.roles)


class RoleAssignment(Base):
    """A role held by a user in one org unit."""

    __tablename__ = "role_assignment"
    __table_args__ = (UniqueConstraint("user_id", "role", "unit_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: holder
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False, index=True)
    #: engine.vocabulary.Role
    role: Mapped[str] = mapped_column(String(32), nullable=False)
    #: unit in which the role is held
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False)

    user: Mapped[User] = relationship(back_populates="roles")


class Cadre(Base):
    """A leading cadre who may be a warning subject (第三十四条)."""

    __tablename__ = "cadre"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: full name
    name: Mapped[str] = mapped_column(String(64), nullable=False)
    #: unit where the cadre works
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False, index=True)
    #: position title, e.g. "党委书记", "副镇长"
    position_title: Mapped[str] = mapped_column(String(64), nullable=False)
    #: engine.vocabulary.PositionKind: decides who carries out the warning (第二十条, 第二十二条)
    position_kind: Mapped[str] = mapped_column(String(32), nullable=False)
    #: unit holding management authority over the cadre (干部管理权限, 第三、十四条)
    managed_by_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False, index=True)

    unit: Mapped[Unit] = relationship(foreign_keys=[unit_id])
    managed_by: Mapped[Unit] = relationship(foreign_keys=[managed_by_unit_id])


class ApiToken(Base):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: owner
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False, index=True)
    #: hex SHA-256 of the token
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    #: when issued (UTC)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
    #: revoked tokens are refused
    revoked: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    #: wall-clock instant after which the token is refused (issue 14 §3.6); NULL only for tokens issued
    #: before expiry existed, which expire TOKEN_LIFETIME after ``created_at``
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    #: "api" (issued by an administrator or the CLI) or "fresh" (issued on password entry, short-lived,
    #: the only kind that may take a decision-role step through the API: issue 14 §3.6)
    purpose: Mapped[str] = mapped_column(String(16), nullable=False, default="api", server_default="api")
    #: what the token is for, as its holder named it (shown in the token list)
    label: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: when and by whom it was revoked (the holder, an administrator, or the system on a password change)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
