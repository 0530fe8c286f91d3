"""The network's layout over the unit tree and its invited officers (issue 13 §1; migration 0020).

Seed 001 第一篇(四)一是 names the five levels: 预警中心——预警信息办公室——预警信息报送点——预警信息采集点——预警信息员;
seed 002 一(一)(二) lays the same network horizontally over the departments and vertically down to the
villages, and 002 一(三)2 says the invited officers (特邀预警信息员) are chosen among people's congress deputies,
CPPCC members and non-party people, filed with the centre, and managed 谁选聘、谁负责 (training, assessment,
rewards and penalties). Why stored, and not derived from role grants: see README.md (网络布局).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint
from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from engine.db import Base
from engine.db import UTCDateTime

NODE_KINDS_SQL = "kind IN ('centre', 'office', 'reporting_point', 'collection_point')"


class InfoNetworkNode(Base):
    """A unit's place in the network (「001 第一篇(四)一是」): centre, office, reporting point or collection point."""

    __tablename__ = "info_network_node"
    __table_args__ = (CheckConstraint(NODE_KINDS_SQL, name="kind_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: one place per unit
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), unique=True, nullable=False)
    #: network.NODE_KIND_LABELS
    kind: Mapped[str] = mapped_column(String(24), nullable=False)
    named_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    named_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)


class InvitedAppointment(Base):
    """One term of an invited officer (特邀预警信息员), appointed by a unit (「002 一(三)2」 谁选聘、谁负责)."""

    __tablename__ = "info_invited_appointment"
    __table_args__ = (CheckConstraint("term_end >= term_start", name="term_ordered"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False, index=True)
    #: the unit whose office (or the centre) appointed them, and alone manages them
    appointing_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False, index=True)
    #: officers.CONSTITUENCY_LABELS (人大代表、政协委员、无党派人士…)
    constituency: Mapped[str] = mapped_column(String(24), nullable=False)
    term_start: Mapped[dt.date] = mapped_column(Date, nullable=False)
    term_end: Mapped[dt.date] = mapped_column(Date, nullable=False)
    #: set when the term is ended (early or at its end); the restricted role is taken away then
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(Text)
    appointed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)


class InvitedRecord(Base):
    """A training or an assessment (考核) of an invited officer's term (「002 一(三)2」 培训、考核)."""

    __tablename__ = "info_invited_record"
    __table_args__ = (CheckConstraint("kind IN ('training', 'assessment')", name="kind_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("info_invited_appointment.id"), nullable=False,
                                                index=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    held_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False)
    #: an assessment's grade (officers.ASSESSMENT_LABELS); NULL for a training
    result: Mapped[str | None] = mapped_column(String(16))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, nullable=False)
