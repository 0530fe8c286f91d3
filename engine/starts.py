"""Start events as deployed: who may start what, and the schedules of timer start events.

At deploy (``register_starts``) every start event of the new version becomes a ``ProcessStart`` row and
every timer start event a ``StartSchedule`` row, replacing the key's former schedules. The worker's sweep
(``run_due_starts``) starts one instance per due occurrence, exactly once across workers, the way
``engine.jobs`` acquires timers (SECURITY.md 7): ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, an UPDATE
conditional on the occurrence it moves on from on SQLite. Taking the occurrence and starting its instance
are one transaction: a start that fails leaves the occurrence due for the next sweep.

Occurrences are computed by our evaluator, then parsed (SPIFFWORKFLOW-2.md §2.1): SpiffWorkflow's own
cycle turns ``P1M`` into a fixed number of seconds from the first date, so a monthly report on the 28th
would drift to the 31st. Here occurrence *n* is the first instant plus *n* times the period in calendar
terms, on the first instant's local clock (种子001: every unit reports on the 28th).
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass
from dataclasses import field

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from sqlalchemy import bindparam
from sqlalchemy import delete
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker

from engine.bpmn.expressions import check_timer
from engine.bpmn.expressions import make_script_engine
from engine.bpmn.start_rules import StartInfo
from engine.bpmn.start_rules import read_starts
from engine.clock import Clock
from engine.db import is_postgres
from engine.db import unit_of_work
from engine.errors import ConcurrencyConflict
from engine.errors import DefinitionRejected
from engine.models.definitions import ProcessDefinition
from engine.models.starts import ProcessStart
from engine.models.starts import StartKind
from engine.models.starts import StartSchedule
from engine.operations.instances import start_on_schedule

#: how many occurrences one sweep starts at most (a worker down for long catches up over several sweeps)
SWEEP_LIMIT = 100


@dataclass(frozen=True)
class Recurrence:
    """A timer start's occurrences: a first instant, a calendar period, and how many (None: unbounded)."""

    first: dt.datetime
    months: int = 0
    step: dt.timedelta = dt.timedelta(0)
    count: int | None = 1

    def occurrence(self, n: int) -> dt.datetime | None:
        """Return occurrence ``n`` (from 0) in UTC, or None past the last one."""
        if self.count is not None and n >= self.count:
            return None
        local = _add_months(self.first, self.months * n) + self.step * n
        return local.astimezone(dt.UTC)

    def first_after(self, instant: dt.datetime) -> tuple[int, dt.datetime] | None:
        """Return (n, occurrence n) for the first occurrence at or after ``instant``, or None if none is left."""
        n = 0
        # A rough jump first, so that an old first date does not walk every month since then one by one. The
        # jump must never overshoot, so a month counts as its longest (31 days): with 28 it skipped two months
        # of a first date four years back.
        period = dt.timedelta(days=self.months * 31) + self.step
        if period > dt.timedelta(0) and instant > self.first:
            n = max(0, int((instant - self.first) / period) - 2)
        while True:
            due = self.occurrence(n)
            if due is None or due >= instant:
                return None if due is None else (n, due)
            n += 1


def _add_months(instant: dt.datetime, months: int) -> dt.datetime:
    """Add calendar months on the instant's own clock; the day is clamped to the month's last (Jan 31 → Feb 28)."""
    if not months:
        return instant
    index = instant.month - 1 + months
    year, month = instant.year + index // 12, index % 12 + 1
    day = min(instant.day, calendar.monthrange(year, month)[1])
    return instant.replace(year=year, month=month, day=day)


def _evaluate_literal(kind: str, expression: str) -> str:
    """Check the literal against the timer grammar and evaluate it with our evaluator (never Python's)."""
    quoted = f'"{expression}"'
    check_timer(quoted, kind=kind)
    return make_script_engine().environment.evaluate(quoted, {})


