"""Process designers' drafts: a BPMN being edited, checked, and published only with a second designer's approval."""
from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import JSON
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import deferred
from sqlalchemy.orm import mapped_column

from engine import lifecycle
from engine.db import Base
from engine.db import UTCDateTime


class DesignStatus(StrEnum):
    """Lifecycle of a draft (four eyes: the author submits, another designer publishes or rejects)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"   # waiting for a second designer
    PUBLISHED = "published"   # deployed as a new version; the draft is kept as the record
    REJECTED = "rejected"     # sent back with a reason; the author may edit it again


DESIGN_TRANSITIONS: dict[DesignStatus, frozenset[DesignStatus]] = {
    DesignStatus.DRAFT: frozenset({DesignStatus.DRAFT, DesignStatus.SUBMITTED}),
    DesignStatus.SUBMITTED: frozenset({DesignStatus.PUBLISHED, DesignStatus.REJECTED}),
    DesignStatus.REJECTED: frozenset({DesignStatus.DRAFT, DesignStatus.SUBMITTED}),
    DesignStatus.PUBLISHED: frozenset(),
}

DESIGN_STATUS_LABELS: dict[DesignStatus, str] = {
    DesignStatus.DRAFT: "草稿",
    DesignStatus.SUBMITTED: "待复核发布",
    DesignStatus.PUBLISHED: "已发布",
    DesignStatus.REJECTED: "已退回",
}


class DesignDraft(Base):
    """One draft of one process (its key), created from a deployed version and edited by its author."""

    __tablename__ = "design_draft"
    __table_args__ = (Index("ix_design_draft_status_key", "status", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the executable process id the draft defines; it may not change (a new version of the same process)
    key: Mapped[str] = mapped_column(String(64), nullable=False)
    #: Chinese display name (the process's name when the draft was made)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    #: the BPMN XML as last saved
    xml: Mapped[str] = deferred(mapped_column(Text, nullable=False))
    #: DesignStatus
    status: Mapped[str] = mapped_column(String(16), nullable=False, default=DesignStatus.DRAFT)
    #: the deployed version the draft started from (publishing refuses if a newer one was deployed since)
    base_definition_id: Mapped[int | None] = mapped_column(ForeignKey("process_definition.id"), nullable=True)
    #: the designer who made and edits it; they may not publish it themselves (four eyes)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False, index=True)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    #: the second designer who published or rejected it
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    #: why it was sent back (shown to the author)
    review_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: the last check: {"ok", "sha256" of the XML checked, "checked_at",
    #: "problems": [{element_id, code, article, message, path}]}
    check_result: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    #: forms defined as data with the diagram (issue 11 §4): a list of forms.data definitions, published with it
    forms: Mapped[list | None] = mapped_column(JSON, nullable=True)
    #: the version deployed from it
    published_definition_id: Mapped[int | None] = mapped_column(ForeignKey("process_definition.id"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
    #: optimistic lock (a save and a review may race)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}


lifecycle.guard(DesignDraft.status, DESIGN_TRANSITIONS)
