"""Deadlines of the Measures counted by the Civil Code's period rules (engine/deadlines.py, DOMAIN.md §2)."""
from __future__ import annotations

import calendar as gregorian
import datetime as dt

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from engine import deadlines
from engine.clock import UTC
from engine.clock import end_of_local_day
from engine.deadlines import EXTENSION_CAP
from engine.deadlines import REPLY_PERIODS
from engine.deadlines import START_PERIOD
from engine.deadlines import DayKind
from engine.deadlines import Deadline
from engine.deadlines import DeadlineSettings
from engine.deadlines import OfficialCalendar
from engine.deadlines import Period
from engine.deadlines import compute_deadline
from engine.deadlines import days_between
from engine.deadlines import extension_cap
from engine.vocabulary import WarningType

D = dt.date
OFFICIAL = OfficialCalendar()
#: An illustrative 2027 schedule (not the State Council's): New Year 1–3 January, make-up Saturday 9 January.
SCHEDULE_2027 = {
    D(2027, 1, 1): DayKind.HOLIDAY,
    D(2027, 1, 2): DayKind.HOLIDAY,
    D(2027, 1, 3): DayKind.HOLIDAY,
    D(2027, 1, 9): DayKind.WORKDAY,
}
WITH_2027 = OfficialCalendar(SCHEDULE_2027, [2027])
WORKING_DAYS = DeadlineSettings(working_days=True)
NO_ROLL = DeadlineSettings(roll_over_rest_days=False)


# --- the periods the Measures set -------------------------------------------------------------------------

def test_reply_periods_are_ten_days_ten_days_and_one_month_第二十八至三十条() -> None:
    """Inquiry and admonition get 10 days (第二十八、二十九条), ordered correction 1 month (第三十条)."""
    assert {
        WarningType.INQUIRY: Period(days=10),
        WarningType.ADMONITION: Period(days=10),
        WarningType.CORRECTION: Period(months=1),
    } == REPLY_PERIODS
    assert [REPLY_PERIODS[t].label_zh for t in WarningType] == ["10日", "10日", "1个月"]
    assert Period.of_days(7) == START_PERIOD
    assert Period.of_months(1) == EXTENSION_CAP
    assert EXTENSION_CAP.label_zh == "1个月"


@pytest.mark.parametrize("kwargs", [
    {}, {"days": 1, "months": 1}, {"days": -1}, {"months": -2}, {"days": True}, {"days": 1.5},
])
def test_period_is_exactly_one_positive_length(kwargs: dict) -> None:
    """Refuse a period that is empty, mixed, negative or not a whole number."""
    with pytest.raises(ValueError, match="Period"):
        Period(**kwargs)


# --- the worked examples ----------------------------------------------------------------------------------

def test_inquiry_reply_due_ten_days_after_receipt_第二十八条() -> None:
    """Received 20 November 2026 → reply due by the end of Monday 30 November (DOMAIN.md §2)."""
    deadline = compute_deadline(D(2026, 11, 20), REPLY_PERIODS[WarningType.INQUIRY], OFFICIAL)
    assert deadline == Deadline(
        start=D(2026, 11, 20), period=Period(days=10), due_date=D(2026, 11, 30),
        due_at=dt.datetime(2026, 11, 30, 16, 0, tzinfo=UTC), provisional=False,
    )
    assert deadline.due_date.weekday() == 0
    assert deadline.due_at.isoformat() == "2026-11-30T16:00:00+00:00"


def test_admonition_rectification_report_due_ten_days_after_receipt_第二十九条() -> None:
    """Admonished Wednesday 4 November 2026 → report due Saturday 14th, rolled to Monday 16th."""
    deadline = compute_deadline(D(2026, 11, 4), REPLY_PERIODS[WarningType.ADMONITION], OFFICIAL)
    assert deadline.due_date == D(2026, 11, 16)


