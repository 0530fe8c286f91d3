"""Recompute deadlines once a year's official holiday schedule is entered (DOMAIN.md §2).

Until the State Council's schedule for a year is entered, a deadline falling in it counts weekends only and
is marked provisional. When an administrator enters (or corrects) the schedule, every open case's
deadlines that fall in that year are computed again from the dates they were computed from — the receipt
date (第二十八、二十九、三十条) and the approval date (第十七条) — and the running deadline timer moves with
them, in the same transaction as the schedule.

Two decisions, written down because the Measures are silent:

* An extension already granted (第三十条) is a date notified to the subject in writing; it is kept as it is.
  Only the original due date and the one-month cap move; a granted date past a cap that moved earlier is
  kept and said so in the audit event.
* A period whose timer has already fired (the case is overdue, an escalation decision is under way) is not
  reopened: the deadline passed while the schedule was still missing, and what followed is on record.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import extract
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import Actor
from engine.calendars import deadline_settings
from engine.calendars import load_calendar
from engine.clock import Clock
from engine.clock import end_of_local_day
from engine.deadlines import REPLY_PERIODS
from engine.deadlines import START_PERIOD
from engine.deadlines import DeadlineSettings
from engine.deadlines import OfficialCalendar
from engine.deadlines import compute_deadline
from engine.deadlines import extension_cap
from engine.models.cases import Case
from engine.models.cases import CaseStatus
from engine.models.cases import of_case
from engine.models.instances import ProcessInstance
from engine.runtime import LoadedInstance
from engine.runtime import armed_timers
from engine.runtime import load_instance
from engine.runtime import save
from engine.runtime import set_timer_due
from engine.vocabulary import WarningType

#: the workflow variable the deadline's boundary timers read (processes/measures/correction_supervision.bpmn and
#: processes/measures/reply_supervision.bpmn)
DEADLINE_VARIABLE = "current_due_at"
_DATE_FIELDS = ("start_due_date", "original_due_date", "current_due_date", "extension_cap_date")


@dataclass(frozen=True)
class RecomputedDeadline:
    """One case whose deadlines changed, with the dates before and after."""

    case_id: int
    case_number: str
    before: dict[str, str | None]
    after: dict[str, str | None]


def _dates(case: Case) -> dict[str, str | None]:
    return {name: getattr(case, name).isoformat() if getattr(case, name) else None for name in _DATE_FIELDS}


def _cases_touching(session: Session, year: int) -> list[Case]:
    in_year = [extract("year", getattr(Case, name)) == year for name in _DATE_FIELDS]
    return list(session.execute(
        select(Case).where(Case.status != CaseStatus.CLOSED, or_(Case.due_provisional.is_(True), *in_year))
        .order_by(Case.id)
    ).scalars())


def _deadline_timers(loaded: LoadedInstance) -> list[UUID]:
    """The armed timers that watch the reply or rectification deadline."""
    found = []
    for uuid, _bpmn_id, _due in armed_timers(loaded.workflow):
        task = loaded.workflow.get_task_from_id(UUID(uuid))
        if getattr(task.task_spec.event_definition, "expression", "").strip() == DEADLINE_VARIABLE:
            found.append(task.id)
    return found


def _instance_of(session: Session, case: Case) -> int:
    return session.execute(select(ProcessInstance.id).where(of_case(ProcessInstance, case.id))).scalar_one()


def _running_period(session: Session, case: Case) -> tuple[LoadedInstance, list[UUID]] | None:
    """Load the case's instance when a deadline timer is armed; None when the period is over."""
    loaded = load_instance(session, _instance_of(session, case))
    timers = _deadline_timers(loaded)
    return (loaded, timers) if timers else None


def _move_timers(loaded: LoadedInstance, timers: list[UUID], due_at: dt.datetime) -> None:
    for timer_id in timers:
        set_timer_due(loaded, str(timer_id), due_at)
        # The waiting step beside the timer carries the variable on: a later loop re-arms the timer from it.
        for task in loaded.workflow.get_task_from_id(timer_id).parent.children:
            if DEADLINE_VARIABLE in task.data:
                task.data[DEADLINE_VARIABLE] = due_at.isoformat()


def _recompute_period(session: Session, clock: Clock, case: Case, calendar: OfficialCalendar,
                      settings: DeadlineSettings) -> bool:
    """Recompute the reply or rectification period; True when the instance was saved with a moved timer."""
    deadline = compute_deadline(case.received_on, REPLY_PERIODS[WarningType(case.warning_type)], calendar, settings)
    extended = case.current_due_date != case.original_due_date
    running = None
    if not extended and deadline.due_date != case.current_due_date:
        running = _running_period(session, case) if case.replied_on is None else None
        if running is None:
            return False
        case.current_due_date = deadline.due_date
    case.original_due_date = deadline.due_date
    case.due_provisional = deadline.provisional
    if case.extension_cap_date is not None:
        cap = extension_cap(deadline.due_date, calendar, settings)
        case.extension_cap_date = cap.due_date
        case.due_provisional = deadline.provisional or cap.provisional
    if running is not None:
        loaded, timers = running
        _move_timers(loaded, timers, end_of_local_day(deadline.due_date))
        # save() re-projects the open step's due date from the case and the job's from the timer.
        save(session, loaded, clock)
        return True
    return False


def recompute_provisional_deadlines(
    session: Session, clock: Clock, actor: Actor, year: int
) -> list[RecomputedDeadline]:
    """Compute again every open case's deadlines that fall in ``year``, with the schedule now entered.

    Call it in the transaction that stores the schedule; each changed case gets one audit event.
    """
    calendar, settings = load_calendar(session), deadline_settings(session)
    changed: list[RecomputedDeadline] = []
    for case in _cases_touching(session, year):
        before = _dates(case)
        was_provisional = case.due_provisional
        if case.approved_on is not None and case.start_due_date is not None:
            case.start_due_date = compute_deadline(case.approved_on, START_PERIOD, calendar, settings).due_date
        saved = False
        if case.received_on is not None and case.original_due_date is not None and case.warning_type:
            saved = _recompute_period(session, clock, case, calendar, settings)
        after = _dates(case)
        if after == before and case.due_provisional == was_provisional:
            continue
        if not saved and after != before:
            # Re-project the open steps' due dates (the 7-day start, 第十七条) from the changed case.
            save(session, load_instance(session, _instance_of(session, case)), clock)
        kept = (case.extension_cap_date is not None and case.current_due_date is not None
                and case.current_due_date > case.extension_cap_date)
        audit.record(session, clock, actor, "case.deadlines_recomputed", "case", case.id, case_id=case.id,
                     before={**before, "provisional": was_provisional},
                     after={**after, "provisional": case.due_provisional, "year": year},
                     reason="已准予的延期日期晚于重算后的上限,按已送达的延期通知保留" if kept else None)
        changed.append(RecomputedDeadline(case.id, case.number, before, after))
    return changed


def open_case_deadlines(session: Session) -> list[tuple[dt.date | None, dt.date | None, bool]]:
    """The open cases' current deadline, extension cap and whether the deadline is provisional (the calendar
    page counts what each year's schedule affects: engine/operations/admin.py ``calendar_overview``)."""
    rows = session.execute(select(Case.current_due_date, Case.extension_cap_date, Case.due_provisional)
                           .where(Case.status == CaseStatus.OPEN)).all()
    return [(due, cap, bool(provisional)) for due, cap, provisional in rows]
