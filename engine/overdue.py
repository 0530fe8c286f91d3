"""When a case is overdue: one rule read by the case summary, the ledger, its Excel export, the API, the
inbox and the supervisor alike (issue 14 §4).

A case is overdue while any of its open steps has passed its statutory deadline: the start of carrying
out a warning within 7 days of approval (第十七条), a reply or rectification period (第二十七–三十条), any
step with a due rule. It is "the deadline it missed" that the reader is shown: the step, its due date and
its article. Once the late step is done (the late start made, the late reply accepted), the mark stays on
that step in the case's history (its completion after its due date) and is not carried to the steps
after it. Time-dependent as it is, the rule is evaluated when read, never stored: a stored flag would say
"not overdue" from the moment the deadline passed until something else touched the case.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_
from sqlalchemy import exists
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from engine.models.cases import Case
from engine.models.cases import CaseStatus
from engine.models.cases import of_case
from engine.models.cases import of_cases
from engine.models.tasks import HumanTask
from engine.models.tasks import TaskStatus


@dataclass(frozen=True)
class MissedDeadline:
    """The earliest statutory deadline an open step of the case has missed."""

    task_id: int
    bpmn_id: str
    step_name: str
    due_date: dt.date
    article: str


def _missed_step(today: dt.date):
    return and_(of_case(HumanTask, Case.id), HumanTask.status == TaskStatus.OPEN,
                HumanTask.due_date.is_not(None), HumanTask.due_date < today)


def overdue_condition(today: dt.date) -> ColumnElement[bool]:
    """Return a SQL condition on Case: open, with a step past its deadline (or in the overdue stage)."""
    return and_(Case.status == CaseStatus.OPEN, or_(Case.overdue.is_(True), exists().where(_missed_step(today))))


def missed_deadlines(session: Session, today: dt.date, case_ids: Iterable[int]) -> dict[int, MissedDeadline]:
    """Return, per case of ``case_ids`` that is overdue today, the earliest deadline it missed."""
    ids = {i for i in case_ids if i is not None}
    if not ids:
        return {}
    rows = session.execute(
        select(HumanTask.subject_id, HumanTask.id, HumanTask.bpmn_id, HumanTask.name, HumanTask.due_date,
               HumanTask.article)
        .where(of_cases(HumanTask, ids), HumanTask.status == TaskStatus.OPEN, HumanTask.due_date.is_not(None),
               HumanTask.due_date < today)
        .order_by(HumanTask.due_date, HumanTask.id)).all()
    missed: dict[int, MissedDeadline] = {}
    for case_id, task_id, bpmn_id, name, due_date, article in rows:
        missed.setdefault(case_id, MissedDeadline(task_id, bpmn_id, name, due_date, article))
    return missed


def is_overdue(session: Session, today: dt.date, case: Case) -> bool:
    """Tell whether one case is overdue today (the same rule as ``overdue_condition``)."""
    if case.status != CaseStatus.OPEN:
        return False
    return bool(case.overdue) or case.id in missed_deadlines(session, today, [case.id])
