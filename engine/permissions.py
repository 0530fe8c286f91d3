"""Who may see and do what: role × unit scope (management authority) × object state (SECURITY.md 24, 25).

Out-of-scope objects raise NotFound, so their existence is not disclosed; in-scope but forbidden
actions raise NotPermitted. A cadre never sees or acts on a case about themself.
"""
from __future__ import annotations

from sqlalchemy import ColumnElement
from sqlalchemy import bindparam
from sqlalchemy import false
from sqlalchemy import inspect
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import true
from sqlalchemy.orm import Session
from sqlalchemy.orm import joinedload

from engine.county import reach_paths
from engine.errors import NotFound
from engine.errors import NotPermitted
from engine.errors import OutOfScope
from engine.errors import TaskAlreadyCompleted
from engine.errors import TaskNotClaimable
from engine.models.cases import Case
from engine.models.cases import Clue
from engine.models.people import Cadre
from engine.models.people import Unit
from engine.models.people import User
from engine.models.tasks import HumanTask
from engine.models.tasks import TaskStatus
from engine.vocabulary import Role

#: Roles whose holders see the cases handled in their unit and every unit below it.
CASE_READER_ROLES = frozenset({
    Role.WARNING_OFFICE, Role.DEPUTY_SECRETARY, Role.SECRETARY, Role.STANDING_COMMITTEE, Role.PARTY_CHIEF,
    Role.UNIT_PARTY_COMMITTEE, Role.SUPERVISOR, Role.AUDITOR,
})
#: Roles that may ask whether a cadre is under restriction (第三十一条).
RESTRICTION_READER_ROLES = CASE_READER_ROLES | {Role.ORGANISATION_DEPT, Role.PERSONNEL_DEPT}
#: Roles told of every restriction in the county, whatever unit the cadre is in (第三十一条).
COUNTY_RESTRICTION_ROLES = frozenset({Role.ORGANISATION_DEPT, Role.PERSONNEL_DEPT})


def _role_unit_paths(session: Session, user: User, roles: frozenset[str]) -> list[str]:
    # the county commission's roles reach the whole county (engine.county)
    return reach_paths(session, {r.unit_id for r in user.roles if r.role in roles})


def case_scope_filter(session: Session, user: User) -> ColumnElement[bool]:
    """Return a SQL condition on Case selecting the cases ``user`` may read."""
    paths = _role_unit_paths(session, user, CASE_READER_ROLES)
    if not paths:
        return false()
    handling_paths = select(Unit.id).where(or_(*[Unit.path.startswith(p) for p in paths]))
    condition = Case.handling_unit_id.in_(handling_paths)
    if user.cadre_id is not None:
        condition = condition & (Case.cadre_id != user.cadre_id)
    return condition


def cadre_scope_filter(session: Session, user: User) -> ColumnElement[bool]:
    """Return a SQL condition on Cadre selecting the cadres whose warnings and restrictions ``user`` may see.

    The organisation and personnel departments are told of every ordered correction in the county
    (第三十一条), so they see every cadre; a discipline body sees the cadres of the units it covers and those
    those units manage. Nobody sees their own file.
    """
    if any(r.role in COUNTY_RESTRICTION_ROLES for r in user.roles):
        condition: ColumnElement[bool] = true()
        if user.cadre_id is not None:
            condition = condition & (Cadre.id != user.cadre_id)
        return condition
    return cadres_covered_filter(session, user, CASE_READER_ROLES)


def cadres_covered_filter(session: Session, user: User, roles: frozenset[str]) -> ColumnElement[bool]:
    """Return a SQL condition on Cadre selecting the cadres of the units where ``user`` holds one of ``roles``.

    A unit covers itself and every unit below it; a cadre is covered when the cadre works in a covered unit or
    is managed by one (management authority, 谁主管、谁负责). Never the user's own cadre record.
    """
    condition = cadres_of_units_filter(session, {r.unit_id for r in user.roles if r.role in roles})
    if user.cadre_id is not None:
        condition = condition & (Cadre.id != user.cadre_id)
    return condition


