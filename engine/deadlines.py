"""Legal deadlines of the Measures, computed by the Civil Code's rules on periods (DOMAIN.md §2).

The Measures set the lengths (第十七、二十二、二十八、二十九、三十条) but no method of counting, so the
general rules of 《民法典》第二百零一至二百零四条 apply: the start day is not counted, a month ends on the
corresponding day (or the month's last day), a last day that is a rest day moves to the next working day,
and the last day ends at 24:00. The engine hands BPMN timers the resulting absolute instant, never an ISO
duration, because SpiffWorkflow's own arithmetic does not follow these rules (P1M from 31 January gives
3 March).
"""
from __future__ import annotations

import calendar as _gregorian
import datetime as dt
import functools
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

import chinese_calendar

from engine.clock import end_of_local_day
from engine.vocabulary import WarningType

_ONE_DAY = dt.timedelta(days=1)
_SATURDAY = 5


@dataclass(frozen=True)
class Period:
    """A length of time set by the Measures: a number of days or a number of months, never both."""

    days: int = 0
    months: int = 0

    def __post_init__(self) -> None:
        """Refuse a period the Measures could not mean: empty, mixed, negative or fractional."""
        for name in ("days", "months"):
            value = getattr(self, name)
            # bool is an int subclass; Period(days=True) is a bug, not one day.
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"Period.{name} must be a non-negative int, got {value!r}")
        if (self.days == 0) == (self.months == 0):
            raise ValueError("a Period is either days or months, exactly one of them positive")

    @classmethod
    def of_days(cls, n: int) -> Period:
        """Return a period of n days."""
        return cls(days=n)

    @classmethod
    def of_months(cls, n: int) -> Period:
        """Return a period of n months."""
        return cls(months=n)

    @property
    def label_zh(self) -> str:
        """Return the period as the Measures write it: "10日" or "1个月"."""
        return f"{self.days}日" if self.days else f"{self.months}个月"


#: 接到询问函或谈话后10日内书面说明 (第二十二、二十八条); 警示诫勉10日内书面报告整改情况 (第二十九条,
#: the text says "在10内", read as 10 days per DOMAIN.md §2); 责令纠错1个月内整改到位 (第三十条).
REPLY_PERIODS: dict[WarningType, Period] = {
    WarningType.INQUIRY: Period(days=10),
    WarningType.ADMONITION: Period(days=10),
    WarningType.CORRECTION: Period(months=1),
}

#: 批准之日起7日内组织实施 (第十七条).
START_PERIOD = Period(days=7)

#: 延长整改期限累计不得超过1个月 (第三十条), counted from the original due date.
EXTENSION_CAP = Period(months=1)


@dataclass(frozen=True)
class DeadlineSettings:
    """How a deployment counts: the default is calendar days with rest-day roll-over (DOMAIN.md §2)."""

    #: count "N日" as N working days; months stay calendar months either way
    working_days: bool = False
    #: move a last day that is a rest day to the next working day (《民法典》第二百零三条)
    roll_over_rest_days: bool = True


_DEFAULT_SETTINGS = DeadlineSettings()


class DayKind(StrEnum):
    """What an administrator entered for a day: a rest day or a make-up working day."""

    HOLIDAY = "holiday"   # 法定节假日 (including weekend days inside a holiday block)
    WORKDAY = "workday"   # 调休上班日 (a weekend day worked to make up for a holiday)


_NO_DAYS: Mapping[dt.date, DayKind] = MappingProxyType({})


@functools.cache
def _library_knows(year: int) -> bool:
    # chinese_calendar raises for any year outside its table; its data never changes while we run,
    # so one probe per year for the whole process is enough.
    try:
        chinese_calendar.is_holiday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