def test_correction_due_one_calendar_month_after_receipt_第三十条() -> None:
    """Ordered on 16 November 2026 → rectified by the end of 16 December 2026."""
    deadline = compute_deadline(D(2026, 11, 16), REPLY_PERIODS[WarningType.CORRECTION], OFFICIAL)
    assert deadline.due_date == D(2026, 12, 16)
    assert deadline.due_at == dt.datetime(2026, 12, 16, 16, 0, tzinfo=UTC)


def test_implementation_must_start_within_seven_days_of_approval_第十七条() -> None:
    """Approved Monday 2 November 2026 → work starts by Monday 9 November; past National Day it rolls."""
    assert compute_deadline(D(2026, 11, 2), START_PERIOD, OFFICIAL).due_date == D(2026, 11, 9)
    assert compute_deadline(D(2026, 9, 27), START_PERIOD, OFFICIAL).due_date == D(2026, 10, 8)


# --- 《民法典》第二百零一至二百零三条 -----------------------------------------------------------------------

def test_start_day_is_not_counted_民法典第二百零一条() -> None:
    """A one-day period from Monday 2 November 2026 ends on Tuesday 3 November."""
    assert compute_deadline(D(2026, 11, 2), Period.of_days(1), OFFICIAL).due_date == D(2026, 11, 3)


@pytest.mark.parametrize(("start", "due"), [
    (D(2024, 1, 31), D(2024, 2, 29)),   # leap year
    (D(2025, 1, 31), D(2025, 2, 28)),
    (D(2026, 3, 31), D(2026, 4, 30)),
])
def test_month_without_corresponding_day_ends_on_its_last_day_民法典第二百零二条(
        start: dt.date, due: dt.date) -> None:
    """Received on the 31st, one month → the last day of the shorter month."""
    assert compute_deadline(start, Period.of_months(1), OFFICIAL, NO_ROLL).due_date == due
    assert compute_deadline(start, Period.of_months(1), OFFICIAL).due_date == due  # all working days


def test_month_period_ends_on_corresponding_day_across_year_end_民法典第二百零二条() -> None:
    """Received 15 December 2025, one month → 15 January 2026; twelve months → 15 December 2026."""
    assert compute_deadline(D(2025, 12, 15), Period.of_months(1), OFFICIAL).due_date == D(2026, 1, 15)
    assert compute_deadline(D(2025, 12, 15), Period.of_months(12), OFFICIAL).due_date == D(2026, 12, 15)


def test_due_day_inside_national_day_holiday_rolls_to_first_working_day_after_it_民法典第二百零三条() -> None:
    """Received 24 September 2026 → 4 October is inside the 1–7 October holiday → due Thursday 8 October."""
    deadline = compute_deadline(D(2026, 9, 24), Period.of_days(10), OFFICIAL)
    assert deadline.due_date == D(2026, 10, 8)
    assert deadline.due_at == dt.datetime(2026, 10, 8, 16, 0, tzinfo=UTC)


def test_due_day_on_make_up_working_saturday_does_not_roll_民法典第二百零三条() -> None:
    """Received 30 September 2026 → Saturday 10 October is an official make-up working day: due that day."""
    assert D(2026, 10, 10).weekday() == 5
    assert compute_deadline(D(2026, 9, 30), Period.of_days(10), OFFICIAL).due_date == D(2026, 10, 10)


def test_due_day_on_weekend_rolls_to_monday_民法典第二百零三条() -> None:
    """Received Wednesday 11 November 2026 → Saturday 21st → due Monday 23 November."""
    assert compute_deadline(D(2026, 11, 11), Period.of_days(10), OFFICIAL).due_date == D(2026, 11, 23)


def test_roll_over_is_a_deployment_setting_民法典第二百零三条() -> None:
    """With roll-over switched off a deadline may end on a holiday (DOMAIN.md §2: a deployment setting)."""
    assert compute_deadline(D(2026, 9, 24), Period.of_days(10), OFFICIAL, NO_ROLL).due_date == D(2026, 10, 4)


