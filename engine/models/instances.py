"""Process instances: serialised SpiffWorkflow state, stored without its spec (SPIFFWORKFLOW.md §4.3)."""
from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import JSON
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import deferred
from sqlalchemy.orm import mapped_column

from engine import lifecycle
from engine.db import Base
from engine.db import UTCDateTime
from engine.models.cases import CASE_SUBJECT


class CaseReference:
    """``row.case_id``: the warning case a generic row serves, or None (read only, never in a query).

    Transitional (issue 11 §1, revision 0007): the audit chain's ``case_id`` column, hashed into every event,
    still links an event to a case, and the steps that write events read the case from the row this way until
    the audit names a generic subject. Queries join on the pair (engine.models.cases.of_case).
    """

    def __get__(self, row: object | None, owner: type | None = None) -> int | None:
        if row is None:
            raise AttributeError("case_id is not a column: query subject_type/subject_id (of_case)")
        return row.subject_id if row.subject_type == CASE_SUBJECT else None


class InstanceStatus(StrEnum):
    """Lifecycle of a process instance."""

    RUNNING = "running"
    INCIDENT = "incident"
    COMPLETED = "completed"


INSTANCE_TRANSITIONS: dict[InstanceStatus, frozenset[InstanceStatus]] = {
    InstanceStatus.RUNNING: frozenset({InstanceStatus.INCIDENT, InstanceStatus.COMPLETED}),
    InstanceStatus.INCIDENT: frozenset({InstanceStatus.RUNNING, InstanceStatus.COMPLETED}),  # a retry may end it
    InstanceStatus.COMPLETED: frozenset(),
}


class ProcessInstance(Base):
    """One running (or finished) workflow; the case ledger row is its projection."""

    __tablename__ = "process_instance"
    # A subject is served by one instance (the Measures' 一案一例); NULL pairs (no subject) never collide.
    __table_args__ = (UniqueConstraint("subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the main definition version the instance runs on, for life
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definition.id"), nullable=False, index=True)
    #: ids of every definition version the instance uses (main + called), pinned at start
    definition_ids: Mapped[list] = mapped_column(JSON, nullable=False)
    #: the subject the instance serves, named generically (issue 11 §1): the type its regulation's adapter
    #: registers (engine/subjects.py) and the subject's id; both NULL for an instance that serves none
    subject_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    subject_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    case_id = CaseReference()
    #: InstanceStatus
    status: Mapped[str] = mapped_column(String(16), nullable=False, default=InstanceStatus.RUNNING, index=True)
    #: BpmnWorkflowSerializer JSON without the spec; deferred so list queries never load it
    state: Mapped[str] = deferred(mapped_column(Text, nullable=False))
    #: the serializer's format version ("1.5"), checked on load
    serializer_version: Mapped[str] = mapped_column(String(16), nullable=False)
    #: engine steps taken so far (loop guard, SECURITY.md 12)
    step_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    #: optimistic lock (SECURITY.md 2)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}


lifecycle.guard(ProcessInstance.status, INSTANCE_TRANSITIONS)
