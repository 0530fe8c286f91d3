"""Read-side queries over the projections: inbox, ledger, case detail, events, restrictions.

None of these deserialise a workflow: they read the HumanTask, Case, Document and AuditEvent tables
through their indexes.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy import and_
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import union_all
from sqlalchemy.orm import Session

from engine.clock import Clock
from engine.clock import local_today
from engine.errors import NotFound
from engine.errors import NotPermitted
from engine.models.audit import AuditEvent
from engine.models.cases import Case
from engine.models.cases import Restriction
from engine.models.documents import Document
from engine.models.people import Cadre
from engine.models.people import User
from engine.models.tasks import HumanTask
from engine.models.tasks import TaskCandidate
from engine.models.tasks import TaskStatus
from engine.permissions import RESTRICTION_READER_ROLES
from engine.permissions import case_scope_filter
from engine.permissions import load_case_for

MAX_PER_PAGE = 100  # SECURITY.md 28: lists are paginated with a hard cap


@dataclass
class Page:
    """One page of a list."""

    items: list[Any]
    total: int
    page: int
    per_page: int


def _paginate(session: Session, stmt: Select, page: int, per_page: int) -> Page:
    page = max(1, page)
    per_page = max(1, min(per_page, MAX_PER_PAGE))
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
    warning_type: str | None = None,
    unit_id: int | None = None,
    stage: str | None = None,
    case_number: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> Page:
    """Return the user's inbox: ``mine`` (claimed by me), ``groups`` (my roles' queue), ``all`` (both), ``done``."""
    pairs = [(r.role, r.unit_id) for r in user.roles]
    # A task's candidates are all held in the task's own unit: filtering on the indexed unit first keeps
    # the candidate lookup to the user's units instead of every open task.
    in_my_groups = and_(
        HumanTask.unit_id.in_({unit_id for _, unit_id in pairs}),
        HumanTask.id.in_(
            select(TaskCandidate.task_id).where(
                or_(*[and_(TaskCandidate.role == role, TaskCandidate.unit_id == unit_id) for role, unit_id in pairs]))
        ),
    ) if pairs else HumanTask.id.is_(None)
    stmt = select(HumanTask)
    if view == "mine":
        stmt = stmt.where(HumanTask.assignee_id == user.id)
    elif view == "groups":
        stmt = stmt.where(in_my_groups, HumanTask.assignee_id.is_(None))
    elif view == "done":
        stmt = stmt.where(HumanTask.completed_by_id == user.id)
        status = TaskStatus.COMPLETED
    else:
        # Two indexed lookups joined by UNION: an OR across them would scan every open task.
        mine = select(HumanTask.id).where(HumanTask.assignee_id == user.id, HumanTask.status == status)
        queue = select(HumanTask.id).where(in_my_groups, HumanTask.assignee_id.is_(None), HumanTask.status == status)
        stmt = stmt.where(HumanTask.id.in_(union_all(mine, queue)))
    stmt = stmt.where(HumanTask.status == status)
    if user.cadre_id is not None:
        # A cadre never sees steps of a case about themself.
        stmt = stmt.where(HumanTask.case_id.not_in(select(Case.id).where(Case.cadre_id == user.cadre_id)))
    now = clock.now()
    if overdue is True:
        stmt = stmt.where(HumanTask.due_at < now)
    if due_before is not None:
        stmt = stmt.where(HumanTask.due_date <= due_before)
    if warning_type:
        stmt = stmt.where(HumanTask.warning_type == warning_type)
    if unit_id:
        stmt = stmt.where(HumanTask.unit_id == unit_id)
    if stage:
        stmt = stmt.where(HumanTask.stage == stage)
    if case_number:
        stmt = stmt.where(HumanTask.case_id.in_(select(Case.id).where(Case.number.contains(case_number))))
    order = HumanTask.completed_at.desc() if status == TaskStatus.COMPLETED else HumanTask.due_at.asc().nulls_last()
    return _paginate(session, stmt.order_by(order, HumanTask.id), page, per_page)


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
    page: int = 1,
    per_page: int = 20,
) -> Page:
    """Return the ledger (一案一例台帐, 第二十六条) restricted to the cases the user may read."""
    stmt = select(Case).where(case_scope_filter(session, user))
    if status:
        stmt = stmt.where(Case.status == status)
    if warning_type:
        stmt = stmt.where(Case.warning_type == warning_type)
    if unit_id:
        stmt = stmt.where(Case.handling_unit_id == unit_id)
    if overdue is not None:
        stmt = stmt.where(Case.overdue.is_(overdue))
    if cadre_id:
        stmt = stmt.where(Case.cadre_id == cadre_id)
    if stage:
        stmt = stmt.where(Case.stage == stage)
    if q:
        stmt = stmt.where(or_(Case.number.contains(q), Case.cadre_id.in_(select(Cadre.id).where(Cadre.name.contains(q)))))
    return _paginate(session, stmt.order_by(Case.id.desc()), page, per_page)


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
    documents = session.execute(select(Document).where(Document.case_id == case.id).order_by(Document.id)).scalars().all()
    restrictions = session.execute(
        select(Restriction).where(Restriction.case_id == case.id).order_by(Restriction.id)
    ).scalars().all()
    tasks = session.execute(select(HumanTask).where(HumanTask.case_id == case.id).order_by(HumanTask.id)).scalars().all()
    return CaseDetail(case, list(documents), list(restrictions), list(tasks))


def case_events(session: Session, user: User, case_id: int) -> list[AuditEvent]:
    """Return the audit events of a case in order."""
    case = load_case_for(session, user, case_id)
    return list(session.execute(
        select(AuditEvent).where(AuditEvent.case_id == case.id).order_by(AuditEvent.seq)
    ).scalars())


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
    cadre = session.get(Cadre, cadre_id)
    if cadre is None or cadre.id == user.cadre_id:
        raise NotFound("干部不存在或无权查询")
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