def cadres_of_units_filter(session: Session, unit_ids: set[int]) -> ColumnElement[bool]:
    """Return a SQL condition on Cadre selecting the cadres working in, or managed by, the units ``unit_ids``
    reach (each unit and every unit below it; the county commission the whole county, engine.county)."""
    paths = reach_paths(session, unit_ids)
    if not paths:
        return false()
    covered = select(Unit.id).where(or_(*[Unit.path.startswith(p) for p in paths]))
    return Cadre.unit_id.in_(covered) | Cadre.managed_by_unit_id.in_(covered)


def can_read_case(session: Session, user: User, case: Case) -> bool:
    """Tell whether ``user`` may read ``case``."""
    if user.cadre_id is not None and user.cadre_id == case.cadre_id:
        return False
    paths = _role_unit_paths(session, user, CASE_READER_ROLES)
    if not paths:
        return False
    units = [case.handling_unit_id]
    clue = session.get(Clue, case.clue_id)
    if clue is not None:
        units.append(clue.receiving_unit_id)  # the unit that reported a clue up keeps sight of it
    unit_paths = session.execute(select(Unit.path).where(Unit.id.in_(units))).scalars().all()
    return any(up.startswith(p) for up in unit_paths for p in paths)


def load_case_for(session: Session, user: User, case_id: int) -> Case:
    """Load a case the user may read, or raise NotFound."""
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound("案件不存在或无权查看")
    if not can_read_case(session, user, case):
        raise OutOfScope("案件不存在或无权查看")
    return case


def is_candidate(user: User, task: HumanTask) -> bool:
    """Tell whether the user holds one of the task's candidate roles in its unit."""
    held = {(r.role, r.unit_id) for r in user.roles}
    return any((c.role, c.unit_id) in held for c in task.candidates)


# The task with its candidates (checking them is the first thing done with a task) in one query, built once:
# Session.get would build its statement anew on every call, which costs more than running it.
_TASK_WITH_CANDIDATES = (select(HumanTask).where(HumanTask.id == bindparam("task_id"))
                         .options(joinedload(HumanTask.candidates)))
_TASK_MAPPER = inspect(HumanTask)


def _task(session: Session, task_id: int) -> HumanTask | None:
    # Like Session.get: a task this session already holds is not read again.
    known = session.identity_map.get(_TASK_MAPPER.identity_key_from_primary_key([task_id]))
    if known is not None:
        return known
    return session.execute(_TASK_WITH_CANDIDATES, {"task_id": task_id}).unique().scalar_one_or_none()


def load_task_for(session: Session, user: User, task_id: int) -> HumanTask:
    """Load a task the user may see (a candidate, or a reader of its case), or raise NotFound."""
    task = _task(session, task_id)
    if task is None:
        raise NotFound("待办事项不存在或无权查看")
    case = session.get(Case, task.case_id) if task.case_id else None
    if case is not None and user.cadre_id is not None and user.cadre_id == case.cadre_id:
        raise OutOfScope("待办事项不存在或无权查看")
    if is_candidate(user, task) or (case is not None and can_read_case(session, user, case)):
        return task
    raise OutOfScope("待办事项不存在或无权查看")


def check_can_work_on(user: User, task: HumanTask) -> None:
    """Raise unless the user may claim or complete the open task now."""
    if task.status != TaskStatus.OPEN:
        raise TaskAlreadyCompleted("该环节已由他人办理完毕")
    if not is_candidate(user, task):
        raise NotPermitted("您没有办理该环节的角色")
    if user.id in (task.excluded_user_ids or []):
        raise NotPermitted("提出建议或填表的人员不得审批同一事项(第十七条)", code="segregation_of_duties")
    if task.assignee_id is not None and task.assignee_id != user.id:
        raise TaskNotClaimable("该环节已被他人签收")


def task_actions(user: User, task: HumanTask) -> dict[str, bool]:
    """Return what the user may do with a task now: claim it, complete it, give it back."""
    try:
        check_can_work_on(user, task)
        may_work = True
    except (NotPermitted, TaskAlreadyCompleted, TaskNotClaimable):
        may_work = False
    return {"claim": may_work and task.assignee_id != user.id, "complete": may_work,
            "unclaim": task.status == TaskStatus.OPEN and task.assignee_id == user.id}
