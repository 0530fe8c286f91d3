"""Re-identification when a power or a post changes (issue 12 §2: "A change of post or power opens a
re-identification of what it touches").

「004 六」: 廉政风险点及与其相对应的廉政风险是动态的、变化的,随着权力运行的变化或岗位职能职权的调整,而相应发生变化.
「000 第二篇 二」 asks a unit to 清权确权 and find its points from its powers and posts, so when a power item's
fields change (the power list import) or a cadre's post changes (the roster import, through the engine's
``cadre_post_changed`` hook), the points that change touches are flagged in one durable request:

* a power item's change touches the points registered on that item;
* a cadre's post change (职务 or 职务类别) touches the unit's post-scope points (「004 六」 岗位风险) naming that
  cadre, or naming the post the cadre held before.

Nothing is opened when no point is touched. The unit's register editors (access.EDITOR_ROLES) close a request
by revising every touched point (each revision carries its reason, register.py; the last one resolves it) or by
confirming with a reason that nothing needs to change. Opening and resolving are audited.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.errors import ConcurrencyConflict
from engine.errors import FormInvalid
from engine.errors import NotFound
from engine.models import Cadre
from processes.risk_points.access import check_editable
from processes.risk_points.models import PowerItem
from processes.risk_points.models import ReidentificationRequest
from processes.risk_points.models import RiskPoint

#: what opened a request
TRIGGER_LABELS: dict[str, str] = {"power_item": "权力事项变更", "cadre_post": "干部岗位变动"}
#: how a request was closed
OUTCOME_LABELS: dict[str, str] = {"revised": "已修订风险点", "unchanged": "经核查无需调整"}
#: the cadre fields that make a post change (「004 六」 岗位职能职权的调整); a new managing unit does not
POST_FIELDS: dict[str, str] = {"position_title": "职务", "position_kind": "职务类别"}
ALREADY_RESOLVED = "该重新查找已办结,请刷新页面"


def _open(session: Session, clock: Clock, actor: Actor, unit_id: int, trigger: str, points: list[RiskPoint],
          change: Mapping[str, list[Any]], *, power_item_id: int | None = None,
          cadre_id: int | None = None) -> ReidentificationRequest | None:
    if not points:
        return None
    request = ReidentificationRequest(
        unit_id=unit_id, trigger=trigger, power_item_id=power_item_id, cadre_id=cadre_id,
        change={name: [_plain(before), _plain(after)] for name, (before, after) in change.items()},
        points=[{"id": p.id, "version": p.version} for p in sorted(points, key=lambda p: p.id)],
        opened_at=clock.now(), opened_by_id=actor.user_id)
    session.add(request)
    session.flush()
    audit.record(session, clock, actor, "risk_reidentification.opened", "risk_reidentification", request.id,
                 after={"unit_id": unit_id, "trigger": trigger, "change": request.change, "points": request.points})
    return request


def _plain(value: Any) -> Any:
    return value if value is None or isinstance(value, bool | int | float | str) else str(value)


def power_item_changed(session: Session, clock: Clock, actor: Actor, item: PowerItem,
                       change: Mapping[str, list[Any]]) -> ReidentificationRequest | None:
    """Flag the points registered on ``item`` after its fields changed (field → [before, after]) 「004 六」."""
    if not change:
        return None
    points = list(session.execute(select(RiskPoint).where(RiskPoint.power_item_id == item.id)).scalars())
    return _open(session, clock, actor, item.unit_id, "power_item", points, change, power_item_id=item.id)


def cadre_post_changed(session: Session, clock: Clock, actor: Actor, cadre: Cadre,
                       change: Mapping[str, list[Any]]) -> ReidentificationRequest | None:
    """The engine's ``cadre_post_changed`` hook: flag the unit's post points naming the cadre or the post the
    cadre held before, when the post (职务, 职务类别) changed 「004 六」 岗位职能职权的调整."""
    change = {name: value for name, value in change.items() if name in POST_FIELDS}
    if not change:
        return None
    old_title = change.get("position_title", [cadre.position_title])[0]
    points = list(session.execute(select(RiskPoint).where(
        RiskPoint.unit_id == cadre.unit_id, RiskPoint.scope == "post",
        or_(RiskPoint.cadre_id == cadre.id, RiskPoint.post == old_title))).scalars())
    return _open(session, clock, actor, cadre.unit_id, "cadre_post", points, change, cadre_id=cadre.id)


def _resolve(session: Session, clock: Clock, actor: Actor, request: ReidentificationRequest, outcome: str,
             reason: str) -> None:
    request.resolved_at = clock.now()
    request.resolved_by_id = actor.user_id
    request.outcome = outcome
    request.resolution = reason
    session.flush()
    audit.record(session, clock, actor, "risk_reidentification.resolved", "risk_reidentification", request.id,
                 after={"outcome": outcome, "points": request.points}, reason=reason)


def point_revised(session: Session, clock: Clock, actor: Actor, point: RiskPoint, reason: str) -> None:
    """After a revision of ``point`` (register.record_change): an open request of its unit whose every
    touched point has been revised since it opened is resolved, with this revision's reason."""
    requests = session.execute(select(ReidentificationRequest).where(
        ReidentificationRequest.unit_id == point.unit_id,
        ReidentificationRequest.resolved_at.is_(None))).scalars()
    for request in requests:
        if not any(entry["id"] == point.id for entry in request.points):
            continue
        current = dict(session.execute(select(RiskPoint.id, RiskPoint.version).where(
            RiskPoint.id.in_([entry["id"] for entry in request.points]))).all())
        if all(current.get(entry["id"], entry["version"] + 1) > entry["version"] for entry in request.points):
            _resolve(session, clock, actor, request, "revised", reason)


def confirm_unchanged(session: Session, clock: Clock, actor: Actor, request_id: int,
                      reason: Any) -> ReidentificationRequest:
    """Close a request because the touched points still hold, with the reason the editors give.

    :raise NotFound: no such request, or one of a unit whose register the actor may not read.
    :raise NotPermitted: the actor reads the register but may not change it (access.EDITOR_ROLES).
    :raise FormInvalid: no reason, or one over 500 characters.
    :raise ConcurrencyConflict: the request is already resolved.
    """
    request = session.get(ReidentificationRequest, request_id)
    if request is None:
        raise NotFound("重新查找事项不存在")
    if actor.user is not None:
        check_editable(session, actor.user, request.unit_id)
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise FormInvalid("请填写核查意见,未保存", details={"reason": ["确认无需调整须写明理由"]})
    if len(text) > 500:
        raise FormInvalid("核查意见过长,未保存", details={"reason": ["最多500个字"]})
    if request.resolved_at is not None:
        raise ConcurrencyConflict(ALREADY_RESOLVED)
    _resolve(session, clock, actor, request, "unchanged", text)
    return request


def open_requests(session: Session, unit_ids: frozenset[int] | None) -> list[ReidentificationRequest]:
    """Return the open requests of the given units (None: every unit), oldest first."""
    query = select(ReidentificationRequest).where(ReidentificationRequest.resolved_at.is_(None))
    if unit_ids is not None:
        query = query.where(ReidentificationRequest.unit_id.in_(unit_ids))
    return list(session.execute(query.order_by(ReidentificationRequest.id)).scalars())
