"""Deployment settings, the entered holiday schedules and the manual clock (DOMAIN.md §2)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON
from sqlalchemy import Date
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from engine.db import Base
from engine.db import UTCDateTime


class Setting(Base):
    """A deployment setting: key → JSON value (e.g. deadline.working_days)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict | list | str | int | bool | None] = mapped_column(JSON, nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)


class CalendarYear(Base):
    """A year whose official holiday schedule an administrator entered."""

    __tablename__ = "calendar_year"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    entered_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False)
    entered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
    #: the State Council notice the schedule comes from
    source: Mapped[str] = mapped_column(String(200), nullable=False)


class CalendarDay(Base):
    """A day of an entered year that differs from the weekday rule: a holiday or a make-up working day."""

    __tablename__ = "calendar_day"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("calendar_year.year"), nullable=False, index=True)
    #: engine.deadlines.DayKind: "holiday" or "workday"
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    #: e.g. "国庆节"
    name: Mapped[str] = mapped_column(String(32), nullable=False, default="")


class ManualClock(Base):
    """The shared time in manual-clock mode (training, tests); refused in production."""

    __tablename__ = "manual_clock"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    now: Mapped[dt.datetime] = mapped_column(UTCDateTime(), nullable=False)
    #: extra data (who set it, why)
    note: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
