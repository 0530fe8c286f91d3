"""When a case is overdue, and which deadline it is held to: one rule read by the case summary, the ledger,
its Excel export, the API, the inbox, the task page and the supervisor alike (issue 14 §4, issue 15 §3).

A case is overdue while any of its open steps has passed its statutory deadline: the start of carrying
out a warning within 7 days of approval (第十七条), a reply or rectification period (第二十七–三十条), any
step with a due rule. It is "the deadline it missed" that the reader is shown: the step, its due date and
its article. Once the late step is done (the late start made, the late reply accepted), the mark stays on
that step in the case's history (its completion after its due date) and is not carried to the steps
after it. Time-dependent as it is, the rule is evaluated when read, never stored: a stored flag would say
"not overdue" from the moment the deadline passed until something else touched the case.

Every screen shows a case's *current* deadline as one ``Deadline``: the earliest due date among its open
steps (so a missed one comes first), naming the step, the article it comes from, since when it runs (the
day the step opened) and, once past, since when it is overdue (the day after the due date: the Civil
Code's period ends with its last day). A case whose clue still waits to be screened has no statutory
deadline; the supervisor tracks its age instead (第十四、三十三条: deliberately delaying screening is an
offence) from the day the clue was received, and every screen shows that same waiting time.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree
from sqlalchemy import and_
from sqlalchemy import exists
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from engine.bpmn.loader import parse_xml
from engine.clock import LOCAL_TZ
from engine.models.cases import Case
from engine.models.cases import CaseStatus
from engine.models.cases import Clue
from engine.models.cases import of_case
from engine.models.cases import of_cases
from engine.models.definitions import DefinitionKind
from engine.models.definitions import ProcessDefinition
from engine.models.tasks import HumanTask
from engine.models.tasks import TaskStatus
from engine.registry import REGISTRY
from engine.vocabulary import Stage

#: clues older than this many days and still unscreened are tracked by the supervisor (第十四、三十三条)
CLUE_WAIT_DAYS = 7
#: the rule a waiting clue is tracked under: screening by management authority, and the offence of delaying it
CLUE_WAIT_ARTICLE = "第十四、三十三条"
CLUE_WAIT_RULE = f"线索接到后及时筛选分流,超过{CLUE_WAIT_DAYS}日列入督办({CLUE_WAIT_ARTICLE})"

#: a step's own statutory due date (its due rule)
STEP = "step"
#: a clue waiting to be screened: no statutory deadline, tracked by the supervisor from the day it was received
WAITING = "waiting"


@dataclass(frozen=True)
class MissedDeadline:
    """The earliest statutory deadline an open step of the case has missed."""

    task_id: int
    bpmn_id: str
    step_name: str
    due_date: dt.date
    article: str


@dataclass(frozen=True)
class Deadline:
    """One deadline as every screen shows it: which step, under which rule, due when, running since when."""

    kind: str
    task_id: int
    bpmn_id: str
    step_name: str
    #: the articles of the step (a waiting clue: 第十四、三十三条)
    article: str
    #: the rule the date comes from: the step's due rule as its regulation labels it, with its article
    #: (e.g. "批准之日起7日内组织实施(第十七条)"), or the supervisor's tracking of a waiting clue
    rule: str
    #: the last day of the period (a waiting clue: the last day before the supervisor lists it)
    due_date: dt.date
    #: the day the period began: the step opened, or the clue was received
    runs_from: dt.date
    today: dt.date

    @property
    def statutory(self) -> bool:
        return self.kind == STEP

    @property
    def days_left(self) -> int:
        """Days from today to the due date (negative once past)."""
        return (self.due_date - self.today).days

    @property
    def overdue(self) -> bool:
        """A statutory deadline whose last day has passed (a waiting clue is tracked, never overdue)."""
        return self.statutory and self.due_date < self.today

    @property
    def days_overdue(self) -> int:
        return max(0, (self.today - self.due_date).days) if self.statutory else 0

    @property
    def overdue_since(self) -> dt.date:
        """The first day past the period: the period includes its last day (《民法典》第二百零三条)."""
        return self.due_date + dt.timedelta(days=1)

    @property
    def days_waiting(self) -> int:
        """Days since the period began (for a waiting clue: what the supervisor's list shows)."""
        return (self.today - self.runs_from).days

    @property
    def tracked(self) -> bool:
        """A waiting clue the supervisor lists: waiting CLUE_WAIT_DAYS days or more (第三十三条)."""
        return self.kind == WAITING and self.days_waiting >= CLUE_WAIT_DAYS

    @property
    def tracking_days(self) -> int | None:
        """For a waiting clue: after how many days the supervisor lists it."""
        return CLUE_WAIT_DAYS if self.kind == WAITING else None

    def describe_zh(self) -> str:
        """Say in one Chinese line which deadline, under which rule, since when (the Excel ledger's cell)."""
        if self.kind == WAITING:
            return (f"{self.step_name}:线索已等待{self.days_waiting}天(自{self.runs_from:%Y-%m-%d}接到),"
                    f"无法定期限,超过{CLUE_WAIT_DAYS}日列入督办({self.article})")
        head = f"{self.step_name}:{self.due_date:%Y-%m-%d}前办理;依据:{self.rule};自{self.runs_from:%Y-%m-%d}起计"
        if self.overdue:
            return f"{head};逾期{self.days_overdue}天(自{self.overdue_since:%Y-%m-%d}起)"
        return f"{head};今日到期" if self.days_left == 0 else f"{head};剩{self.days_left}天"


def _local_day(instant: dt.datetime) -> dt.date:
    return instant.astimezone(LOCAL_TZ).date()


def step_deadline(task: HumanTask, today: dt.date, due_rule: str | None = None) -> Deadline | None:
    """Return the statutory deadline of one open step (``due_rule``: the rule its diagram names, see
    ``due_rules_of``), or None when it has none (or is done)."""
    if task.status != TaskStatus.OPEN or task.due_date is None:
        return None
    rule = REGISTRY.due_rules().get(due_rule or "", task.article) if due_rule else task.article
    return Deadline(STEP, task.id, task.bpmn_id, task.name, task.article, rule, task.due_date,
                    _local_day(task.created_at), today)


def waiting_deadline(task: HumanTask, received_on: dt.date, today: dt.date) -> Deadline:
    """Return the supervisor's tracking of a clue waiting at ``task`` since ``received_on`` (第十四、三十三条)."""
    return Deadline(WAITING, task.id, task.bpmn_id, task.name, CLUE_WAIT_ARTICLE, CLUE_WAIT_RULE,
                    received_on + dt.timedelta(days=CLUE_WAIT_DAYS), received_on, today)


def days_late(task: HumanTask) -> int | None:
    """Return how many days past its due date a finished step ended (None if in time): its late mark.

    Only a step that could have kept its deadline carries the mark: one opened after its due date (the
    decision on a period already missed, 第二十八、三十一条) inherited the lateness of the step before it,
    where the mark already is, and is not marked again; nor are the steps after it.
    """
    if task.status == TaskStatus.OPEN or task.due_date is None or task.completed_at is None:
        return None
    if task.created_at is not None and _local_day(task.created_at) > task.due_date:
        return None
    late = (_local_day(task.completed_at) - task.due_date).days
    return late if late > 0 else None


#: per diagram (its sha256): (process id, user task id) → the due rule it names; a diagram's content never
#: changes under its hash, so what was read once stays true (whatever database it was deployed to)
_due_rules_by_diagram: dict[str, dict[tuple[str, str], str]] = {}
_PROPERTY = "{http://spiffworkflow.org/bpmn/schema/1.0/core}property"


def _read_due_rules(xml: str) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    root = parse_xml(xml.encode("utf-8"), filename="deployed.bpmn")  # parsed as it was on deploy
    for prop in root.iter(_PROPERTY):
        if prop.get("name") != "dueRule" or not prop.get("value"):
            continue
        task = next((a for a in prop.iterancestors() if etree.QName(a).localname == "userTask"), None)
        process = next((a for a in prop.iterancestors() if etree.QName(a).localname == "process"), None)
        if task is not None and process is not None:
            found[(process.get("id"), task.get("id"))] = prop.get("value")
    return found


def due_rules_of(session: Session, process_keys: Iterable[str]) -> dict[tuple[str, str], str]:
    """Return (process key, step id) → due rule for the deployed versions of ``process_keys``.

    A new version may not drop or change a step's due rule (processes/measures/conformance.py, due_rule_removed), so the
    versions agree; the latest wins should one ever differ. One small query; each diagram is read once.
    """
    keys = set(process_keys)
    if not keys:
        return {}
    versions = session.execute(select(ProcessDefinition.id, ProcessDefinition.sha256).where(
        ProcessDefinition.key.in_(keys), ProcessDefinition.kind == DefinitionKind.PROCESS)
        .order_by(ProcessDefinition.version)).all()
    unread = {i for i, sha in versions if sha not in _due_rules_by_diagram}
    if unread:
        for sha, xml in session.execute(select(ProcessDefinition.sha256, ProcessDefinition.xml)
                                        .where(ProcessDefinition.id.in_(unread))).all():
            _due_rules_by_diagram[sha] = _read_due_rules(xml)
    rules: dict[tuple[str, str], str] = {}
    for _, sha in versions:
        rules.update(_due_rules_by_diagram.get(sha, {}))
    return rules


def _clue_received(session: Session, case_ids: Iterable[int]) -> dict[int, dt.date]:
    ids = set(case_ids)
    if not ids:
        return {}
    return dict(session.execute(select(Case.id, Clue.received_on).join(Clue, Clue.id == Case.clue_id)
                                .where(Case.id.in_(ids))).all())


def task_deadlines(session: Session, today: dt.date, tasks: Iterable[HumanTask]) -> dict[int, Deadline]:
    """Return, per open task of ``tasks`` that has one, its deadline: statutory, or a waiting clue's tracking.

    Two small queries at most: the due rules of the steps' diagrams, the received dates of the waiting clues.
    """
    tasks = list(tasks)
    found: dict[int, Deadline] = {}
    waiting: list[HumanTask] = []
    rules = due_rules_of(session, {t.process_key for t in tasks if t.due_date is not None})
    for task in tasks:
        deadline = step_deadline(task, today, rules.get((task.process_key, task.bpmn_id)))
        if deadline is not None:
            found[task.id] = deadline
        elif task.status == TaskStatus.OPEN and task.stage == Stage.SCREENING and task.case_id is not None:
            waiting.append(task)
    received = _clue_received(session, (t.case_id for t in waiting))
    for task in waiting:
        if task.case_id in received:
            found[task.id] = waiting_deadline(task, received[task.case_id], today)
    return found


def current_deadlines(session: Session, today: dt.date, case_ids: Iterable[int]) -> dict[int, Deadline]:
    """Return, per case of ``case_ids`` that has one, the deadline it is held to today.

    The earliest due date among its open steps (a missed one is the earliest); failing that, the waiting of
    its clue at an open screening step. Closed cases have no open step, so no deadline. Two queries.
    """
    ids = {i for i in case_ids if i is not None}
    if not ids:
        return {}
    tasks = session.execute(
        select(HumanTask).where(of_cases(HumanTask, ids), HumanTask.status == TaskStatus.OPEN,
                                or_(HumanTask.due_date.is_not(None), HumanTask.stage == Stage.SCREENING))
        .order_by(HumanTask.due_date.is_(None), HumanTask.due_date, HumanTask.id)).scalars().all()
    per_task = task_deadlines(session, today, tasks)
    found: dict[int, Deadline] = {}
    for task in tasks:  # statutory ones first (ordered by due date), then the waiting clues
        deadline = per_task.get(task.id)
        if deadline is not None and (task.case_id not in found or found[task.case_id].kind == WAITING
                                     and deadline.kind == STEP):
            found[task.case_id] = deadline
    return found


def _missed_step(today: dt.date):
    return and_(of_case(HumanTask, Case.id), HumanTask.status == TaskStatus.OPEN,
                HumanTask.due_date.is_not(None), HumanTask.due_date < today)


def overdue_condition(today: dt.date) -> ColumnElement[bool]:
    """Return a SQL condition on Case: open, with a step past its deadline (or in the overdue stage)."""
    return and_(Case.status == CaseStatus.OPEN, or_(Case.overdue.is_(True), exists().where(_missed_step(today))))


def missed_deadlines(session: Session, today: dt.date, case_ids: Iterable[int]) -> dict[int, MissedDeadline]:
    """Return, per case of ``case_ids`` that is overdue today, the earliest deadline it missed: its current one."""
    return {case_id: MissedDeadline(d.task_id, d.bpmn_id, d.step_name, d.due_date, d.article)
            for case_id, d in current_deadlines(session, today, case_ids).items() if d.overdue}


def is_overdue(session: Session, today: dt.date, case: Case) -> bool:
    """Tell whether one case is overdue today (the same rule as ``overdue_condition``)."""
    if case.status != CaseStatus.OPEN:
        return False
    return bool(case.overdue) or case.id in missed_deadlines(session, today, [case.id])