def test_last_day_ends_at_24_00_china_time_民法典第二百零三条() -> None:
    """The due instant is the next local midnight: 16:00 UTC on the due date."""
    deadline = compute_deadline(D(2026, 12, 22), Period.of_days(1), OFFICIAL)
    assert deadline.due_at == end_of_local_day(D(2026, 12, 23))
    assert deadline.due_at == dt.datetime(2026, 12, 23, 16, 0, tzinfo=UTC)
    assert deadline.due_at.tzinfo is not None


def test_start_must_be_a_local_date_not_an_instant() -> None:
    """Refuse a datetime: which China-time day an instant falls on is decided before counting (clock.py)."""
    with pytest.raises(TypeError):
        compute_deadline(dt.datetime(2026, 11, 20, 9, 0, tzinfo=UTC), Period.of_days(10), OFFICIAL)


# --- years without a known official schedule -------------------------------------------------------------

def test_deadline_in_2027_is_provisional_until_its_schedule_is_entered_民法典第二百零三条() -> None:
    """Received 22 December 2026 → Friday 1 January 2027, provisional; with New Year entered → 4 January."""
    before = compute_deadline(D(2026, 12, 22), Period.of_days(10), OFFICIAL)
    assert (before.due_date, before.provisional) == (D(2027, 1, 1), True)
    after = compute_deadline(D(2026, 12, 22), Period.of_days(10), WITH_2027)
    assert (after.due_date, after.provisional) == (D(2027, 1, 4), False)


def test_unknown_year_counts_weekends_as_rest_days_民法典第二百零三条() -> None:
    """In an unknown year a due Saturday still rolls to Monday, and the result is provisional."""
    deadline = compute_deadline(D(2027, 1, 6), Period.of_days(10), OFFICIAL)
    assert (deadline.due_date, deadline.provisional) == (D(2027, 1, 18), True)


def test_entered_make_up_saturday_does_not_roll_民法典第二百零三条() -> None:
    """An entered make-up working Saturday (9 January 2027) is a working day: no roll-over."""
    assert compute_deadline(D(2026, 12, 30), Period.of_days(10), OFFICIAL).due_date == D(2027, 1, 11)
    assert compute_deadline(D(2026, 12, 30), Period.of_days(10), WITH_2027).due_date == D(2027, 1, 9)


def test_entered_schedule_wins_over_chinese_calendar() -> None:
    """An administrator's entry for a year the package knows (a late amendment) takes precedence."""
    amended = OfficialCalendar({D(2026, 11, 30): DayKind.HOLIDAY, D(2026, 10, 4): DayKind.WORKDAY}, [2026])
    assert compute_deadline(D(2026, 11, 20), Period.of_days(10), amended).due_date == D(2026, 12, 1)
    # Entering a year replaces the whole year: days not entered follow the weekday rule only.
    assert not amended.is_rest_day(D(2026, 10, 4))
    assert not amended.is_rest_day(D(2026, 10, 5))
    assert amended.is_rest_day(D(2026, 10, 11))


def test_known_years_are_entered_or_in_chinese_calendar() -> None:
    """2026 is known from the package, 2027 only once entered; a day outside an entered year is refused."""
    assert OFFICIAL.is_known_year(2026)
    assert not OFFICIAL.is_known_year(2027)
    assert WITH_2027.is_known_year(2027)
    assert OfficialCalendar({}, [2031]).is_known_year(2031)
    with pytest.raises(ValueError, match="2028"):
        OfficialCalendar({D(2028, 1, 1): DayKind.HOLIDAY}, [2027])
    assert OfficialCalendar({D(2027, 1, 1): "holiday"}, [2027]).is_rest_day(D(2027, 1, 1))