@functools.lru_cache(maxsize=1024)
def recurrence(kind: str, expression: str) -> Recurrence:
    """Return the occurrences of a timer start event (``timeDate`` once, ``timeCycle`` R[n]/first/period)."""
    value = _evaluate_literal(kind, expression)
    if kind == "timeDate":
        return Recurrence(dt.datetime.fromisoformat(value))
    count_text, first_text, period_text = value.upper().split("/")
    parts = TimerEventDefinition.parse_iso_duration(period_text)
    months = int(parts.get("years", 0)) * 12 + int(parts.get("months", 0))
    step = dt.timedelta(weeks=parts.get("weeks", 0), days=parts.get("days", 0), hours=parts.get("hours", 0),
                        minutes=parts.get("minutes", 0), seconds=parts.get("seconds", 0))
    count = int(count_text[1:]) if count_text[1:] else None
    return Recurrence(dt.datetime.fromisoformat(first_text), months, step, count)


def register_starts(session: Session, clock: Clock, definition: ProcessDefinition, root, *,
                    paused: bool = False) -> list[StartSchedule]:
    """Record the start events of a newly deployed version and replace its key's timer schedules.

    A schedule whose start event and literal are unchanged from the former version carries on where it
    was (publishing a new version must not start last month's report again); any other starts afresh at
    the first occurrence from now. A start event held by an administrator stays held in the new version, a
    running one keeps running; a new one is held when ``paused`` (the shipped catalogue: the county decides
    when it begins).
    """
    starts = read_starts(root, definition.key)
    _refuse_a_second_message_start(session, definition, starts)
    for start in starts:
        session.add(ProcessStart(
            definition_id=definition.id, key=definition.key, start_event_id=start.start_event_id, kind=start.kind,
            roles=list(start.roles), form_key=start.form_key, message_name=start.message_name,
            timer_kind=start.timer_kind, timer_expression=start.timer_expression))
    former = {(s.start_event_id, s.timer_kind, s.expression): s for s in session.execute(
        select(StartSchedule).where(StartSchedule.key == definition.key)).scalars()}
    session.execute(delete(StartSchedule).where(StartSchedule.key == definition.key))
    # A start event keeps its held or running state across versions; only a new one takes ``paused``.
    state = {s.start_event_id: s.paused for s in former.values()}
    schedules = [_schedule(definition, start, former, clock, paused=state.get(start.start_event_id, paused))
                 for start in starts if start.kind == StartKind.TIMER]
    session.add_all(schedules)
    session.flush()
    return schedules


def _refuse_a_second_message_start(session: Session, definition: ProcessDefinition, starts: list[StartInfo]) -> None:
    """One message starts one process (BPMN messages are point to point): another key may not catch it too."""
    names = {s.message_name for s in starts if s.kind == StartKind.MESSAGE}
    if not names:
        return
    newest = (select(ProcessDefinition.key, func.max(ProcessDefinition.version).label("version"))
              .group_by(ProcessDefinition.key).subquery())
    taken = session.execute(
        select(ProcessStart.key, ProcessStart.message_name)
        .join(ProcessDefinition, ProcessDefinition.id == ProcessStart.definition_id)
        .join(newest, (newest.c.key == ProcessDefinition.key) & (newest.c.version == ProcessDefinition.version))
        .where(ProcessStart.message_name.in_(names), ProcessStart.key != definition.key)).all()
    if taken:
        raise DefinitionRejected("消息开始事件的消息已由其他流程接收", code="message_start_taken", details=[
            {"element_id": None, "code": "message_start_taken",
             "message": f"消息“{name}”已是流程{key}的开始消息,一条消息只能发起一个流程"} for key, name in taken])


def _schedule(definition: ProcessDefinition, start: StartInfo, former: dict, clock: Clock, *,
              paused: bool) -> StartSchedule:
    now = clock.now()
    kept = former.get((start.start_event_id, start.timer_kind, start.timer_expression))
    if kept is not None:
        next_due, fired = kept.next_due_at, kept.fired
    else:
        found = recurrence(start.timer_kind, start.timer_expression).first_after(now)
        # A one-off date already past when published still starts once (as Camunda does), on the next sweep.
        if found is None and start.timer_kind == "timeDate":
            found = (0, recurrence(start.timer_kind, start.timer_expression).first)
        fired, next_due = found if found is not None else (0, None)
    return StartSchedule(key=definition.key, definition_id=definition.id, start_event_id=start.start_event_id,
                         timer_kind=start.timer_kind, expression=start.timer_expression, next_due_at=next_due,
                         fired=fired, created_at=now, paused=paused)


