"""The late/missing reporting board (issue 13 §2): each unit of the network and its monthly report's state.

「001 三、1」(第一篇, the finance bureau's 采集信息): a unit's information officers report to the unit's office
before the 25th of each month and the unit reports to the county warning centre on the 28th. The states are
read from the ``info_monthly_report`` instances (monthly_report.bpmn) and their two report steps:

* 已报送 (``reported``): the unit's step ``unit_report`` is done; its date, and its item count or 零报告 (a
  month with nothing to report is a report, issue 13 §2), with the days it came after the 28th if it did;
* 逾期未报 (``overdue``): not reported and the 28th is past, or the officers' step still open after the 25th;
  the days late are counted from that day (day-level, China time);
* 未到期 (``pending``): the month's report is running and no day has passed;
* 未发起 (``not_started``): no report instance for that unit and month (the schedule was held, or the unit
  joined the network later).

The instances record neither their month nor their unit in a column. The month is the occurrence the
timer start fired for (the ``due_at`` of the audit event ``instance.started``, engine.operations.instances
``start_on_schedule``), else the day the instance started on, in China time; the timer starts on the 20th,
so both fall in the month reported on. The unit is the one the report steps are held in (``HumanTask.unit_id``,
resolved from the step's scope): the shipped diagram's county scope puts them in the root unit, so today
the county commission's own report is the one that shows; an instance per unit will show under its unit.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.clock import LOCAL_TZ
from engine.clock import Clock
from engine.clock import end_of_local_day
from engine.clock import local_today
from engine.county import county_commission_id
from engine.errors import FormInvalid
from engine.errors import NotPermitted
from engine.models import AuditEvent
from engine.models import HumanTask
from engine.models import ProcessInstance
from engine.models import Unit
from engine.models import User
from engine.models.definitions import ProcessDefinition
from engine.models.people import RoleAssignment
from processes.info_network.access import COUNTY_READER_ROLES

PROCESS_KEY = "info_monthly_report"
#: 「001 三、1」 信息员每月25日前向单位报送;单位每月28日向县预警中心报送 (both counted to the end of the day)
OFFICERS_DAY = 25
UNIT_DAY = 28
#: the roles whose holders make a unit one of the network's reporting units (「002 一(三)」)
NETWORK_ROLES = ("info_officer", "info_office")

#: the board's states, worst first, and their labels
STATE_LABELS: dict[str, str] = {
    "overdue": "逾期未报",
    "not_started": "未发起",
    "pending": "未到期",
    "reported": "已报送",
}
STATE_ORDER = {state: rank for rank, state in enumerate(STATE_LABELS)}

_MONTH = re.compile(r"(\d{4})-(\d{2})")


def parse_month(text: str | None, clock: Clock) -> dt.date:
    """Return the first day of the month ``YYYY-MM`` (this month in China time when absent); refuse any other."""
    if text is None or text == "":
        return local_today(clock).replace(day=1)
    found = _MONTH.fullmatch(text.strip())
    if found is None or not 2000 <= int(found[1]) <= 2100 or not 1 <= int(found[2]) <= 12:
        raise FormInvalid("月份格式不正确", details={"month": ["月份应为“年-月”,例如2030-01"]})
    return dt.date(int(found[1]), int(found[2]), 1)


@dataclass(frozen=True)
class BoardRow:
    """One unit's monthly report in the chosen month."""

    unit_id: int
    unit_name: str
    state: str
    instance_id: int | None = None
    #: the day the unit reported (China time), its item count, and whether it was a 零报告
    reported_on: dt.date | None = None
    item_count: int | None = None
    zero_report: bool = False
    #: days past the day that was missed (overdue), or that the report came after the 28th (reported)
    days_late: int = 0
    #: which day was missed: ``unit`` (the 28th) or ``officers`` (the 25th)
    late_step: str | None = None

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass(frozen=True)
class Board:
    """The month's rows, worst first, and how many units are in each state."""

    month: dt.date
    officers_due: dt.date
    unit_due: dt.date
    rows: list[BoardRow]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATE_LABELS, 0)
        for row in self.rows:
            counts[row.state] += 1
        return counts


def board_units(session: Session, user: User) -> frozenset[int] | None:
    """The units whose reports ``user`` sees: None for every unit (the county centre, supervisors and the
    county's other readers), else the units where they hold the information office; refuse anyone else."""
    root_id = county_commission_id(session)  # the county commission (engine.county)
    roles = {(r.role, r.unit_id) for r in user.roles}
    if any(role in COUNTY_READER_ROLES or (role == "info_office" and unit_id == root_id) for role, unit_id in roles):
        return None
    units = frozenset(unit_id for role, unit_id in roles if role == "info_office")
    if not units:
        raise NotPermitted("只有县预警中心、督办人员或单位预警信息办公室可以查看月度报送情况")
    return units


