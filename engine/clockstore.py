"""The manual clock shared by the web app and the worker through the database (training, demos, tests)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker

from engine.clock import UTC
from engine.models.settings import ManualClock

_ROW_ID = 1


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
        """Move the shared clock to ``instant`` (forward or back)."""
        if instant.tzinfo is None:
            raise ValueError("manual clock needs a timezone-aware instant")
        with self._factory() as session, session.begin():
            row = session.get(ManualClock, _ROW_ID)
            if row is None:
                session.add(ManualClock(id=_ROW_ID, now=instant.astimezone(UTC), note=note or {}))
            else:
                row.now, row.note = instant.astimezone(UTC), note or {}
        return instant.astimezone(UTC)
