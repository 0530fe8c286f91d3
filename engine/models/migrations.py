"""Moves of running instances from one deployed version of a process to another (and back)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from engine.db import Base
from engine.db import UTCDateTime


class InstanceMigration(Base):
    """One instance moved by a designer onto another version of one process; kept for the record and to move back."""

    __tablename__ = "instance_migration"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"), nullable=False, index=True)
    #: the process id whose version changed (the main process or a called one)
    key: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    #: the version of ``key`` the instance ran on before the move
    from_definition_id: Mapped[int] = mapped_column(ForeignKey("process_definition.id"), nullable=False)
    #: the version of ``key`` the instance was moved to
    to_definition_id: Mapped[int] = mapped_column(ForeignKey("process_definition.id"), nullable=False)
    #: every pinned definition id before the move (ProcessInstance.definition_ids), restored by moving back
    from_definition_ids: Mapped[list] = mapped_column(JSON, nullable=False)
    #: every pinned definition id after the move
    to_definition_ids: Mapped[list] = mapped_column(JSON, nullable=False)
    migrated_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False)
    migrated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
    #: set when a designer moved the instance back to ``from_definition_ids``
    reverted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    reverted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
