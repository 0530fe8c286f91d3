"""The supervisor's aggregate queries (督办): due and overdue steps, the Measures' own deadlines, step
durations, quarterly statistics, feedback owed to clue sources, and incidents.

Nothing here deserialises a workflow: every answer is read from the HumanTask, Case, Clue, Incident and
ProcessDefinition projections through grouped queries, restricted to the cases the reader may see
(``engine.permissions.case_scope_filter``: the unit the reader's role is held in and every unit below).
"""
from __future__ import annotations

import datetime as dt
import io
import math
from collections import Counter
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.styles import Font
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import ColumnElement
from sqlalchemy import Select
from sqlalchemy import and_
from sqlalchemy import case as sql_case
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.clock import LOCAL_TZ
from engine.clock import Clock
from engine.clock import local_today
from engine.errors import NotFound
from engine.errors import NotPermitted
from engine.models.cases import Case
from engine.models.cases import CaseStatus
from engine.models.cases import Clue
from engine.models.cases import case_id_of
from engine.models.cases import of_case
from engine.models.cases import of_cases
from engine.models.definitions import ProcessDefinition
from engine.models.instances import ProcessInstance
from engine.models.jobs import Incident
from engine.models.jobs import IncidentStatus
from engine.models.jobs import Job
from engine.models.people import Cadre
from engine.models.people import Unit
from engine.models.people import User
from engine.models.tasks import HumanTask
from engine.models.tasks import TaskComment
from engine.models.tasks import TaskStatus
from engine.notifications import Person
from engine.notifications import role_holders
from engine.overdue import CLUE_WAIT_DAYS
from engine.overdue import Deadline
from engine.overdue import task_deadlines
from engine.overdue import waiting_deadline
from engine.permissions import can_read_case
from engine.permissions import case_scope_filter
from engine.queries import MAX_PER_PAGE
from engine.queries import Page
from engine.vocabulary import OUTCOME_LABELS
from engine.vocabulary import ROLE_LABELS
from engine.vocabulary import WARNING_TYPE_LABELS
from engine.vocabulary import Outcome
from engine.vocabulary import Role
from engine.vocabulary import Stage
from engine.vocabulary import WarningType

#: roles that may act as supervisors: remind, reassign, comment, retry an incident
OVERSIGHT_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})
#: roles that may read the supervisor's pages (auditors look, never act: SECURITY.md 25)
OVERSIGHT_READER_ROLES = OVERSIGHT_ROLES | {Role.AUDITOR}
#: a step is "due soon" from this many days before its due date (the inbox and reminders use 3 as well)
DUE_SOON_DAYS = 3
#: 第十七条: the work must start within 7 days of approval (used when no computed start date was recorded)
START_WITHIN_DAYS = 7
#: the step that tells the clue's source how it ended (第十四条)
FEEDBACK_STEP = "feedback_to_source"
UNTYPED = "untyped"
UNTYPED_LABEL = "类型待定"


@dataclass(frozen=True)
class AgeingBucket:
    """A band of days overdue."""

    key: str
    label: str
    low: int
    high: int | None


AGEING_BUCKETS: tuple[AgeingBucket, ...] = (
    AgeingBucket("1-3", "逾期1–3天", 1, 3),
    AgeingBucket("4-7", "逾期4–7天", 4, 7),
    AgeingBucket("8-15", "逾期8–15天", 8, 15),
    AgeingBucket("15+", "逾期15天以上", 16, None),
)


def ageing_bucket(days_overdue: int) -> AgeingBucket | None:
    """Return the band of ``days_overdue`` (None when the step is not overdue)."""
    for bucket in AGEING_BUCKETS:
        if days_overdue >= bucket.low and (bucket.high is None or days_overdue <= bucket.high):
            return bucket
    return None


def may_oversee(user: User, *, act: bool = False) -> bool:
    """Tell whether ``user`` may read the supervisor's pages (``act``: may also remind, reassign, retry)."""
    wanted = OVERSIGHT_ROLES if act else OVERSIGHT_READER_ROLES
    return any(r.role in wanted for r in user.roles)


def check_may_oversee(user: User, *, act: bool = False) -> None:
    """Raise NotPermitted unless ``user`` may read (or, with ``act``, act on) the supervisor's pages."""
    if not may_oversee(user, act=act):
        raise NotPermitted("只有督办人员可以督办" if act else "只有督办、审计人员可以查看督办信息")


