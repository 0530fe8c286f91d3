"""Read-side queries over the projections: inbox, ledger, case detail, events, restrictions.

None of these deserialise a workflow: they read the HumanTask, Case, Document and AuditEvent tables
through their indexes.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import Select
from sqlalchemy import and_
from sqlalchemy import case as sql_case
from sqlalchemy import func
from sqlalchemy import literal
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import union_all
from sqlalchemy.orm import Session

from engine.clock import Clock
from engine.clock import local_today
from engine.errors import NotFound
from engine.errors import NotPermitted
from engine.errors import OutOfScope
from engine.models.audit import AuditEvent
from engine.models.cases import CASE_SUBJECT
from engine.models.cases import Case
from engine.models.cases import Restriction
from engine.models.cases import of_case
from engine.models.cases import of_cases
from engine.models.definitions import ProcessDefinition
from engine.models.instances import ProcessInstance
from engine.models.issued_documents import Document
from engine.models.people import Cadre
from engine.models.people import User
from engine.models.tasks import HumanTask
from engine.models.tasks import TaskCandidate
from engine.models.tasks import TaskExclusion
from engine.models.tasks import TaskStatus
from engine.overdue import overdue_condition
from engine.permissions import RESTRICTION_READER_ROLES
from engine.permissions import cadre_scope_filter
from engine.permissions import case_scope_filter
from engine.permissions import load_case_for
from engine.permissions import load_task_for

MAX_PER_PAGE = 100  # SECURITY.md 28: lists are paginated with a hard cap
#: ledger sort keys → the column ordered by
CASE_SORTS = {"opened": Case.opened_on, "due": Case.current_due_date, "number": Case.number}


@dataclass
class Page:
    """One page of a list."""

    items: list[Any]
    total: int
    page: int
    per_page: int


def paginate(session: Session, stmt: Select, page: int, per_page: int, *, with_total: bool = True) -> Page:
    """Return one page of ``stmt``'s rows (per_page clamped to MAX_PER_PAGE) with the total count."""
    page = max(1, page)
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    total = -1
    if with_total:
        total = session.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar_one()
    items = session.execute(stmt.limit(per_page).offset((page - 1) * per_page)).scalars().all()
    return Page(list(items), total, page, per_page)


def list_tasks(
    session: Session,
    clock: Clock,
    user: User,
    *,
    view: str = "all",
    status: str = TaskStatus.OPEN,
    overdue: bool | None = None,
    due_before: dt.date | None = None,
    due_from: dt.date | None = None,
    warning_type: str | None = None,
    unit_id: int | None = None,
    stage: str | None = None,
    case_number: str | None = None,
    q: str | None = None,
    page: int = 1,
    per_page: int = 20,
    with_total: bool = True,
) -> Page:
    """Return the user's inbox: ``mine`` (claimed by me), ``groups`` (my roles' queue), ``all`` (both), ``done``.

    ``with_total=False`` skips the count (``Page.total`` is then -1) for callers that know it already.
    """
    in_my_groups = _in_my_groups(user)
    stmt = select(HumanTask)
    if view == "mine":
        stmt = stmt.where(HumanTask.assignee_id == user.id, HumanTask.status == status)
    elif view == "groups":
        stmt = stmt.where(in_my_groups, HumanTask.assignee_id.is_(None), HumanTask.status == status)
    elif view == "done":
        status = TaskStatus.COMPLETED
        stmt = stmt.where(HumanTask.completed_by_id == user.id, HumanTask.status == status)
    else:
        # The status is filtered inside: repeated out here, it leads SQLite to walk every task in that status
        # (the status index) instead of looking up the few ids the two indexed lookups found.
        stmt = stmt.where(HumanTask.id.in_(_my_task_ids(user, status, in_my_groups)))
    if user.cadre_id is not None:
        stmt = stmt.where(_not_about_myself(user))
    now = clock.now()
    if overdue is True:
        stmt = stmt.where(HumanTask.due_at < now)
    if due_before is not None:
        stmt = stmt.where(HumanTask.due_date <= due_before)
    if due_from is not None:
        stmt = stmt.where(HumanTask.due_date >= due_from)
    if warning_type:
        stmt = stmt.where(HumanTask.category == warning_type)
    if unit_id:
        stmt = stmt.where(HumanTask.unit_id == unit_id)
    if stage:
        stmt = stmt.where(HumanTask.stage == stage)
    if case_number:
        stmt = stmt.where(of_cases(HumanTask, select(Case.id).where(Case.number.contains(case_number))))
    if q:
        # A case number or the subject's name, as people type either into the one search box.
        by_name = select(Cadre.id).where(Cadre.name.contains(q))
        stmt = stmt.where(of_cases(
            HumanTask, select(Case.id).where(or_(Case.number.contains(q), Case.cadre_id.in_(by_name)))))
    order = HumanTask.completed_at.desc() if status == TaskStatus.COMPLETED else HumanTask.due_at.asc().nulls_last()
    return paginate(session, stmt.order_by(order, HumanTask.id), page, per_page, with_total=with_total)


