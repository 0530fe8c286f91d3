"""Deployed BPMN and DMN definitions: immutable, content-addressed, versioned per key (SECURITY.md 19)."""
from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from engine.db import Base
from engine.db import UTCDateTime


class DefinitionKind(StrEnum):
    """What a deployed file defines: a BPMN process, or a DMN decision table its business rule tasks call."""

    PROCESS = "process"
    DECISION = "decision"


class ProcessDefinition(Base):
    """One deployed version of one BPMN (or DMN) file; rows are never updated.

    Processes and decision tables share one key space, so an instance pins both through ``definition_ids``.
    """

    __tablename__ = "process_definition"
    __table_args__ = (UniqueConstraint("key", "version"), UniqueConstraint("key", "sha256"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: DefinitionKind: a process, or a decision table (key = the DMN decision id)
    kind: Mapped[str] = mapped_column(String(16), nullable=False, default=DefinitionKind.PROCESS,
                                      server_default=DefinitionKind.PROCESS.value)
    #: the executable process id the file defines (its primary process), or the decision id of a DMN file
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