def _scoped_case_ids(session: Session, user: User) -> Select:
    return select(Case.id).where(case_scope_filter(session, user))


def _in_scope(session: Session, user: User) -> ColumnElement[bool]:
    # Tasks carry no unit scope of their own for readers: a task is visible when its case is.
    return of_cases(HumanTask, _scoped_case_ids(session, user))


def _names(session: Session, model, ids: Iterable[int | None], attribute: str) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    column = getattr(model, attribute)
    return dict(session.execute(select(model.id, column).where(model.id.in_(wanted))).all())


# ---------------------------------------------------------------------------------------------------------
# The due board: every step overdue or due within three days
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    """How many steps of one group (a unit, a step, a warning type) are overdue or due soon."""

    key: str
    label: str
    overdue: int = 0
    due_soon: int = 0

    @property
    def total(self) -> int:
        return self.overdue + self.due_soon


@dataclass
class BoardRow:
    """One step on the board, with what the supervisor needs to chase it."""

    task: HumanTask
    case: Case
    cadre_name: str
    unit_name: str
    #: positive: days past the due date; zero or negative: days left (0 = due today)
    days_overdue: int
    bucket: AgeingBucket | None
    assignee_name: str | None
    candidate_labels: list[str]
    reminders: int
    last_note: TaskComment | None
    last_note_author: str | None
    #: the step's deadline as every other screen shows it (engine.overdue, issue 15 §3)
    deadline: Deadline

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0

    @property
    def days_left(self) -> int:
        return -self.days_overdue

    @property
    def warning_type_label(self) -> str:
        return _type_label(self.task.category)


@dataclass
class Board:
    """The supervisor's dashboard: counts, ageing, groups and one page of rows."""

    today: dt.date
    overdue: int
    due_soon: int
    ageing: list[tuple[AgeingBucket, int]]
    by_unit: list[Tally]
    by_step: list[Tally]
    by_warning_type: list[Tally]
    rows: Page
    #: filter choices, from every due step in scope whatever the filters
    unit_choices: list[tuple[int, str]]
    step_choices: list[tuple[str, str]]


WHEN_OVERDUE = "overdue"
WHEN_DUE_SOON = "due_soon"


