"""Issued documents (文书) and the per-body, per-year number counters (DOMAIN.md §7)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON
from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from engine.db import Base
from engine.db import UTCDateTime
from engine.models.instances import CaseReference


class NumberCounter(Base):
    """The last number used in a series by an issuing body in a year."""

    __tablename__ = "number_counter"
    __table_args__ = (UniqueConstraint("unit_id", "series", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False)
    #: "case", "clue" or "document"
    series: Mapped[str] = mapped_column(String(16), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    last_value: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class Document(Base):
    """A numbered document issued for a subject: notice, form, letter (DOMAIN.md §7)."""

    __tablename__ = "document"
    __table_args__ = (UniqueConstraint("issuing_unit_id", "year", "sequence"),
                      Index("ix_document_subject", "subject_type", "subject_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the subject the document was issued for, named generically (revision 0007, engine/subjects.py)
    subject_type: Mapped[str] = mapped_column(String(40), nullable=False)
    subject_id: Mapped[int] = mapped_column(Integer, nullable=False)
    case_id = CaseReference()
    #: document kind, e.g. "correction_notice" (processes/measures/document_wording.py lists them)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    #: Chinese title, e.g. "责令纠错通知书"
    title: Mapped[str] = mapped_column(String(120), nullable=False)
    issuing_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    sequence: Mapped[int] = mapped_column(Integer, nullable=False)
    #: the full number as printed, e.g. "寿纪预〔2026〕7号"
    number: Mapped[str] = mapped_column(String(64), nullable=False)
    #: addressee, Chinese
    recipient: Mapped[str] = mapped_column(String(120), nullable=False)
    #: the recorded issue date
    issued_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    #: the human task that issued it
    task_id: Mapped[int | None] = mapped_column(ForeignKey("human_task.id"), nullable=True)
    #: the data the document is rendered from (form fields, case facts at issue time)
    fields: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
