"""Linking an account to the cadre record of the same person, and undoing it (issue 14 §1; SECURITY.md 24).

The link is what lets the engine enforce "a subject never sees their own case" (第三十三条): a user linked to
a cadre is kept away from every case about that cadre. Only an administrator of both the account's unit and
the cadre's unit links them, and every change is audited with what was there before.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.errors import FormInvalid
from engine.errors import NotPermitted
from engine.models.people import Cadre
from engine.models.people import Unit
from engine.models.people import User
from engine.operations.admin import admin_unit_paths
from engine.operations.admin import load_user_for_admin
from engine.vocabulary import Role


def _cadre_ref(cadre: Cadre | None) -> dict | None:
    if cadre is None:
        return None
    return {"cadre_id": cadre.id, "name": cadre.name, "unit_id": cadre.unit_id, "position": cadre.position_title}


def _admin(actor: Actor) -> User:
    if actor.user is None:
        raise NotPermitted("系统管理须由管理员本人操作")
    return actor.user


def link_cadre(session: Session, clock: Clock, actor: Actor, user_id: int, cadre_id: int | None) -> User:
    """Link an account to a cadre record of the admin's units (第三十三条: then it never sees that cadre's cases).

    :raise FormInvalid: the cadre is unknown, outside the admin's units, or already linked to another account.
    """
    admin = _admin(actor)
    user = load_user_for_admin(session, admin, user_id)
    paths = admin_unit_paths(session, admin)
    cadre = session.get(Cadre, cadre_id) if cadre_id else None
    unit = session.get(Unit, cadre.unit_id) if cadre is not None else None
    if cadre is None or unit is None or not any(unit.path.startswith(p) for p in paths):
        raise FormInvalid("请选择您管理范围内的干部", details={"cadre_id": ["干部不存在或不在您管理的范围内"]})
    if user.cadre_id == cadre.id:
        return user
    holder = session.execute(select(User).where(User.cadre_id == cadre.id)).scalar_one_or_none()
    if holder is not None:
        raise FormInvalid("该干部已关联其他账号", details={
            "cadre_id": [f"干部「{cadre.name}」已关联账号「{holder.display_name}」({holder.username}),请先解除"]})
    before = _cadre_ref(session.get(Cadre, user.cadre_id) if user.cadre_id else None)
    user.cadre_id = cadre.id
    session.flush()
    audit.record(session, clock, actor, "user.cadre_linked", "user", user.id, role=Role.ADMIN,
                 before={"cadre": before}, after={"cadre": _cadre_ref(cadre)})
    return user


def unlink_cadre(session: Session, clock: Clock, actor: Actor, user_id: int) -> User:
    """Remove an account's link to its cadre record (a mistaken link; the person is no longer that cadre)."""
    user = load_user_for_admin(session, _admin(actor), user_id)
    if user.cadre_id is None:
        return user
    before = _cadre_ref(session.get(Cadre, user.cadre_id))
    user.cadre_id = None
    session.flush()
    audit.record(session, clock, actor, "user.cadre_unlinked", "user", user.id, role=Role.ADMIN,
                 before={"cadre": before}, after={"cadre": None})
    return user


def cadres_by_unit(session: Session, unit_ids: set[int]) -> dict[int, list[Cadre]]:
    """Return the cadres working in each of ``unit_ids``, by name: what a users page row offers to link."""
    grouped: dict[int, list[Cadre]] = {unit_id: [] for unit_id in unit_ids}
    if not unit_ids:
        return grouped
    for cadre in session.execute(select(Cadre).where(Cadre.unit_id.in_(unit_ids))
                                 .order_by(Cadre.unit_id, Cadre.name, Cadre.id)).scalars():
        grouped[cadre.unit_id].append(cadre)
    return grouped