def test_chinese_calendar_is_probed_once_per_year(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ask the package about a year once, however many calendars and days are checked."""
    calls: list[dt.date] = []
    real = chinese_calendar.is_holiday

    def counting(day: dt.date) -> bool:
        calls.append(day)
        return real(day)

    deadlines._library_knows.cache_clear()
    monkeypatch.setattr(chinese_calendar, "is_holiday", counting)
    try:
        for _ in range(3):
            assert not OfficialCalendar().is_known_year(2027)
        assert calls.count(D(2027, 1, 1)) == 1
    finally:
        deadlines._library_knows.cache_clear()


# --- working-days mode (deployment setting) ---------------------------------------------------------------

def test_working_days_mode_counts_only_working_days() -> None:
    """Received Friday 20 November 2026, 10 working days → Friday 4 December 2026."""
    deadline = compute_deadline(D(2026, 11, 20), Period.of_days(10), OFFICIAL, WORKING_DAYS)
    assert deadline.due_date == D(2026, 12, 4)


def test_working_days_mode_skips_holidays_and_counts_make_up_days() -> None:
    """From 30 September 2026, 7 working days: 8, 9, 10 (make-up Saturday), 12, 13, 14, 15 October."""
    assert compute_deadline(D(2026, 9, 30), START_PERIOD, OFFICIAL, WORKING_DAYS).due_date == D(2026, 10, 15)


def test_working_days_mode_keeps_calendar_months_第三十条() -> None:
    """A month stays a calendar month in working-days mode (DOMAIN.md §2)."""
    deadline = compute_deadline(D(2026, 11, 16), Period.of_months(1), OFFICIAL, WORKING_DAYS)
    assert deadline.due_date == D(2026, 12, 16)


# --- extensions (第三十条) ---------------------------------------------------------------------------------

def test_extension_cap_is_original_due_date_plus_one_month_第三十条() -> None:
    """All extensions together may not pass original due + 1 month: 30 November 2026 → 30 December 2026."""
    cap = extension_cap(D(2026, 11, 30), OFFICIAL)
    assert (cap.start, cap.period, cap.due_date) == (D(2026, 11, 30), EXTENSION_CAP, D(2026, 12, 30))
    assert not cap.provisional
    assert extension_cap(D(2026, 3, 31), OFFICIAL).due_date == D(2026, 4, 30)


def test_extension_cap_rolls_over_a_holiday_第三十条() -> None:
    """Original due 4 September 2026 → 4 October is inside National Day → the cap is 8 October."""
    assert extension_cap(D(2026, 9, 4), OFFICIAL).due_date == D(2026, 10, 8)
    assert extension_cap(D(2026, 9, 4), OFFICIAL, NO_ROLL).due_date == D(2026, 10, 4)


def test_extension_cap_into_unknown_year_is_provisional_第三十条() -> None:
    """A cap that lands in 2027 is provisional until 2027's schedule is entered."""
    assert extension_cap(D(2026, 12, 16), OFFICIAL).provisional
    assert not extension_cap(D(2026, 12, 16), WITH_2027).provisional


def test_days_between_counts_calendar_days_for_extension_used_第三十条() -> None:
    """Extension used from 30 November to 30 December 2026 is 30 calendar days; order matters."""
    assert days_between(D(2026, 11, 30), D(2026, 12, 30)) == 30
    assert days_between(D(2026, 11, 30), D(2026, 11, 30)) == 0
    with pytest.raises(ValueError, match="before"):
        days_between(D(2026, 12, 30), D(2026, 11, 30))


# --- properties -------------------------------------------------------------------------------------------

starts = st.dates(min_value=D(2020, 1, 1), max_value=D(2028, 6, 30))
day_periods = st.integers(min_value=1, max_value=60).map(Period.of_days)
month_periods = st.integers(min_value=1, max_value=14).map(Period.of_months)
periods = st.one_of(day_periods, month_periods)
calendars = st.sampled_from([OFFICIAL, WITH_2027])
all_settings = st.builds(DeadlineSettings, working_days=st.booleans(), roll_over_rest_days=st.booleans())
rolling_settings = st.builds(DeadlineSettings, working_days=st.booleans(), roll_over_rest_days=st.just(True))


@settings(deadline=None)
@given(starts, periods, calendars, all_settings)
def test_due_date_is_after_start_民法典第二百零一条(start, period, calendar, setting) -> None:
    """The start day is not counted, so the last day is always later than the start."""
    deadline = compute_deadline(start, period, calendar, setting)
    assert deadline.due_date > start
    assert deadline.due_at == end_of_local_day(deadline.due_date)


@settings(deadline=None)
@given(starts, periods, calendars, rolling_settings)
def test_with_roll_over_due_date_is_first_working_day_from_the_last_day_民法典第二百零三条(
        start, period, calendar, setting) -> None:
    """With roll-over on the due date is never a rest day, and no working day was skipped to reach it."""
    due = compute_deadline(start, period, calendar, setting).due_date
    assert not calendar.is_rest_day(due)
    unrolled_setting = DeadlineSettings(working_days=setting.working_days, roll_over_rest_days=False)
    unrolled = compute_deadline(start, period, calendar, unrolled_setting).due_date
    assert unrolled <= due
    skipped = [unrolled + dt.timedelta(days=i) for i in range((due - unrolled).days)]
    assert all(calendar.is_rest_day(day) for day in skipped)


@settings(deadline=None)
@given(starts, starts, periods, calendars, all_settings)
def test_later_start_never_gives_earlier_due_date(first, second, period, calendar, setting) -> None:
    """Deadlines are monotone in the start date (a later receipt never shortens the period)."""
    earlier, later = sorted((first, second))
    assert (compute_deadline(earlier, period, calendar, setting).due_date
            <= compute_deadline(later, period, calendar, setting).due_date)


@settings(deadline=None)
@given(starts, st.integers(min_value=1, max_value=60), calendars, st.booleans())
def test_calendar_days_give_start_plus_n_when_no_rest_day_is_in_the_way_民法典第二百零一条(
        start, n, calendar, roll_over) -> None:
    """In calendar-day mode the last day is start + n, unless roll-over moves it off a rest day."""
    setting = DeadlineSettings(roll_over_rest_days=roll_over)
    due = compute_deadline(start, Period.of_days(n), calendar, setting).due_date
    last_day = start + dt.timedelta(days=n)
    if not roll_over or not calendar.is_rest_day(last_day):
        assert due == last_day


@settings(deadline=None)
@given(starts, st.integers(min_value=1, max_value=14), calendars, st.booleans())
def test_month_periods_land_on_same_day_of_month_or_month_end_民法典第二百零二条(
        start, n, calendar, working) -> None:
    """Before roll-over a month period ends n months on, on the same day or that month's last day."""
    setting = DeadlineSettings(working_days=working, roll_over_rest_days=False)
    due = compute_deadline(start, Period.of_months(n), calendar, setting).due_date
    assert (due.year * 12 + due.month) - (start.year * 12 + start.month) == n
    last_of_month = gregorian.monthrange(due.year, due.month)[1]
    assert due.day == start.day or (due.day < start.day and due.day == last_of_month)


@settings(deadline=None)
@given(starts, st.integers(min_value=1, max_value=60), calendars, st.booleans())
def test_working_days_mode_counts_exactly_n_working_days(start, n, calendar, roll_over) -> None:
    """In working-days mode exactly n working days follow the start, the last of them the due date."""
    setting = DeadlineSettings(working_days=True, roll_over_rest_days=roll_over)
    due = compute_deadline(start, Period.of_days(n), calendar, setting).due_date
    counted = [start + dt.timedelta(days=i) for i in range(1, (due - start).days + 1)]
    assert sum(not calendar.is_rest_day(day) for day in counted) == n
    assert not calendar.is_rest_day(due)


@settings(deadline=None)
@given(starts, periods, calendars, all_settings)
def test_provisional_exactly_when_a_year_from_start_to_due_is_unknown(
        start, period, calendar, setting) -> None:
    """A deadline is provisional iff some year it touched has no known official schedule (DOMAIN.md §2)."""
    deadline = compute_deadline(start, period, calendar, setting)
    years = range(start.year, deadline.due_date.year + 1)
    assert deadline.provisional == any(not calendar.is_known_year(year) for year in years)
