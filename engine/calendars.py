"""The deployment's calendar and deadline settings, read from the database (DOMAIN.md §2)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.deadlines import DayKind
from engine.deadlines import DeadlineSettings
from engine.deadlines import OfficialCalendar
from engine.models.settings import CalendarDay
from engine.models.settings import CalendarYear
from engine.models.settings import Setting

SETTING_WORKING_DAYS = "deadline.working_days"
SETTING_ROLL_OVER = "deadline.roll_over_rest_days"


def load_calendar(session: Session) -> OfficialCalendar:
    """Return the official calendar with every schedule an administrator entered."""
    years = session.execute(select(CalendarYear.year)).scalars().all()
    days = session.execute(select(CalendarDay.day, CalendarDay.kind)).all()
    return OfficialCalendar({day: DayKind(kind) for day, kind in days}, years)


def deadline_settings(session: Session) -> DeadlineSettings:
    """Return the deployment's deadline settings (calendar days with holiday roll-over by default)."""
    values = dict(session.execute(
        select(Setting.key, Setting.value).where(Setting.key.in_([SETTING_WORKING_DAYS, SETTING_ROLL_OVER]))
    ).all())
    return DeadlineSettings(
        working_days=bool(values.get(SETTING_WORKING_DAYS, False)),
        roll_over_rest_days=bool(values.get(SETTING_ROLL_OVER, True)),
    )


def enter_year_schedule(session: Session, *, year: int, holidays: dict[dt.date, str], workdays: dict[dt.date, str],
                        entered_by_id: int, entered_at: dt.datetime, source: str) -> CalendarYear:
    """Store a year's official schedule: its holidays and make-up working days."""
    existing = session.get(CalendarYear, year)
    if existing is not None:
        for row in session.execute(select(CalendarDay).where(CalendarDay.year == year)).scalars():
            session.delete(row)
        session.delete(existing)
        session.flush()
    schedule = CalendarYear(year=year, entered_by_id=entered_by_id, entered_at=entered_at, source=source)
    session.add(schedule)
    session.flush()
    for day, name in holidays.items():
        session.add(CalendarDay(day=day, year=year, kind=DayKind.HOLIDAY, name=name))
    for day, name in workdays.items():
        session.add(CalendarDay(day=day, year=year, kind=DayKind.WORKDAY, name=name))
    return schedule
