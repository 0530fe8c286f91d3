"""Deployed BPMN definitions: immutable, content-addressed, versioned per process key (SECURITY.md 19)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from engine.db import Base
from engine.db import UTCDateTime


class ProcessDefinition(Base):
    """One deployed version of one BPMN file; rows are never updated."""

    __tablename__ = "process_definition"
    __table_args__ = (UniqueConstraint("key", "version"), UniqueConstraint("key", "sha256"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the executable process id the file defines (its primary process)
    key: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    #: 1, 2, 3 ... per key
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    #: hex SHA-256 of the XML bytes: deploying the same bytes again is a no-op
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    #: original file name
    filename: Mapped[str] = mapped_column(String(120), nullable=False)
    #: Chinese display name (the process's name attribute)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    #: the XML as deployed
    xml: Mapped[str] = mapped_column(Text, nullable=False)
    deployed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False)
    deployed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