def _in_my_groups(user: User) -> ColumnElement[bool]:
    pairs = [(r.role, r.unit_id) for r in user.roles]
    if not pairs:
        return HumanTask.id.is_(None)
    # A task's candidates are all held in the task's own unit: filtering on the indexed unit first keeps
    # the candidate check to the open tasks of the user's units, each then looked up by its task id (an
    # uncorrelated IN over every candidate of the role let PostgreSQL rescan them once per task).
    # The check is a scalar subquery, not EXISTS: PostgreSQL turns EXISTS into a semi-join whose plan rests on
    # statistics, and on tables never analysed it scanned every candidate of the unit for each task (1.1
    # million rows, 2 s; issue 14 §2). A scalar subquery stays a per-task probe whose index condition holds
    # the task id, whatever the planner estimates.
    candidates = (select(func.count()).select_from(TaskCandidate).where(
        TaskCandidate.task_id == HumanTask.id,
        or_(*[and_(TaskCandidate.role == role, TaskCandidate.unit_id == unit_id) for role, unit_id in pairs]),
    ).scalar_subquery())
    # issue 14 §3.3: a step the user must keep apart from (they proposed, checked or filled the matter,
    # 第十五–十七条) is not theirs, and does not wait in their queue as if it were; a per-task probe too.
    excluded = (select(func.count()).select_from(TaskExclusion).where(
        TaskExclusion.task_id == HumanTask.id, TaskExclusion.user_id == user.id).scalar_subquery())
    return and_(HumanTask.unit_id.in_({unit_id for _, unit_id in pairs}), candidates > 0, excluded == 0)


def _my_task_ids(user: User, status: str, in_my_groups: ColumnElement[bool]):
    # Two indexed lookups joined by UNION: an OR across them would scan every open task.
    mine = select(HumanTask.id).where(HumanTask.assignee_id == user.id, HumanTask.status == status)
    queue = select(HumanTask.id).where(in_my_groups, HumanTask.assignee_id.is_(None), HumanTask.status == status)
    return union_all(mine, queue)


def _not_about_myself(user: User) -> ColumnElement[bool]:
    # A cadre never sees steps of a case about themself; a step serving no case is not about them.
    return or_(HumanTask.subject_type.is_(None), HumanTask.subject_type != CASE_SUBJECT,
               HumanTask.subject_id.not_in(select(Case.id).where(Case.cadre_id == user.cadre_id)))


@dataclass(frozen=True)
class InboxCounts:
    """How many open tasks wait for the user, by inbox tab."""

    mine: int
    groups: int
    due_soon: int
    overdue: int

    @property
    def open(self) -> int:
        return self.mine + self.groups


#: days ahead that count as "due soon" (即将到期)
DUE_SOON_DAYS = 3


def inbox_counts(session: Session, clock: Clock, user: User) -> InboxCounts:
    """Count the user's open tasks per tab in one query (the inbox tabs and the menu badge)."""
    now = clock.now()
    today = local_today(clock)
    one = literal(1)
    stmt = select(
        func.coalesce(func.sum(sql_case((HumanTask.assignee_id == user.id, one), else_=0)), 0),
        func.coalesce(func.sum(sql_case((HumanTask.assignee_id.is_(None), one), else_=0)), 0),
        func.coalesce(func.sum(sql_case((and_(HumanTask.due_date >= today,
                                          HumanTask.due_date <= today + dt.timedelta(days=DUE_SOON_DAYS)), one),
                                    else_=0)), 0),
        func.coalesce(func.sum(sql_case((HumanTask.due_at < now, one), else_=0)), 0),
    ).where(HumanTask.id.in_(_my_task_ids(user, TaskStatus.OPEN, _in_my_groups(user))))
    if user.cadre_id is not None:
        stmt = stmt.where(_not_about_myself(user))
    mine, groups, due_soon, overdue = session.execute(stmt).one()
    return InboxCounts(int(mine), int(groups), int(due_soon), int(overdue))


