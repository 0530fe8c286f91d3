"""Four eyes on powerful roles (issue 14 §3.12): a leader's, a designer's or an auditor's role is given only
when a second administrator approves what the first asked, as publishing a process needs a second designer.

Whoever asked may not approve, nor may the person who would receive the role (an administrator granting a
role to themself still needs another). Both the request and the decision are audited.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.errors import ConcurrencyConflict
from engine.errors import NotFound
from engine.errors import NotPermitted
from engine.models.people import RoleAssignment
from engine.models.people import Unit
from engine.models.people import User
from engine.models.role_grants import GRANT_TRANSITIONS
from engine.models.role_grants import GrantStatus
from engine.models.role_grants import RoleGrantRequest
from engine.registry import REGISTRY
from engine.vocabulary import Role

#: decision-takers (every regulation's approvals), designers (they change how every case runs), auditors (read all)
FOUR_EYES_ROLES = frozenset({Role.DEPUTY_SECRETARY, Role.SECRETARY, Role.STANDING_COMMITTEE, Role.PARTY_CHIEF,
                             Role.DESIGNER, Role.AUDITOR})


@dataclass(frozen=True)
class PendingGrant:
    """A request as the users page lists it."""

    request: RoleGrantRequest
    user: User
    unit: Unit
    requested_by: User


def _admin(actor: Actor) -> User:
    if actor.user is None or not actor.user.holds(Role.ADMIN):
        raise NotPermitted("只有系统管理员可以管理账号和角色")
    return actor.user


def request_role_grant(session: Session, clock: Clock, actor: Actor, user: User, role: str,
                       unit: Unit) -> RoleGrantRequest:
    """Record that ``actor`` asks to give ``user`` a four-eyes role in ``unit`` (already validated by the caller)."""
    request = RoleGrantRequest(user_id=user.id, role=role, unit_id=unit.id, requested_by_id=actor.user_id,
                               requested_at=clock.now(), status=GrantStatus.PENDING)
    session.add(request)
    session.flush()
    audit.record(session, clock, actor, "role.grant_requested", "user", user.id, role=Role.ADMIN,
                 after={"request_id": request.id, "role": role, "unit_id": unit.id})
    return request


def _decidable(session: Session, actor: Actor, request_id: int) -> RoleGrantRequest:
    admin = _admin(actor)
    request = session.get(RoleGrantRequest, request_id)
    if request is None:
        raise NotFound("未找到该授权申请")
    if GrantStatus(request.status) not in {s for s, nexts in GRANT_TRANSITIONS.items() if nexts}:
        raise ConcurrencyConflict("该授权申请已处理", code="grant_decided")
    if admin.id in (request.requested_by_id, request.user_id):
        raise NotPermitted("授予领导、流程设计或审计角色须由另一名系统管理员批准,申请人和被授予人本人不能批准",
                           code="four_eyes")
    return request


def approve_role_grant(session: Session, clock: Clock, actor: Actor, request_id: int) -> RoleAssignment:
    """Approve a pending request as a second administrator: the role is granted now."""
    request = _decidable(session, actor, request_id)
    user = session.get(User, request.user_id)
    request.status = GrantStatus.APPROVED
    request.decided_by_id = actor.user_id
    request.decided_at = clock.now()
    if user.holds(request.role, request.unit_id):
        raise ConcurrencyConflict(f"{user.display_name}已担任该角色", code="role_held")
    assignment = RoleAssignment(role=request.role, unit_id=request.unit_id)
    user.roles.append(assignment)
    session.flush()
    audit.record(session, clock, actor, "role.granted", "user", user.id, role=Role.ADMIN,
                 after={"granted": {"id": assignment.id, "role": request.role, "unit_id": request.unit_id},
                        "request_id": request.id, "requested_by_id": request.requested_by_id})
    return assignment


def reject_role_grant(session: Session, clock: Clock, actor: Actor, request_id: int) -> RoleGrantRequest:
    """Reject a pending request as a second administrator."""
    request = _decidable(session, actor, request_id)
    request.status = GrantStatus.REJECTED
    request.decided_by_id = actor.user_id
    request.decided_at = clock.now()
    audit.record(session, clock, actor, "role.grant_rejected", "user", request.user_id, role=Role.ADMIN,
                 after={"request_id": request.id, "role": request.role, "unit_id": request.unit_id})
    return request


def pending_grants(session: Session) -> list[PendingGrant]:
    """Return the requests waiting for a second administrator, oldest first."""
    rows = session.execute(select(RoleGrantRequest).where(RoleGrantRequest.status == GrantStatus.PENDING)
                           .order_by(RoleGrantRequest.requested_at, RoleGrantRequest.id)).scalars().all()
    return [PendingGrant(r, session.get(User, r.user_id), session.get(Unit, r.unit_id),
                         session.get(User, r.requested_by_id)) for r in rows]


def role_label(role: str) -> str:
    """The Chinese name of a role."""
    return REGISTRY.roles().get(role, role)