def _due_filters(today: dt.date, *, unit_id: int | None, warning_type: str | None, step: str | None,
                 when: str | None, bucket: str | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if unit_id:
        conditions.append(HumanTask.unit_id == unit_id)
    if warning_type == UNTYPED:
        conditions.append(HumanTask.category.is_(None))
    elif warning_type:
        conditions.append(HumanTask.category == warning_type)
    if step:
        conditions.append(HumanTask.bpmn_id == step)
    if when == WHEN_OVERDUE:
        conditions.append(HumanTask.due_date < today)
    elif when == WHEN_DUE_SOON:
        conditions.append(HumanTask.due_date >= today)
    chosen = next((b for b in AGEING_BUCKETS if b.key == bucket), None)
    if chosen is not None:
        # days overdue = today − due date, so a band of days is a band of due dates
        conditions.append(HumanTask.due_date <= today - dt.timedelta(days=chosen.low))
        if chosen.high is not None:
            conditions.append(HumanTask.due_date >= today - dt.timedelta(days=chosen.high))
    return conditions


def due_board(session: Session, clock: Clock, user: User, *, unit_id: int | None = None,
              warning_type: str | None = None, step: str | None = None, when: str | None = None,
              bucket: str | None = None, page: int = 1, per_page: int = 50) -> Board:
    """Return every open step in scope that is overdue or due within DUE_SOON_DAYS, grouped and counted.

    Filters narrow the counts and the rows alike; the choice lists are taken before filtering.
    """
    check_may_oversee(user)
    today = local_today(clock)
    horizon = today + dt.timedelta(days=DUE_SOON_DAYS)
    base = [HumanTask.status == TaskStatus.OPEN, HumanTask.due_date.is_not(None), HumanTask.due_date <= horizon,
            _in_scope(session, user)]
    # One grouped query gives every count: the groups are few (units × steps × types × due days).
    grouped = session.execute(
        select(HumanTask.unit_id, HumanTask.bpmn_id, func.min(HumanTask.name), HumanTask.category,
               HumanTask.due_date, func.count())
        .where(*base).group_by(HumanTask.unit_id, HumanTask.bpmn_id, HumanTask.category, HumanTask.due_date)
    ).all()
    unit_names = _names(session, Unit, [g[0] for g in grouped], "name")
    step_names: dict[str, str] = {}
    for _, bpmn_id, name, _, _, _ in grouped:
        step_names.setdefault(bpmn_id, name)
    chosen_bucket = next((b for b in AGEING_BUCKETS if b.key == bucket), None)

    def kept(g) -> bool:
        g_unit, g_step, _, g_type, g_due, _ = g
        late = (today - g_due).days
        return ((not unit_id or g_unit == unit_id)
                and (not step or g_step == step)
                and (not warning_type or (g_type or UNTYPED) == warning_type)
                and (when != WHEN_OVERDUE or late > 0) and (when != WHEN_DUE_SOON or late <= 0)
                and (chosen_bucket is None or ageing_bucket(late) == chosen_bucket))

    by_unit: dict[int, Tally] = {}
    by_step: dict[str, Tally] = {}
    by_type: dict[str, Tally] = {}
    ageing: Counter[str] = Counter()
    overdue = due_soon = 0
    for g in grouped:
        if not kept(g):
            continue
        g_unit, g_step, _, g_type, g_due, count = g
        late = (today - g_due).days
        tallies = (
            by_unit.setdefault(g_unit, Tally(str(g_unit), unit_names.get(g_unit, ""))),
            by_step.setdefault(g_step, Tally(g_step, step_names[g_step])),
            by_type.setdefault(g_type or UNTYPED, Tally(g_type or UNTYPED, _type_label(g_type))),
        )
        for tally in tallies:
            if late > 0:
                tally.overdue += count
            else:
                tally.due_soon += count
        if late > 0:
            overdue += count
            ageing[ageing_bucket(late).key] += count
        else:
            due_soon += count

    def ordered(tallies: Iterable[Tally]) -> list[Tally]:
        return sorted(tallies, key=lambda t: (-t.overdue, -t.due_soon, t.label))

    stmt = (select(HumanTask).where(*base, *_due_filters(today, unit_id=unit_id, warning_type=warning_type, step=step,
                                                          when=when, bucket=bucket))
            .order_by(HumanTask.due_date, HumanTask.id))
    rows = _board_page(session, today, stmt, page, per_page, overdue + due_soon)
    return Board(
        today=today, overdue=overdue, due_soon=due_soon,
        ageing=[(b, ageing.get(b.key, 0)) for b in AGEING_BUCKETS],
        by_unit=ordered(by_unit.values()), by_step=ordered(by_step.values()), by_warning_type=ordered(by_type.values()),
        rows=rows,
        unit_choices=sorted({(g[0], unit_names.get(g[0], "")) for g in grouped}, key=lambda c: c[1]),
        step_choices=sorted(step_names.items(), key=lambda c: c[1]),
    )


def _type_label(warning_type: str | None) -> str:
    return WARNING_TYPE_LABELS.get(WarningType(warning_type), warning_type) if warning_type else UNTYPED_LABEL


def _board_page(session: Session, today: dt.date, stmt: Select, page: int, per_page: int, total: int) -> Page:
    page = max(1, page)
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    tasks = list(session.execute(stmt.limit(per_page).offset((page - 1) * per_page)).scalars())
    cases = {c.id: c for c in session.execute(
        select(Case).where(Case.id.in_({t.case_id for t in tasks}))).scalars()}
    cadres = _names(session, Cadre, [c.cadre_id for c in cases.values()], "name")
    units = _names(session, Unit, [t.unit_id for t in tasks], "name")
    notes = _notes_of(session, [t.id for t in tasks])
    deadlines = task_deadlines(session, today, tasks)
    users = _names(session, User, [t.assignee_id for t in tasks]
                   + [n.author_id for n, _ in notes.values() if n is not None], "display_name")
    items = []
    for task in tasks:
        case = cases[task.case_id]
        late = (today - task.due_date).days
        last, reminders = notes.get(task.id, (None, 0))
        items.append(BoardRow(
            task=task, case=case, cadre_name=cadres.get(case.cadre_id, ""), unit_name=units.get(task.unit_id, ""),
            days_overdue=late, bucket=ageing_bucket(late), assignee_name=users.get(task.assignee_id),
            candidate_labels=sorted({ROLE_LABELS.get(Role(c.role), c.role) for c in task.candidates}),
            reminders=reminders, last_note=last, last_note_author=users.get(last.author_id) if last else None,
            deadline=deadlines[task.id],
        ))
    return Page(items, total, page, per_page)


def _notes_of(session: Session, task_ids: list[int]) -> dict[int, tuple[TaskComment | None, int]]:
    """Return, per task, its latest supervision note and how many reminders it has had."""
    if not task_ids:
        return {}
    comments = session.execute(select(TaskComment).where(TaskComment.task_id.in_(task_ids))
                               .order_by(TaskComment.id)).scalars().all()
    result: dict[int, tuple[TaskComment | None, int]] = {}
    for comment in comments:
        _, count = result.get(comment.task_id, (None, 0))
        reminded = (comment.extra or {}).get("kind") == "reminder"
        result[comment.task_id] = (comment, count + (1 if reminded else 0))
    return result


@dataclass(frozen=True)
class AssigneeChoice:
    """A person a task could be handed to, and why not when they may not take it."""

    user_id: int
    name: str
    #: 第十七条: who proposed or filled in the form may not decide the same matter
    excluded: bool
    current: bool


def assignee_choices(session: Session, tasks: Iterable[HumanTask]) -> dict[int, list[AssigneeChoice]]:
    """Return, per task, the active holders of its candidate roles in its unit (the only people it may go to)."""
    holders: dict[tuple[tuple[str, ...], int], list[Person]] = {}
    tasks = list(tasks)
    cadre_of_case = dict(session.execute(select(Case.id, Case.cadre_id).where(
        Case.id.in_({t.case_id for t in tasks if t.case_id}))).all()) if tasks else {}
    result = {}
    for task in tasks:
        roles = tuple(sorted({c.role for c in task.candidates}))
        key = (roles, task.unit_id)
        if key not in holders:
            holders[key] = sorted(role_holders(session, roles, task.unit_id), key=lambda u: u.id)
        cadre_id = cadre_of_case.get(task.case_id)
        excluded = set(task.excluded_user_ids or [])
        result[task.id] = [
            AssigneeChoice(u.id, u.display_name, u.id in excluded, u.id == task.assignee_id)
            for u in holders[key] if u.username != "system" and (cadre_id is None or u.cadre_id != cadre_id)
        ]
    return result


def supervision_notes(session: Session, task_id: int) -> list[TaskComment]:
    """Return the supervision notes of one task, oldest first."""
    return list(session.execute(select(TaskComment).where(TaskComment.task_id == task_id)
                                .order_by(TaskComment.id)).scalars())


# ---------------------------------------------------------------------------------------------------------
# The Measures' own deadlines (第十七、二十七–三十、三十三条)
# ---------------------------------------------------------------------------------------------------------


@dataclass
class LateStart:
    """An approved warning whose implementation has not started within 7 days (第十七条)."""

    case: Case
    cadre_name: str
    unit_name: str
    start_due_date: dt.date
    days_late: int


@dataclass
class RunningPeriod:
    """A reply or rectification period (第二十七–三十条): running, or past its date with nothing submitted."""

    case: Case
    cadre_name: str
    unit_name: str
    #: positive: days past the due date; zero or negative: days left
    days_overdue: int

    @property
    def days_left(self) -> int:
        return -self.days_overdue

    @property
    def extended(self) -> bool:
        return self.case.original_due_date is not None and self.case.current_due_date != self.case.original_due_date


@dataclass
class WaitingClue:
    """A clue still waiting to be screened (第十四条) longer than the limit (第三十三条)."""

    case: Case
    clue: Clue
    task: HumanTask
    cadre_name: str
    unit_name: str
    days_waiting: int
    registered_on: dt.date
    today: dt.date

    @property
    def deadline(self) -> Deadline:
        """The clue's waiting as the inbox, the case and the ledger show it (engine.overdue, issue 15 §3)."""
        return waiting_deadline(self.task, self.clue.received_on, self.today)


@dataclass
class Compliance:
    """How the Measures' own deadlines are kept in the reader's scope."""

    today: dt.date
    clue_days: int
    late_starts: list[LateStart]
    periods_running: list[RunningPeriod]
    periods_overdue: list[RunningPeriod]
    waiting_clues: list[WaitingClue]


def compliance_report(session: Session, clock: Clock, user: User, *, clue_days: int = CLUE_WAIT_DAYS) -> Compliance:
    """Return late starts (第十七条), running and overdue periods (第二十七–三十条), waiting clues (第三十三条)."""
    check_may_oversee(user)
    today = local_today(clock)
    clue_days = max(0, clue_days)
    scope = case_scope_filter(session, user)
    open_cases = [scope, Case.status == CaseStatus.OPEN]

    # 第十七条: the engine records the computed start date (holidays counted as the deadline rules say); a
    # row without it falls back on 7 calendar days.
    late = session.execute(select(Case).where(
        *open_cases, Case.approved_on.is_not(None), Case.implementation_started_on.is_(None),
        or_(Case.start_due_date < today, and_(Case.start_due_date.is_(None),
                                              Case.approved_on < today - dt.timedelta(days=START_WITHIN_DAYS))),
    ).order_by(Case.approved_on, Case.id)).scalars().all()

    periods = session.execute(select(Case).where(
        *open_cases, Case.current_due_date.is_not(None), Case.replied_on.is_(None), Case.outcome.is_(None),
    ).order_by(Case.current_due_date, Case.id)).scalars().all()

    waiting = session.execute(
        select(HumanTask, Case, Clue).join(Case, of_case(HumanTask, Case.id)).join(Clue, Clue.id == Case.clue_id)
        .where(scope, HumanTask.status == TaskStatus.OPEN, HumanTask.stage == Stage.SCREENING,
               Clue.received_on <= today - dt.timedelta(days=clue_days))
        .order_by(Clue.received_on, HumanTask.id)
    ).all()

    cases = [*late, *periods, *(c for _, c, _ in waiting)]
    cadres = _names(session, Cadre, [c.cadre_id for c in cases], "name")
    units = _names(session, Unit, [c.handling_unit_id for c in cases], "name")

    def start_date(case: Case) -> dt.date:
        return case.start_due_date or case.approved_on + dt.timedelta(days=START_WITHIN_DAYS)

    late_starts = [LateStart(c, cadres.get(c.cadre_id, ""), units.get(c.handling_unit_id, ""), start_date(c),
                             (today - start_date(c)).days) for c in late]
    running, overdue = [], []
    for case in periods:
        row = RunningPeriod(case, cadres.get(case.cadre_id, ""), units.get(case.handling_unit_id, ""),
                            (today - case.current_due_date).days)
        (overdue if row.days_overdue > 0 else running).append(row)
    overdue.sort(key=lambda r: -r.days_overdue)
    clues = [WaitingClue(case, clue, task, cadres.get(case.cadre_id, ""), units.get(case.handling_unit_id, ""),
                         (today - clue.received_on).days, _local_date(clue.registered_at), today)
             for task, case, clue in waiting]
    return Compliance(today, clue_days, late_starts, running, overdue, clues)


def _local_date(instant: dt.datetime) -> dt.date:
    return instant.astimezone(LOCAL_TZ).date()


# ---------------------------------------------------------------------------------------------------------
# Per-step counts and durations (heatmap)
# ---------------------------------------------------------------------------------------------------------


@dataclass
class StepStat:
    """One step of one process: how many cases sit there now and how long the step usually takes."""

    process_key: str
    bpmn_id: str
    name: str
    open_count: int = 0
    overdue_count: int = 0
    completed_count: int = 0
    median: dt.timedelta | None = None
    p90: dt.timedelta | None = None
    #: the first task id seen: steps are listed roughly in the order cases reach them
    first_seen: int = 0


@dataclass
class ProcessSteps:
    """The steps of one process key, with the process's display name."""

    key: str
    name: str
    steps: list[StepStat] = field(default_factory=list)

    @property
    def open_count(self) -> int:
        return sum(s.open_count for s in self.steps)

    def counts(self) -> dict[str, int]:
        """Return bpmn id → open count (the heatmap's data)."""
        return {s.bpmn_id: s.open_count for s in self.steps if s.open_count}


def percentile(values: list[float], fraction: float) -> float | None:
    """Return the ``fraction`` percentile of ``values`` by linear interpolation between ranks (None if empty)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def step_statistics(session: Session, clock: Clock, user: User, *,
                    since: dt.date | None = None) -> list[ProcessSteps]:
    """Return, per process and step, the open count now and the median/p90 duration of completed steps.

    A step's duration is completed_at − created_at of its task; ``since`` keeps steps completed that day or
    later (recent practice rather than all history).
    """
    check_may_oversee(user)
    now = clock.now()
    scope = _in_scope(session, user)
    stats: dict[tuple[str, str], StepStat] = {}

    def stat(key: str, bpmn_id: str, name: str, first: int) -> StepStat:
        found = stats.get((key, bpmn_id))
        if found is None:
            found = stats[(key, bpmn_id)] = StepStat(key, bpmn_id, name, first_seen=first)
        found.first_seen = min(found.first_seen, first)
        return found

    overdue = func.sum(sql_case((HumanTask.due_at < now, 1), else_=0))
    for key, bpmn_id, name, count, late, first in session.execute(
        select(HumanTask.process_key, HumanTask.bpmn_id, func.min(HumanTask.name), func.count(), overdue,
               func.min(HumanTask.id))
        .where(scope, HumanTask.status == TaskStatus.OPEN).group_by(HumanTask.process_key, HumanTask.bpmn_id)
    ):
        row = stat(key, bpmn_id, name, first)
        row.open_count, row.overdue_count = int(count), int(late or 0)

    completed = select(HumanTask.process_key, HumanTask.bpmn_id, HumanTask.name, HumanTask.id, HumanTask.created_at,
                       HumanTask.completed_at).where(scope, HumanTask.status == TaskStatus.COMPLETED,
                                                     HumanTask.completed_at.is_not(None))
    if since is not None:
        completed = completed.where(HumanTask.completed_at >= dt.datetime.combine(since, dt.time(), tzinfo=LOCAL_TZ))
    durations: dict[tuple[str, str], list[float]] = defaultdict(list)
    for key, bpmn_id, name, task_id, created_at, completed_at in session.execute(completed):
        stat(key, bpmn_id, name, task_id)
        durations[(key, bpmn_id)].append(max(0.0, (completed_at - created_at).total_seconds()))
    for key, seconds in durations.items():
        row = stats[key]
        row.completed_count = len(seconds)
        row.median = dt.timedelta(seconds=round(percentile(seconds, 0.5)))
        row.p90 = dt.timedelta(seconds=round(percentile(seconds, 0.9)))

    names = process_names(session)
    processes: dict[str, ProcessSteps] = {}
    for row in sorted(stats.values(), key=lambda s: s.first_seen):
        processes.setdefault(row.process_key, ProcessSteps(row.process_key, names.get(row.process_key,
                                                                                     row.process_key))).steps.append(row)
    return sorted(processes.values(), key=lambda p: min(s.first_seen for s in p.steps))


def process_names(session: Session) -> dict[str, str]:
    """Return process key → the display name of its latest deployed version."""
    latest = select(ProcessDefinition.key, func.max(ProcessDefinition.version).label("version")) \
        .group_by(ProcessDefinition.key).subquery()
    rows = session.execute(select(ProcessDefinition.key, ProcessDefinition.name).join(
        latest, and_(latest.c.key == ProcessDefinition.key, latest.c.version == ProcessDefinition.version))).all()
    return dict(rows)


def latest_definition(session: Session, key: str) -> ProcessDefinition:
    """Return the latest deployed version of process ``key`` (the diagram the heatmap is drawn on)."""
    definition = session.execute(select(ProcessDefinition).where(ProcessDefinition.key == key)
                                 .order_by(ProcessDefinition.version.desc()).limit(1)).scalar_one_or_none()
    if definition is None:
        raise NotFound("流程不存在")
    return definition


# ---------------------------------------------------------------------------------------------------------
# Quarterly statistics (第四条(四)) and feedback owed to clue sources (第十四条)
# ---------------------------------------------------------------------------------------------------------


@dataclass
class StatRow:
    """Cases opened in one quarter by one unit, of one warning type."""

    quarter: int | None
    unit_id: int | None
    unit_name: str
    warning_type: str | None
    opened: int = 0
    closed: int = 0
    outcomes: Counter = field(default_factory=Counter)
    #: a reply or rectification deadline was missed (an overdue-stage step was opened, 第二十八–三十一条)
    overdue: int = 0
    #: the work did not start within 7 days of approval (第十七条)
    late_start: int = 0

    @property
    def warning_type_label(self) -> str:
        return _type_label(self.warning_type)

    def add(self, other: StatRow) -> None:
        self.opened += other.opened
        self.closed += other.closed
        self.outcomes.update(other.outcomes)
        self.overdue += other.overdue
        self.late_start += other.late_start


@dataclass
class QuarterlyStatistics:
    """The quarterly statistics of one year (第四条(四)): per quarter, unit and type, with totals."""

    year: int
    today: dt.date
    rows: list[StatRow]
    quarter_totals: dict[int, StatRow]
    total: StatRow
    outcome_keys: list[str]

    @staticmethod
    def outcome_label(key: str) -> str:
        return OUTCOME_LABELS.get(Outcome(key), key)


def quarterly_statistics(session: Session, clock: Clock, user: User, *, year: int) -> QuarterlyStatistics:
    """Count the cases opened in ``year`` per quarter, handling unit and warning type (第四条(四))."""
    check_may_oversee(user)
    today = local_today(clock)
    ever_overdue = exists().where(of_case(HumanTask, Case.id), HumanTask.stage == Stage.OVERDUE)
    started_late = or_(
        and_(Case.implementation_started_on.is_not(None), Case.start_due_date.is_not(None),
             Case.implementation_started_on > Case.start_due_date),
        and_(Case.implementation_started_on.is_(None), Case.start_due_date.is_not(None),
             Case.start_due_date < today, Case.status == CaseStatus.OPEN),
    )
    grouped = session.execute(
        select(Case.opened_on, Case.handling_unit_id, Case.warning_type, Case.status, Case.outcome,
               ever_overdue.label("ever_overdue"), started_late.label("started_late"), func.count())
        .where(case_scope_filter(session, user), Case.opened_on >= dt.date(year, 1, 1),
               Case.opened_on <= dt.date(year, 12, 31))
        .group_by(Case.opened_on, Case.handling_unit_id, Case.warning_type, Case.status, Case.outcome,
                  ever_overdue, started_late)
    ).all()
    units = _names(session, Unit, [g[1] for g in grouped], "name")
    rows: dict[tuple[int, int, str | None], StatRow] = {}
    for opened_on, unit_id, warning_type, status, outcome, was_overdue, was_late, count in grouped:
        quarter = (opened_on.month - 1) // 3 + 1
        row = rows.setdefault((quarter, unit_id, warning_type),
                              StatRow(quarter, unit_id, units.get(unit_id, ""), warning_type))
        row.opened += count
        if status == CaseStatus.CLOSED:
            row.closed += count
        if outcome:
            row.outcomes[outcome] += count
        if was_overdue:
            row.overdue += count
        if was_late:
            row.late_start += count
    ordered = sorted(rows.values(), key=lambda r: (r.quarter, r.unit_name, r.warning_type or "~"))
    quarter_totals: dict[int, StatRow] = {}
    total = StatRow(None, None, "合计", None)
    for row in ordered:
        quarter_totals.setdefault(row.quarter, StatRow(row.quarter, None, "小计", None)).add(row)
        total.add(row)
    outcome_keys = [str(o) for o in Outcome if total.outcomes.get(str(o))]
    return QuarterlyStatistics(year, today, ordered, quarter_totals, total, outcome_keys)


def statistics_years(session: Session, clock: Clock, user: User) -> list[int]:
    """Return the years that have cases in scope, and the current year, newest first."""
    first = session.execute(select(func.min(Case.opened_on)).where(case_scope_filter(session, user))).scalar()
    this_year = local_today(clock).year
    start = first.year if first else this_year
    return list(range(max(this_year, start), min(start, this_year) - 1, -1))


_HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
_TOTAL_FONT = Font(bold=True)


def _cell(sheet, row: int, column: int, value):
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        # A unit name typed as "=..." must stay text, never become a live formula.
        cell.data_type = "s"
    return cell


def statistics_workbook(stats: QuarterlyStatistics) -> bytes:
    """Return the quarterly statistics as an .xlsx: the same table as the page (第四条(四))."""
    book = Workbook()
    sheet = book.active
    sheet.title = f"{stats.year}年季度统计"
    headers = ["季度", "承办单位", "预警类型", "登记", "办结", *[stats.outcome_label(k) for k in stats.outcome_keys],
               "逾期(说明整改)", "超期未启动实施(第十七条)"]
    title = _cell(sheet, 1, 1, f"{stats.year}年领导干部廉洁自律预警工作季度统计(第四条(四))")
    title.font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    _cell(sheet, 2, 1, f"统计日期:{stats.today.year}年{stats.today.month}月{stats.today.day}日")
    for index, text in enumerate(headers, start=1):
        cell = _cell(sheet, 3, index, text)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = 22 if index == 2 else 12

    def write(row_number: int, row: StatRow, quarter: str, type_label: str, bold: bool = False) -> None:
        values = [quarter, row.unit_name, type_label, row.opened, row.closed,
                  *[row.outcomes.get(k, 0) for k in stats.outcome_keys], row.overdue, row.late_start]
        for index, value in enumerate(values, start=1):
            cell = _cell(sheet, row_number, index, value)
            if bold:
                cell.font = _TOTAL_FONT

    line = 4
    for quarter in sorted(stats.quarter_totals):
        for row in (r for r in stats.rows if r.quarter == quarter):
            write(line, row, f"第{quarter}季度", row.warning_type_label)
            line += 1
        write(line, stats.quarter_totals[quarter], f"第{quarter}季度", "", bold=True)
        line += 1
    write(line, stats.total, "全年", "", bold=True)
    sheet.freeze_panes = "D4"
    buffer = io.BytesIO()
    book.properties.creator = "廉警"
    book.save(buffer)
    return buffer.getvalue()


@dataclass
class FeedbackOwed:
    """A case that has ended (or reached its outcome) without the source being told (第十四条)."""

    case: Case
    clue: Clue
    cadre_name: str
    unit_name: str
    #: the open feedback step, when the case stands there
    open_task: HumanTask | None

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS.get(Outcome(self.case.outcome), self.case.outcome) if self.case.outcome else ""


def feedback_owed(session: Session, clock: Clock, user: User) -> list[FeedbackOwed]:
    """Return cases with an outcome (or closed) whose feedback to the clue's source is open or missing."""
    check_may_oversee(user)
    told = exists().where(of_case(HumanTask, Case.id), HumanTask.bpmn_id == FEEDBACK_STEP,
                          HumanTask.status == TaskStatus.COMPLETED)
    rows = session.execute(
        select(Case, Clue).join(Clue, Clue.id == Case.clue_id)
        .where(case_scope_filter(session, user), or_(Case.status == CaseStatus.CLOSED, Case.outcome.is_not(None)),
               ~told)
        .order_by(Case.closed_on.desc().nulls_first(), Case.id)
    ).all()
    case_ids = [case.id for case, _ in rows]
    open_steps = {t.case_id: t for t in session.execute(select(HumanTask).where(
        of_cases(HumanTask, case_ids), HumanTask.bpmn_id == FEEDBACK_STEP,
        HumanTask.status == TaskStatus.OPEN)).scalars()} if case_ids else {}
    cadres = _names(session, Cadre, [c.cadre_id for c, _ in rows], "name")
    units = _names(session, Unit, [c.handling_unit_id for c, _ in rows], "name")
    return [FeedbackOwed(case, clue, cadres.get(case.cadre_id, ""), units.get(case.handling_unit_id, ""),
                         open_steps.get(case.id)) for case, clue in rows]


# ---------------------------------------------------------------------------------------------------------
# Incidents (SECURITY.md 10)
# ---------------------------------------------------------------------------------------------------------


@dataclass
class IncidentRow:
    """An open incident with the case it stops."""

    incident: Incident
    case: Case | None
    timer: str | None


def _incident_visible(session: Session, user: User, case: Case | None) -> bool:
    # The administrator keeps the engine running: every incident. Others: the incidents of cases they see.
    if user.holds(Role.ADMIN):
        return True
    return case is None or can_read_case(session, user, case)


def open_incidents(session: Session, user: User) -> list[IncidentRow]:
    """Return the open incidents the user may see, oldest first."""
    check_may_oversee(user)
    rows = session.execute(
        select(Incident, case_id_of(ProcessInstance), Job.bpmn_id)
        .join(ProcessInstance, ProcessInstance.id == Incident.instance_id)
        .outerjoin(Job, Job.id == Incident.job_id)
        .where(Incident.status == IncidentStatus.OPEN).order_by(Incident.opened_at, Incident.id)
    ).all()
    cases = {c.id: c for c in session.execute(select(Case).where(
        Case.id.in_({case_id for _, case_id, _ in rows if case_id}))).scalars()} if rows else {}
    result = []
    for incident, case_id, timer in rows:
        case = cases.get(case_id)
        if _incident_visible(session, user, case):
            result.append(IncidentRow(incident, case, timer))
    return result


def load_incident_for(session: Session, user: User, incident_id: int) -> Incident:
    """Load an incident the user may see, or raise NotFound."""
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFound("故障记录不存在")
    instance = session.get(ProcessInstance, incident.instance_id)
    case = session.get(Case, instance.case_id) if instance is not None and instance.case_id else None
    if not _incident_visible(session, user, case):
        raise NotFound("故障记录不存在")
    return incident
