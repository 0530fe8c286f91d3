"""The network's tables: information items, point deductions, colour warnings and accountability records.

Seeds 002 (二 采集, 三 分析, 四 预警情形) and 001 (第一篇(四)四是 12分扣分制 and 蓝黄红预警; (五)6 分层追责).
Every row names its subject as a unit or a cadre — exactly one (a CHECK constraint, beside the Chinese
validation in :mod:`processes.info_network.items`). The tables register on the engine's ``Base`` when the
package is imported (``load_regulations``; engine/migrations/env.py), as processes/risk_points does.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean
from sqlalchemy import CheckConstraint
from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from engine.db import Base
from engine.db import UTCDateTime

#: a row's subject is a unit or a cadre, exactly one
ONE_SUBJECT = "(unit_id IS NULL) <> (cadre_id IS NULL)"


class InfoItem(Base):
    """One piece of warning information (预警信息) in the database of 「002 三 3」."""

    __tablename__ = "info_item"
    __table_args__ = (
        CheckConstraint(ONE_SUBJECT, name="one_subject"),
        CheckConstraint("level IS NULL OR level BETWEEN 1 AND 3", name="level_range"),
        Index("ix_info_item_year_level", "year", "level"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: vocabulary.CATEGORY_LABELS (「002 二(一)」)
    category: Mapped[str] = mapped_column(String(32), nullable=False)
    #: vocabulary.SOURCE_LABELS (「002 二(二)」)
    source: Mapped[str] = mapped_column(String(32), nullable=False)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    cadre_id: Mapped[int | None] = mapped_column(ForeignKey("cadre.id"), index=True)
    facts: Mapped[str] = mapped_column(Text, nullable=False)
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reported_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    #: the year whose 12 points it counts against (reported_on's year)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    #: 「002 三 3」 核实后的预警信息 — only verified items are graded
    verified: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    verified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: the grading input: vocabulary.SITUATIONS (「002 四」) and HARM_LABELS (「002 三 2」)
    situation: Mapped[str | None] = mapped_column(String(40))
    harm: Mapped[str | None] = mapped_column(String(16))
    #: what info_grading.dmn suggested, and what the decider fixed (1–3, 「002 四」)
    suggested_level: Mapped[int | None] = mapped_column(Integer)
    level: Mapped[int | None] = mapped_column(Integer)
    level_decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    level_decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: required when the decided level differs from the suggestion (issue 13 §4)
    level_reason: Mapped[str | None] = mapped_column(Text)
    #: vocabulary.FEEDBACK_LABELS (「001 第一篇(四)三是」), recorded when the feedback is given
    feedback_kind: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
    #: the Measures' clue this item became (第十条, issue 13 §6; migration 0017): at most one per item
    clue_id: Mapped[int | None] = mapped_column(ForeignKey("clue.id"), unique=True)
    handed_over_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    handed_over_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: the instance of info_response.bpmn carrying the level's response (「002 四」; migration 0017)
    response_instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instance.id"), unique=True)


class InfoDeduction(Base):
    """Points a graded item took from its subject's 12 for its year (「001 第一篇(四)四是」)."""

    __tablename__ = "info_deduction"
    __table_args__ = (
        CheckConstraint(ONE_SUBJECT, name="one_subject"),
        CheckConstraint("points >= 0", name="points_not_negative"),
        UniqueConstraint("item_id"),
        Index("ix_info_deduction_unit_year", "unit_id", "year"),
        Index("ix_info_deduction_cadre_year", "cadre_id", "year"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    cadre_id: Mapped[int | None] = mapped_column(ForeignKey("cadre.id"))
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    item_id: Mapped[int] = mapped_column(ForeignKey("info_item.id"), nullable=False)
    points: Mapped[int] = mapped_column(Integer, nullable=False)
    #: why: the level, category and the deduction table's version that decided the points
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)


class InfoWarning(Base):
    """A colour warning given to a subject (蓝/黄/红, 「001 第一篇(四)四是」) or the accountability it opened.

    ``kind`` is ``colour`` (``colour`` and ``score`` say which and at what score) or ``accountability``
    (「001 第一篇(五)6」: warned twice or more in a year; ``leaders`` names whom to hold to account).
    """

    __tablename__ = "info_warning"
    __table_args__ = (
        CheckConstraint(ONE_SUBJECT, name="one_subject"),
        CheckConstraint("kind IN ('colour', 'accountability')", name="kind_known"),
        Index("ix_info_warning_unit_year", "unit_id", "year"),
        Index("ix_info_warning_cadre_year", "cadre_id", "year"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    cadre_id: Mapped[int | None] = mapped_column(ForeignKey("cadre.id"))
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    #: vocabulary.COLOUR_LABELS; NULL for an accountability record
    colour: Mapped[str | None] = mapped_column(String(8))
    score: Mapped[int] = mapped_column(Integer, nullable=False)
    #: the item whose grading caused it
    item_id: Mapped[int] = mapped_column(ForeignKey("info_item.id"), nullable=False)
    #: 「001 第一篇(五)6」 直接责任人、主要领导、重要领导, joined by 、; NULL for a colour
    leaders: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
