"""The network laid out over the unit tree (issue 13 §1): the kind of each unit's node and its officers.

「001 第一篇(四)一是」: 预警中心——预警信息办公室——预警信息报送点——预警信息采集点——预警信息员 (the county centre in
the county commission, offices in the commission's rooms, reporting points in the towns and departments,
collection points in the villages and front-line departments, officers named in each). 「002 一(三)1」: each
unit names 1—2 officers (要明确1—2名…干部,作为预警信息录入员). The administrator or the county centre lays the
network out; every change is audited. Functions take the caller's session and never commit.
"""
from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.county import county_commission_id
from engine.errors import FormInvalid
from engine.errors import NotFound
from engine.errors import NotPermitted
from engine.errors import RuleViolation
from engine.models import RoleAssignment
from engine.models import Unit
from engine.models import User
from engine.operations.admin import SYSTEM_USERNAME
from engine.vocabulary import Role
from processes.info_network.network_models import InfoNetworkNode
from processes.info_network.network_models import InvitedAppointment

#: 「001 第一篇(四)一是」 the four kinds of node (the fifth level, 预警信息员, are the people named in them)
NODE_KIND_LABELS: dict[str, str] = {
    "centre": "县预警中心",
    "office": "预警信息办公室",
    "reporting_point": "预警信息报送点",
    "collection_point": "预警信息采集点",
}
#: 「002 一(三)1」 要明确1—2名…干部,作为预警信息录入员
MAX_OFFICERS_PER_UNIT = 2
OFFICER_ROLE = "info_officer"
INVITED_ROLE = "info_invited_officer"


def may_lay_out(session: Session, user: User | None) -> bool:
    """The administrator, or the county centre (info_centre in the root unit), lays the network out."""
    if user is None:
        return False
    root_id = root_unit_id(session)
    return any(r.role == Role.ADMIN or (r.role == "info_centre" and r.unit_id == root_id) for r in user.roles)


def root_unit_id(session: Session) -> int | None:
    """The county commission's unit, where the centre sits; the tree's root is the county itself (engine.county)."""
    return county_commission_id(session)


def _check_layout(session: Session, actor: Actor) -> None:
    if not may_lay_out(session, actor.user):
        raise NotPermitted("只有系统管理员或县预警中心可以布设预警信息网络")


def _unit(session: Session, unit_id: object) -> Unit:
    unit = session.get(Unit, unit_id) if isinstance(unit_id, int) and not isinstance(unit_id, bool) else None
    if unit is None:
        raise NotFound("单位不存在")
    return unit


def set_node(session: Session, clock: Clock, actor: Actor, unit_id: int, kind: str | None) -> InfoNetworkNode | None:
    """Place a unit in the network as ``kind``, or take it out (``kind`` None); audited before/after.

    The centre is the county commission's (「001 第一篇(四)一是」 依托县纪委党风廉政室设立县腐败风险预警防控中心):
    only the commission may be the centre, and the commission is nothing else. The county itself (the tree's root
    above the commission) is no node: the network's levels begin at the centre.
    """
    _check_layout(session, actor)
    unit = _unit(session, unit_id)
    if kind is not None and kind not in NODE_KIND_LABELS:
        raise FormInvalid("网络节点类型不正确", details={"kind": [
            "节点类型应为县预警中心、预警信息办公室、预警信息报送点或预警信息采集点(001 第一篇(四)一是)"]})
    is_commission = unit.id == county_commission_id(session)
    if kind is not None and (unit.parent_id is None and not is_commission):
        raise FormInvalid("网络节点类型不正确", details={"kind": [
            "县本身不是网络节点:网络从设在县纪委的县预警中心开始(001 第一篇(四)一是)"]})
    if kind is not None and (kind == "centre") != is_commission:
        raise FormInvalid("网络节点类型不正确", details={"kind": [
            "县预警中心设在县纪委,县纪委只能是预警中心(001 第一篇(四)一是)"]})
    node = session.execute(select(InfoNetworkNode).where(InfoNetworkNode.unit_id == unit.id)).scalar_one_or_none()
    before = {"kind": node.kind if node is not None else None}
    if kind is None:
        if node is not None:
            session.delete(node)
    elif node is None:
        node = InfoNetworkNode(unit_id=unit.id, kind=kind, named_by_id=actor.user_id, named_at=clock.now())
        session.add(node)
    else:
        node.kind, node.named_by_id, node.named_at = kind, actor.user_id, clock.now()
    session.flush()
    audit.record(session, clock, actor, "info_network.node_set", "unit", unit.id, before=before,
                 after={"kind": kind})
    return node if kind is not None else None


def officers_of(session: Session, unit_id: int) -> list[User]:
    """The unit's information officers (信息员): the holders of info_officer there."""
    return list(session.execute(select(User).join(RoleAssignment, RoleAssignment.user_id == User.id).where(
        RoleAssignment.role == OFFICER_ROLE, RoleAssignment.unit_id == unit_id).order_by(User.id)).scalars())


