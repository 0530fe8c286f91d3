"""Where people land (issue 15 §8): after signing in, each role on its workspace; after submitting a step, on
their next step in the same case, or back in the inbox told what was done and what comes next.
"""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.models import HumanTask
from engine.models import TaskStatus
from engine.models import Unit
from engine.models import User
from engine.models.cases import of_case
from engine.permissions import task_actions
from engine.vocabulary import Role
from webui.presenters import role_label

#: roles that work cases step by step: their home is the inbox
CASE_WORKING_ROLES = frozenset({
    Role.WARNING_OFFICE, Role.DEPUTY_SECRETARY, Role.SECRETARY, Role.STANDING_COMMITTEE, Role.PARTY_CHIEF,
    Role.UNIT_PARTY_COMMITTEE,
})
#: the workspace of every other role, first held wins (the organisation and personnel departments ask the
#: integrity files whether a cadre may be promoted, 第三十一条)
WORKSPACES: tuple[tuple[str, str], ...] = (
    (Role.SUPERVISOR, "pages.supervise"),
    (Role.AUDITOR, "pages.audit_home"),
    (Role.DESIGNER, "pages.designer_home"),
    (Role.ADMIN, "pages.admin_users"),
    (Role.ORGANISATION_DEPT, "pages.check_cadre"),
    (Role.PERSONNEL_DEPT, "pages.check_cadre"),
)


def home_url(user: User, open_tasks: int) -> str:
    """The page a user starts on: the inbox for those who work cases or have steps waiting, else their workspace."""
    held = {r.role for r in user.roles}
    if open_tasks or held & CASE_WORKING_ROLES:
        return url_for("pages.inbox")
    for role, endpoint in WORKSPACES:
        if role in held:
            return url_for(endpoint)
    return url_for("pages.inbox")


def next_step_for(session: Session, user: User, case_id: int) -> HumanTask | None:
    """The user's next open step in the case (the oldest they may do now), or None."""
    open_tasks = session.execute(select(HumanTask).where(
        of_case(HumanTask, case_id), HumanTask.status == TaskStatus.OPEN).order_by(HumanTask.id)).scalars()
    return next((t for t in open_tasks if task_actions(user, t)["complete"]), None)


def what_comes_next(session: Session, case_id: int) -> str:
    """Name the case's open steps and who does them, as a sentence; or say that nothing waits."""
    open_tasks = list(session.execute(select(HumanTask).where(
        of_case(HumanTask, case_id), HumanTask.status == TaskStatus.OPEN).order_by(HumanTask.id)).scalars())
    if not open_tasks:
        return _("本案件目前没有待办环节。")
    units = dict(session.execute(select(Unit.id, Unit.name).where(
        Unit.id.in_({c.unit_id for t in open_tasks for c in t.candidates}))).all())
    parts = []
    for task in open_tasks:
        who = "、".join(f"{units.get(c.unit_id, '')}{role_label(c.role)}" for c in task.candidates)
        parts.append(_("「%(step)s」由%(who)s办理", step=task.name, who=who) if who else f"「{task.name}」")
    return _("下一步:%(steps)s。", steps=_(";").join(parts))
