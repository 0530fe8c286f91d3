"""Clues, the case ledger (一案一例台帐), restrictions and integrity-file entries (第十、十四、二十六、三十一条)."""
from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import Boolean
from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import and_
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship
from sqlalchemy.sql.elements import ColumnElement

from engine import lifecycle
from engine.db import Base
from engine.db import UTCDateTime
from engine.models.people import Cadre
from engine.models.people import Unit

#: The subject type the Measures' adapter registers (processes/measures/subject.py). A generic row (a process
#: instance, a human task) serves a warning case when it names this type beside the case's id (revision 0007).
CASE_SUBJECT = "warning_case"


def of_case(model: Any, case_id: Any) -> ColumnElement[bool]:
    """Return the condition that rows of ``model`` (ProcessInstance, HumanTask) serve the case ``case_id``:
    a value, or a column such as ``Case.id`` to join on."""
    return and_(model.subject_type == CASE_SUBJECT, model.subject_id == case_id)


def case_id_of(model: Any) -> ColumnElement[int]:
    """Return the case rows of ``model`` serve (NULL for none) as a column to select; filters use of_case."""
    return sql_case((model.subject_type == CASE_SUBJECT, model.subject_id))


def of_cases(model: Any, case_ids: Any) -> ColumnElement[bool]:
    """Return the condition that rows of ``model`` serve one of ``case_ids`` (values or a subquery)."""
    return and_(model.subject_type == CASE_SUBJECT, model.subject_id.in_(case_ids))


class Clue(Base):
    """A warning clue as registered (第十条), with the transfer form when another body sent it (第十三条)."""

    __tablename__ = "clue"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: registration number, e.g. "寿纪预线〔2026〕3号"
    number: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    #: engine.vocabulary.SourceChannel (第十条)
    source_channel: Mapped[str] = mapped_column(String(32), nullable=False)
    #: the body the clue came from; told the outcome at the end (第十四条)
    source_unit_name: Mapped[str] = mapped_column(String(120), nullable=False)
    #: date the clue was received (recorded, may be earlier than registration)
    received_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    #: what the clue says
    summary: Mapped[str] = mapped_column(Text, nullable=False)
    #: the cadre the clue concerns
    subject_cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id"), nullable=False, index=True)
    #: unit that registered the clue
    receiving_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False)
    #: 预警线索移送表 number, transferring body and date (第十三条); NULL unless channel is transfer
    transfer_form_number: Mapped[str | None] = mapped_column(String(64), nullable=True)
    transferring_body: Mapped[str | None] = mapped_column(String(120), nullable=True)
    transferred_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    #: who registered it and when (UTC)
    registered_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False)
    registered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)

    subject: Mapped[Cadre] = relationship()


class CaseStatus(StrEnum):
    """Lifecycle of a ledger entry."""

    OPEN = "open"
    CLOSED = "closed"


CASE_TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.OPEN: frozenset({CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset(),
}


class Case(Base):
    """One ledger entry per clue handled (一案一例, 第二十六条): the queryable projection of its instance."""

    __tablename__ = "warning_case"
    __table_args__ = (
        Index("ix_case_status_due", "status", "current_due_date"),
        Index("ix_case_handling_unit_status", "handling_unit_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: ledger number, e.g. "寿纪预案〔2026〕3号"
    number: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    clue_id: Mapped[int] = mapped_column(ForeignKey("clue.id"), nullable=False, unique=True)
    #: the subject (预警对象)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id"), nullable=False, index=True)
    #: the unit handling the case: receiving unit, then the managing unit once reported up (第十四条)
    handling_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False)
    #: engine.vocabulary.WarningType; NULL until determined (第十五、十六条)
    warning_type: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    #: CaseStatus
    status: Mapped[str] = mapped_column(String(16), nullable=False, default=CaseStatus.OPEN)
    #: engine.vocabulary.Stage of the current step(s)
    stage: Mapped[str] = mapped_column(String(32), nullable=False)
    #: engine.vocabulary.Outcome once closed
    outcome: Mapped[str | None] = mapped_column(String(32), nullable=True)
    #: key dates, all recorded dates (China time) — never "when the clerk clicked"
    opened_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    approved_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    #: 第十七条: work must start within 7 days of approval
    start_due_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    implementation_started_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    reported_to_party_chief_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    talked_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    notice_issued_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    received_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    #: due date first computed from the receipt date (第二十八、二十九、三十条)
    original_due_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    #: due date in force (after extensions)
    current_due_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    #: computed with a holiday schedule not yet published: recomputed when it is entered (DOMAIN.md §2)
    due_provisional: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    #: calendar days added by extensions so far (第三十条: together at most 1 month)
    extension_days_used: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    #: the latest date extensions may reach (original due + 1 month, 第三十条)
    extension_cap_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    replied_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    #: the subject is past the due date with nothing submitted
    overdue: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, index=True)
    lifted_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    closed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    #: escalation history: [{"from": "inquiry", "to": "admonition", "on": "2026-11-30"}]
    escalations: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    #: optimistic lock (SECURITY.md 2)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}

    clue: Mapped[Clue] = relationship()
    cadre: Mapped[Cadre] = relationship()
    handling_unit: Mapped[Unit] = relationship()


class Restriction(Base):
    """No awards and no promotion while an ordered correction runs (第三十一条)."""

    __tablename__ = "restriction"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("warning_case.id"), nullable=False, index=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id"), nullable=False, index=True)
    #: "award" (不得评选评优) or "promotion" (暂缓提拔使用)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    #: from the date the correction notice was issued
    starts_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    #: the day the warning was lifted or the case handed over; NULL while in force
    ends_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    #: the article imposing it
    article: Mapped[str] = mapped_column(String(32), nullable=False, default="第三十一条")


class IntegrityFileEntry(Base):
    """An entry in a cadre's personal integrity file (个人廉政档案, 第三十一条)."""

    __tablename__ = "integrity_file_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id"), nullable=False, index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("warning_case.id"), nullable=False)
    #: what happened: "correction_notice", "lifted", "handed_over", ...
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    #: Chinese summary as filed
    summary: Mapped[str] = mapped_column(Text, nullable=False)
    recorded_on: Mapped[dt.date] = mapped_column(Date, nullable=False)


lifecycle.guard(Case.status, CASE_TRANSITIONS)