def list_cases(
    session: Session,
    user: User,
    *,
    status: str | None = None,
    warning_type: str | None = None,
    unit_id: int | None = None,
    overdue: bool | None = None,
    cadre_id: int | None = None,
    stage: str | None = None,
    q: str | None = None,
    sort: str | None = None,
    page: int = 1,
    per_page: int = 20,
    today: dt.date | None = None,
) -> Page:
    """Return the ledger (一案一例台帐, 第二十六条) restricted to the cases the user may read.

    ``sort`` is a key of ``CASE_SORTS``, with a leading ``-`` for descending; newest first otherwise.
    ``overdue`` filters by ``engine.overdue.overdue_condition`` as of ``today`` (issue 14 §4).
    """
    stmt = select(Case).where(case_scope_filter(session, user))
    if status:
        stmt = stmt.where(Case.status == status)
    if warning_type:
        stmt = stmt.where(Case.warning_type == warning_type)
    if unit_id:
        stmt = stmt.where(Case.handling_unit_id == unit_id)
    if overdue is not None:
        if today is None:
            raise ValueError("filtering by overdue needs today's date")
        late = overdue_condition(today)
        stmt = stmt.where(late if overdue else ~late)
    if cadre_id:
        stmt = stmt.where(Case.cadre_id == cadre_id)
    if stage:
        stmt = stmt.where(Case.stage == stage)
    if q:
        stmt = stmt.where(
            or_(Case.number.contains(q), Case.cadre_id.in_(select(Cadre.id).where(Cadre.name.contains(q))))
        )
    column = CASE_SORTS.get((sort or "").lstrip("-"))
    if column is None:
        order = [Case.id.desc()]
    else:
        order = [column.desc().nulls_last() if sort.startswith("-") else column.asc().nulls_last(), Case.id.desc()]
    return paginate(session, stmt.order_by(*order), page, per_page)


@dataclass
class CaseDetail:
    """A case with everything its page shows."""

    case: Case
    documents: list[Document]
    restrictions: list[Restriction]
    tasks: list[HumanTask]


def case_detail(session: Session, user: User, case_id: int) -> CaseDetail:
    """Return a case the user may read, with documents, restrictions and steps."""
    case = load_case_for(session, user, case_id)
    documents = (
        session.execute(select(Document).where(of_case(Document, case.id)).order_by(Document.id)).scalars().all()
    )
    restrictions = session.execute(
        select(Restriction).where(Restriction.case_id == case.id).order_by(Restriction.id)
    ).scalars().all()
    tasks = (
        session.execute(select(HumanTask).where(of_case(HumanTask, case.id)).order_by(HumanTask.id)).scalars().all()
    )
    return CaseDetail(case, list(documents), list(restrictions), list(tasks))


def case_events(session: Session, user: User, case_id: int, *, page: int = 1,
                per_page: int = MAX_PER_PAGE) -> Page:
    """Return a page of a case's audit events, oldest first (a long case has thousands)."""
    case = load_case_for(session, user, case_id)
    return paginate(session, select(AuditEvent).where(AuditEvent.case_id == case.id).order_by(AuditEvent.seq),
                    page, per_page)


@dataclass
class RestrictionAnswer:
    """May this cadre be promoted or take part in awards today, and if not, why (第三十一条)."""

    cadre: Cadre
    on: dt.date
    may_be_promoted: bool
    may_receive_awards: bool
    #: [{kind, case_number, case_id, starts_on, rectification_due_date}]
    reasons: list[dict]