def name_officer(session: Session, clock: Clock, actor: Actor, unit_id: int, user_id: int) -> RoleAssignment:
    """Name a user an information officer of a unit of the network; a third one is refused (「002 一(三)1」)."""
    _check_layout(session, actor)
    unit = _unit(session, unit_id)
    user = session.get(User, user_id) if isinstance(user_id, int) and not isinstance(user_id, bool) else None
    if user is None or not user.active or user.username == SYSTEM_USERNAME:
        raise FormInvalid("信息员填写不正确", details={"user_id": ["用户不存在或已停用"]})
    if session.execute(select(InfoNetworkNode.id).where(InfoNetworkNode.unit_id == unit.id)).first() is None:
        raise RuleViolation(f"{unit.name}尚未布设为预警网络节点,请先确定其节点类型(001 第一篇(四)一是)",
                            article="001 第一篇(四)一是", code="not_a_node", status=422)
    if user.holds(INVITED_ROLE, unit.id) or any(r.role == INVITED_ROLE for r in user.roles):
        raise RuleViolation("特邀预警信息员的账号只担任特邀信息员,不能同时担任预警信息员", article="002 一(三)2",
                            code="invited_account", status=422)
    current = officers_of(session, unit.id)
    if any(u.id == user.id for u in current):
        raise RuleViolation(f"{user.display_name}已是{unit.name}的预警信息员", article="002 一(三)1",
                            code="already_officer", status=409)
    if len(current) >= MAX_OFFICERS_PER_UNIT:
        raise RuleViolation(f"每个单位明确1—2名预警信息员,{unit.name}已有{len(current)}名,"
                            "请先撤下一名再指定(002 一(三)1)", article="002 一(三)1", code="too_many_officers",
                            status=422)
    assignment = RoleAssignment(role=OFFICER_ROLE, unit_id=unit.id)
    user.roles.append(assignment)
    session.flush()
    audit.record(session, clock, actor, "info_network.officer_named", "unit", unit.id,
                 after={"user_id": user.id, "officers": len(current) + 1})
    return assignment


def remove_officer(session: Session, clock: Clock, actor: Actor, unit_id: int, user_id: int) -> None:
    """Take the information officer's role in a unit away from a user (audited)."""
    _check_layout(session, actor)
    unit = _unit(session, unit_id)
    assignment = session.execute(select(RoleAssignment).where(
        RoleAssignment.role == OFFICER_ROLE, RoleAssignment.unit_id == unit.id,
        RoleAssignment.user_id == user_id)).scalar_one_or_none()
    if assignment is None:
        raise NotFound("该用户不是本单位的预警信息员")
    session.delete(assignment)
    session.flush()
    audit.record(session, clock, actor, "info_network.officer_removed", "unit", unit.id,
                 before={"user_id": user_id})


@dataclass
class LayoutNode:
    """One unit of the tree with its place in the network and its people."""

    unit: Unit
    depth: int
    kind: str | None
    officers: list[User] = field(default_factory=list)
    offices: list[User] = field(default_factory=list)
    invited: list[tuple[InvitedAppointment, User]] = field(default_factory=list)

    @property
    def officers_over_limit(self) -> bool:
        """More officers than 「002 一(三)1」 allows (roles given outside this page, by 系统管理)."""
        return len(self.officers) > MAX_OFFICERS_PER_UNIT


def _tree_order(units: list[Unit]) -> list[tuple[Unit, int]]:
    """Each unit after its parent, siblings in the order they were created, with its depth (root 0)."""
    children: dict[int | None, list[Unit]] = {}
    for unit in sorted(units, key=lambda u: u.id):
        children.setdefault(unit.parent_id, []).append(unit)
    ordered: list[tuple[Unit, int]] = []
    stack = [(unit, 0) for unit in reversed(children.get(None, []))]
    while stack:
        unit, depth = stack.pop()
        ordered.append((unit, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(unit.id, [])))
    return ordered


def layout(session: Session) -> list[LayoutNode]:
    """The whole unit tree in path order with each unit's node kind, officers, offices and invited officers."""
    units = _tree_order(session.execute(select(Unit)).scalars().all())
    kinds = dict(session.execute(select(InfoNetworkNode.unit_id, InfoNetworkNode.kind)).all())
    nodes = {u.id: LayoutNode(u, depth, kinds.get(u.id)) for u, depth in units}
    holders = session.execute(select(RoleAssignment.unit_id, RoleAssignment.role, User).join(
        User, User.id == RoleAssignment.user_id).where(RoleAssignment.role.in_((OFFICER_ROLE, "info_office")))
        .order_by(User.id)).all()
    for unit_id, role, user in holders:
        if unit_id in nodes:
            (nodes[unit_id].officers if role == OFFICER_ROLE else nodes[unit_id].offices).append(user)
    invited = session.execute(select(InvitedAppointment, User).join(User, User.id == InvitedAppointment.user_id)
                              .where(InvitedAppointment.ended_on.is_(None)).order_by(InvitedAppointment.id)).all()
    for appointment, user in invited:
        if appointment.appointing_unit_id in nodes:
            nodes[appointment.appointing_unit_id].invited.append((appointment, user))
    return list(nodes.values())