@dataclass(frozen=True)
class DueStart:
    """One occurrence taken by this worker: start its instance in the same transaction."""

    schedule_id: int
    key: str
    definition_id: int
    start_event_id: str
    timer_kind: str
    occurrence: int
    due_at: dt.datetime


# The sweep's statements, built once: building one costs about as much as running it (issue 2).
_DUE = (select(StartSchedule.id, StartSchedule.key, StartSchedule.definition_id, StartSchedule.start_event_id,
               StartSchedule.timer_kind, StartSchedule.expression, StartSchedule.next_due_at, StartSchedule.fired)
        .where(StartSchedule.next_due_at <= bindparam("now"), StartSchedule.paused.is_(False))
        .order_by(StartSchedule.next_due_at, StartSchedule.id).limit(bindparam("limit")))
_DUE_LOCKED = _DUE.with_for_update(skip_locked=True)
_schedules = StartSchedule.__table__
_MOVE_ON = (update(_schedules).where(_schedules.c.id == bindparam("schedule_id"))
            .values(next_due_at=bindparam("following"), fired=bindparam("fired_now"), last_started_at=bindparam("now")))
# SQLite: moved on only if nobody moved it from the occurrence this worker saw.
_MOVE_ON_IF_UNTAKEN = _MOVE_ON.where(_schedules.c.next_due_at == bindparam("seen"))


def acquire_due_starts(session: Session, clock: Clock, limit: int = 1) -> list[DueStart]:
    """Take up to ``limit`` due occurrences in the caller's transaction, each moved on to its next one.

    Of several workers each occurrence goes to exactly one: the row is locked (PostgreSQL, SKIP LOCKED) or
    moved on only if nobody moved it first (SQLite: ``WHERE next_due_at = <the occurrence seen>``; SQLite's
    write lock, taken at BEGIN, makes losing that race a safeguard rather than a path).
    """
    now = clock.now()
    connection = session.connection()
    postgres = is_postgres(session)
    rows = connection.execute(_DUE_LOCKED if postgres else _DUE, {"now": now, "limit": limit}).all()
    if not rows:
        return []
    moves = [{"schedule_id": row.id, "fired_now": row.fired + 1, "now": now, "seen": row.next_due_at,
              "following": recurrence(row.timer_kind, row.expression).occurrence(row.fired + 1)} for row in rows]
    # One batch for all: the rows are locked (PostgreSQL), or the batch is conditional on what was seen.
    moved = connection.execute(_MOVE_ON if postgres else _MOVE_ON_IF_UNTAKEN, moves).rowcount
    if not postgres and moved != len(moves):
        # Another worker moved one of them first: give all back, none is started twice; the next sweep retries.
        raise ConcurrencyConflict("定时发起的周期已被其他进程取走,请稍后重试")
    return [DueStart(row.id, row.key, row.definition_id, row.start_event_id, row.timer_kind, row.fired,
                     row.next_due_at) for row in rows]


@dataclass
class StartSweepReport:
    """What one sweep of timer starts did."""

    started: list[int] = field(default_factory=list)   # instance ids
    failed: list[str] = field(default_factory=list)    # "key: error" of occurrences left due


def run_due_starts(factory: sessionmaker[Session], clock: Clock, *, limit: int = SWEEP_LIMIT) -> StartSweepReport:
    """Start one instance per due occurrence, each occurrence with its instance in its own transaction."""
    report = StartSweepReport()
    for _ in range(limit):
        try:
            with unit_of_work(factory) as session:
                taken = acquire_due_starts(session, clock, limit=1)
                if not taken:
                    break
                report.started.extend(instance.id for instance in start_on_schedule(session, clock, taken[0]))
        except Exception as exc:  # noqa: BLE001 - the occurrence stays due; the next sweep tries again
            report.failed.append(f"{type(exc).__name__}: {exc}"[:500])
            break
    return report