class OfficialCalendar:
    """The State Council's holiday and make-up working-day schedule, with administrator-entered years."""

    def __init__(self, entered_days: Mapping[dt.date, DayKind] = _NO_DAYS, entered_years: Iterable[int] = ()):
        """Build the calendar; every entered day must belong to an entered year.

        :raise ValueError: when a day is entered for a year that is not entered, which would leave that
            year half-known (the database's foreign key from calendar_day to calendar_year forbids it).
        """
        self._entered_years = frozenset(entered_years)
        self._entered_days = {day: DayKind(kind) for day, kind in entered_days.items()}
        stray = sorted({day.year for day in self._entered_days} - self._entered_years)
        if stray:
            raise ValueError(f"days entered for years whose schedule was not entered: {stray}")

    def is_rest_day(self, day: dt.date) -> bool:
        """Return whether no one works on the day: a holiday, or a weekend day that is not a make-up day."""
        if day.year in self._entered_years:
            # An entered schedule wins even over chinese_calendar, so an administrator can apply a late
            # State Council amendment without waiting for a package release.
            kind = self._entered_days.get(day)
            if kind is not None:
                return kind is DayKind.HOLIDAY
            return day.weekday() >= _SATURDAY
        if _library_knows(day.year):
            return chinese_calendar.is_holiday(day)
        # Unknown year: weekends only, and the deadline is marked provisional (DOMAIN.md §2).
        return day.weekday() >= _SATURDAY

    def is_known_year(self, year: int) -> bool:
        """Return whether the official schedule of the year is known (entered, or in chinese_calendar)."""
        return year in self._entered_years or _library_knows(year)


@dataclass(frozen=True)
class Deadline:
    """A computed deadline: the last day, and the UTC instant that day ends (24:00 China time)."""

    #: the day the period runs from (receipt, approval, original due date); not itself counted
    start: dt.date
    period: Period
    #: the last day of the period, after any rest-day roll-over
    due_date: dt.date
    #: the instant due_date ends, 24:00 Asia/Shanghai, in UTC (《民法典》第二百零三条)
    due_at: dt.datetime
    #: some year from start to due_date has no known schedule; recompute once it is entered
    provisional: bool


def _add_months(start: dt.date, months: int) -> dt.date:
    # 《民法典》第二百零二条: the corresponding day of the final month, or its last day if it has none.
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(start.day, _gregorian.monthrange(year, month)[1]))


def _add_working_days(start: dt.date, days: int, calendar: OfficialCalendar) -> dt.date:
    # The start day is not counted (《民法典》第二百零一条) even when it is a working day.
    day = start
    remaining = days
    while remaining:
        day += _ONE_DAY
        if not calendar.is_rest_day(day):
            remaining -= 1
    return day


def _roll_over(day: dt.date, calendar: OfficialCalendar) -> dt.date:
    # 《民法典》第二百零三条: a last day that is a rest day is replaced by the first working day after it.
    while calendar.is_rest_day(day):
        day += _ONE_DAY
    return day


def compute_deadline(start: dt.date, period: Period, calendar: OfficialCalendar,
                     settings: DeadlineSettings = _DEFAULT_SETTINGS) -> Deadline:
    """Compute the last day of a period running from a recorded local date (《民法典》第二百零一至二百零四条).

    :raise TypeError: when start is a datetime: which local day an instant falls on is the caller's
        decision (engine.clock.local_today), not something to guess here.
    """
    if isinstance(start, dt.datetime) or not isinstance(start, dt.date):
        raise TypeError(f"start must be a date, got {type(start).__name__}")
    if period.months:
        due = _add_months(start, period.months)
    elif settings.working_days:
        due = _add_working_days(start, period.days, calendar)
    else:
        due = start + dt.timedelta(days=period.days)
    if settings.roll_over_rest_days:
        due = _roll_over(due, calendar)
    # Every year the count passed through decides the result (working days are counted in it, a roll-over
    # may cross New Year), so any unknown one makes the date provisional.
    provisional = any(not calendar.is_known_year(year) for year in range(start.year, due.year + 1))
    return Deadline(start=start, period=period, due_date=due, due_at=end_of_local_day(due),
                    provisional=provisional)


def extension_cap(original_due: dt.date, calendar: OfficialCalendar,
                  settings: DeadlineSettings = _DEFAULT_SETTINGS) -> Deadline:
    """Compute the latest due date all extensions of one correction together may reach (第三十条)."""
    # "累计不得超过1个月" is itself a period running from the original due date, so it is counted by the
    # same rules, roll-over included.
    return compute_deadline(original_due, EXTENSION_CAP, calendar, settings)


def days_between(earlier: dt.date, later: dt.date) -> int:
    """Return the calendar days from one date to a later one, e.g. the extension already used (第三十条).

    :raise ValueError: when later is before earlier.
    """
    if later < earlier:
        raise ValueError(f"{later} is before {earlier}")
    return (later - earlier).days

