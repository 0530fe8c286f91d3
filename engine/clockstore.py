"""The manual clock shared by the web app and the worker through the database (training, demos, tests)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker

from engine.clock import UTC
from engine.errors import FormInvalid
from engine.models.settings import ManualClock

_ROW_ID = 1
#: the years a manual clock may show: far outside them, date arithmetic (deadlines, timers) overflows
MANUAL_CLOCK_YEARS = (2000, 2099)


def _out_of_range() -> FormInvalid:
    first, last = MANUAL_CLOCK_YEARS
    return FormInvalid(f"手动时钟只能设在{first}年至{last}年之间", code="clock_out_of_range")


def advanced_by_days(instant: dt.datetime, days: float) -> dt.datetime:
    """Return ``instant`` moved by ``days``; raise FormInvalid when that leaves the calendar."""
    try:
        return instant + dt.timedelta(days=days)
    except OverflowError:
        raise _out_of_range() from None


class DatabaseManualClock:
    """A clock whose time an administrator sets; every process reads the same instant from the database."""

    def __init__(self, factory: sessionmaker[Session], start: dt.datetime | None = None):
        self._factory = factory
        self._start = start or dt.datetime.now(UTC).replace(microsecond=0)

    def now(self) -> dt.datetime:
        with self._factory() as session:
            row = session.get(ManualClock, _ROW_ID)
            return row.now if row is not None else self._start

    def set(self, instant: dt.datetime, note: dict | None = None) -> dt.datetime:
        """Move the shared clock to ``instant`` (forward or back).

        :raise FormInvalid: the instant is outside ``MANUAL_CLOCK_YEARS``.
        """
        if instant.tzinfo is None:
            raise ValueError("manual clock needs a timezone-aware instant")
        try:
            instant = instant.astimezone(UTC)
        except OverflowError:
            raise _out_of_range() from None
        if not MANUAL_CLOCK_YEARS[0] <= instant.year <= MANUAL_CLOCK_YEARS[1]:
            raise _out_of_range()
        with self._factory() as session, session.begin():
            row = session.get(ManualClock, _ROW_ID)
            if row is None:
                session.add(ManualClock(id=_ROW_ID, now=instant.astimezone(UTC), note=note or {}))
            else:
                row.now, row.note = instant.astimezone(UTC), note or {}
        return instant.astimezone(UTC)