def cadre_restrictions(session: Session, clock: Clock, user: User, cadre_id: int) -> RestrictionAnswer:
    """Answer the organisation department: is the cadre under a warning restriction right now (第三十一条)."""
    if not any(r.role in RESTRICTION_READER_ROLES for r in user.roles):
        raise NotPermitted("无权查询干部预警限制情况")
    cadre = session.execute(
        select(Cadre).where(Cadre.id == cadre_id, cadre_scope_filter(session, user))).scalar_one_or_none()
    if cadre is None:
        exists = session.get(Cadre, cadre_id) is not None
        raise (OutOfScope if exists else NotFound)("干部不存在或无权查询")
    today = local_today(clock)
    rows = session.execute(
        select(Restriction, Case).join(Case, Case.id == Restriction.case_id)
        .where(Restriction.cadre_id == cadre.id, Restriction.starts_on <= today,
               or_(Restriction.ends_on.is_(None), Restriction.ends_on > today))
        .order_by(Restriction.id)
    ).all()
    reasons = [{
        "kind": r.kind, "case_id": c.id, "case_number": c.number, "starts_on": r.starts_on,
        "rectification_due_date": c.current_due_date, "article": r.article,
    } for r, c in rows]
    kinds = {r["kind"] for r in reasons}
    return RestrictionAnswer(cadre, today, "promotion" not in kinds, "award" not in kinds, reasons)


@dataclass
class Diagram:
    """One process diagram of a case, with the steps to mark on it."""

    key: str
    name: str
    definition_id: int
    version: int
    active: list[str]
    done: list[str]


def case_diagrams(session: Session, case: Case) -> list[Diagram]:
    """Return the diagrams of the processes a case has been through, at the versions it runs on.

    Steps come from the task projection, so no workflow is deserialised; the process the case stands in
    now comes first.
    """
    instance = session.execute(select(ProcessInstance).where(of_case(ProcessInstance, case.id))).scalar_one_or_none()
    if instance is None:
        return []
    tasks = session.execute(select(HumanTask.process_key, HumanTask.bpmn_id, HumanTask.status)
                            .where(of_case(HumanTask, case.id)).order_by(HumanTask.id)).all()
    definitions = session.execute(
        select(ProcessDefinition.id, ProcessDefinition.key, ProcessDefinition.name, ProcessDefinition.version)
        .where(ProcessDefinition.id.in_(instance.definition_ids))).all()
    diagrams: dict[str, Diagram] = {
        d.key: Diagram(d.key, d.name, d.id, d.version, [], []) for d in definitions}
    for process_key, bpmn_id, status in tasks:
        diagram = diagrams.get(process_key)
        if diagram is None:
            continue
        target = diagram.active if status == TaskStatus.OPEN else diagram.done
        if bpmn_id not in target:
            target.append(bpmn_id)
    visited = [d for d in diagrams.values() if d.active or d.done]
    return sorted(visited, key=lambda d: (not d.active, d.key != instance_key(session, instance), d.key))


def instance_key(session: Session, instance: ProcessInstance) -> str:
    """Return the key of an instance's main process."""
    return session.execute(
        select(ProcessDefinition.key).where(ProcessDefinition.id == instance.definition_id)
    ).scalar_one()


def definition_xml_for(session: Session, user: User, case_id: int, definition_id: int) -> str:
    """Return the BPMN XML of a definition the case runs on, for a user who may read the case."""
    case = load_case_for(session, user, case_id)
    instance = session.execute(select(ProcessInstance).where(of_case(ProcessInstance, case.id))).scalar_one_or_none()
    if instance is None or definition_id not in instance.definition_ids:
        raise NotFound("流程图不存在")
    return session.get(ProcessDefinition, definition_id).xml


def task_diagram(session: Session, user: User, task_id: int) -> tuple[ProcessDefinition, list[str]]:
    """Return the definition a task belongs to and the case's completed steps in it (for the task page)."""
    task = load_task_for(session, user, task_id)
    instance = session.get(ProcessInstance, task.instance_id)
    definition = session.execute(select(ProcessDefinition).where(
        ProcessDefinition.id.in_(instance.definition_ids), ProcessDefinition.key == task.process_key)).scalar_one()
    done = session.execute(select(HumanTask.bpmn_id).where(
        HumanTask.instance_id == instance.id, HumanTask.process_key == task.process_key,
        HumanTask.status == TaskStatus.COMPLETED)).scalars().all()
    return definition, sorted(set(done))
