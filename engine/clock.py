"""The one source of "now" for the engine (SECURITY.md 11).

Every engine function that needs the time takes a Clock. Dates that the Measures count in
(receipt, approval, due dates) are local dates in China Standard Time; instants are stored in UTC.
"""
from __future__ import annotations

import datetime as dt
from typing import Protocol
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Shanghai")
UTC = dt.UTC


class Clock(Protocol):
    """Anything that can tell the current instant."""

    def now(self) -> dt.datetime:
        """Return the current instant, timezone-aware, in UTC."""


def local_today(clock: Clock) -> dt.date:
    """Return today's date in China Standard Time, the calendar the Measures count in."""
    return clock.now().astimezone(LOCAL_TZ).date()


class SystemClock:
    """Wall-clock time; the production clock."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(UTC)


class FixedClock:
    """A clock that only moves when told to: tests, training and the manual-clock mode."""

    def __init__(self, start: dt.datetime | None = None):
        start = start or dt.datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
        if start.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> dt.datetime:
        return self._now

    def set(self, instant: dt.datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self._now = instant.astimezone(UTC)

    def advance(self, **delta: float) -> dt.datetime:
        self._now = self._now + dt.timedelta(**delta)
        return self._now


def end_of_local_day(day: dt.date) -> dt.datetime:
    """Return the UTC instant at which a local day ends (24:00, 《民法典》第二百零三条)."""
    next_midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), tzinfo=LOCAL_TZ)
    return next_midnight.astimezone(UTC)