def _instance_months(session: Session, instances: list[ProcessInstance]) -> dict[int, dt.date]:
    """The month each instance reports on: its timer occurrence, else its start day (both in China time)."""
    due = {}
    if instances:
        for object_id, after in session.execute(select(AuditEvent.object_id, AuditEvent.after).where(
                AuditEvent.action == "instance.started", AuditEvent.object_type == "instance",
                AuditEvent.object_id.in_([str(i.id) for i in instances]))).all():
            if after and after.get("due_at"):
                due[int(object_id)] = dt.datetime.fromisoformat(after["due_at"])
    return {i.id: due.get(i.id, i.created_at).astimezone(LOCAL_TZ).date().replace(day=1) for i in instances}


def _days_after(day: dt.date, instant: dt.datetime) -> int:
    """Whole days ``instant`` (China time) lies after the end of ``day``; 0 on or before it."""
    return max(0, (instant.astimezone(LOCAL_TZ).date() - day).days)


def _row(unit: Unit, instance: ProcessInstance | None, tasks: list[HumanTask], board: Board,
         now: dt.datetime) -> BoardRow:
    if instance is None:
        return BoardRow(unit.id, unit.name, "not_started")
    steps = {task.bpmn_id: task for task in tasks}
    unit_step = steps.get("unit_report")
    if unit_step is not None and unit_step.completed_at is not None:
        data = unit_step.submitted or {}
        return BoardRow(unit.id, unit.name, "reported", instance.id,
                        reported_on=unit_step.completed_at.astimezone(LOCAL_TZ).date(),
                        item_count=data.get("item_count"), zero_report=bool(data.get("zero_report")),
                        days_late=_days_after(board.unit_due, unit_step.completed_at),
                        late_step="unit" if unit_step.completed_at >= end_of_local_day(board.unit_due) else None)
    if now >= end_of_local_day(board.unit_due):
        return BoardRow(unit.id, unit.name, "overdue", instance.id, days_late=_days_after(board.unit_due, now),
                        late_step="unit")
    officers = steps.get("officer_report")
    if officers is not None and officers.completed_at is None and now >= end_of_local_day(board.officers_due):
        return BoardRow(unit.id, unit.name, "overdue", instance.id, days_late=_days_after(board.officers_due, now),
                        late_step="officers")
    return BoardRow(unit.id, unit.name, "pending", instance.id)


def reporting_board(session: Session, clock: Clock, user: User, month: dt.date) -> Board:
    """Return every unit of the network (or the user's own) with its report for ``month``, worst first.

    The network's units are those where someone holds an officer's or an office's role, and any unit a
    report of the month was started in. A unit with several instances in a month (a schedule resumed and
    started again by hand) is judged by its newest.
    """
    visible = board_units(session, user)
    board = Board(month, month.replace(day=OFFICERS_DAY), month.replace(day=UNIT_DAY), [])
    instances = list(session.execute(
        select(ProcessInstance).join(ProcessDefinition, ProcessDefinition.id == ProcessInstance.definition_id)
        .where(ProcessDefinition.key == PROCESS_KEY)
        .where(ProcessInstance.created_at >= dt.datetime.combine(month, dt.time(), LOCAL_TZ) - dt.timedelta(days=31))
        .where(ProcessInstance.created_at < dt.datetime.combine(month, dt.time(), LOCAL_TZ) + dt.timedelta(days=62))
        .order_by(ProcessInstance.id)).scalars())
    months = _instance_months(session, instances)
    instances = [i for i in instances if months[i.id] == month]
    tasks: dict[int, list[HumanTask]] = {}
    if instances:
        for task in session.execute(select(HumanTask).where(
                HumanTask.instance_id.in_([i.id for i in instances]),
                HumanTask.bpmn_id.in_(("officer_report", "unit_report"))).order_by(HumanTask.id)).scalars():
            tasks.setdefault(task.instance_id, []).append(task)
    by_unit: dict[int, ProcessInstance] = {}
    for instance in instances:  # ordered by id: the newest of a unit wins
        held = {task.unit_id for task in tasks.get(instance.id, [])}
        for unit_id in held:
            by_unit[unit_id] = instance
    unit_ids = set(session.execute(select(RoleAssignment.unit_id).where(
        RoleAssignment.role.in_(NETWORK_ROLES))).scalars()) | set(by_unit)
    if visible is not None:
        unit_ids &= visible
    units = session.execute(select(Unit).where(Unit.id.in_(unit_ids))).scalars().all() if unit_ids else []
    now = clock.now()
    rows = [_row(unit, by_unit.get(unit.id), tasks.get(by_unit[unit.id].id, []) if unit.id in by_unit else [],
                 board, now) for unit in units]
    rows.sort(key=lambda r: (STATE_ORDER[r.state], -r.days_late, r.unit_name))
    return Board(month, board.officers_due, board.unit_due, rows)
