"""Invited officers (特邀预警信息员) managed by whoever appointed them (issue 13 §1).

「002 一(三)2」: 选聘一批特邀预警信息员。在人大代表、政协委员、无党派人士中聘请…并报镇预警中心备案…按照
“谁选聘、谁负责”的原则,加强对信息员的培训、考核、奖惩等日常管理. 「001 第一篇(四)一是」 adds 老干部、群众代表.
So the appointing unit's information office — or the county centre, with whom every appointment is filed —
appoints (with a term), records trainings and assessments, and ends the term; anyone else is refused (403).
An invited officer's account holds the restricted role ``info_invited_officer`` and nothing else: it reports
items and reads only what it reported (access.read_scope). Every change is audited.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import audit
from engine.actors import Actor
from engine.clock import Clock
from engine.clock import local_today
from engine.errors import FormInvalid
from engine.errors import NotFound
from engine.errors import NotPermitted
from engine.errors import RuleViolation
from engine.models import RoleAssignment
from engine.models import Unit
from engine.models import User
from engine.operations.admin import SYSTEM_USERNAME
from processes.info_network.network import INVITED_ROLE
from processes.info_network.network import root_unit_id
from processes.info_network.network_models import InvitedAppointment
from processes.info_network.network_models import InvitedRecord

#: 「002 一(三)2」 人大代表、政协委员、无党派人士; 「001 第一篇(四)一是」 老干部、群众代表
CONSTITUENCY_LABELS: dict[str, str] = {
    "npc_deputy": "人大代表",
    "cppcc_member": "政协委员",
    "non_party": "无党派人士",
    "veteran_cadre": "老干部",
    "public_representative": "群众代表",
    "other": "其他",
}
#: 「002 一(三)2」 培训、考核
RECORD_KIND_LABELS: dict[str, str] = {"training": "培训", "assessment": "考核"}
#: an assessment's grade — the seed names 考核 but no scale: ours, the usual four grades
ASSESSMENT_LABELS: dict[str, str] = {"excellent": "优秀", "competent": "称职", "basic": "基本称职",
                                     "incompetent": "不称职"}
MAX_TEXT = 2000
NOT_MANAGER = "按照“谁选聘、谁负责”,只有选聘单位的预警信息办公室或县预警中心可以管理该特邀信息员(002 一(三)2)"


def may_manage(session: Session, user: User | None, unit_id: int) -> bool:
    """「002 一(三)2」 谁选聘、谁负责: the appointing unit's office, or the county centre (where it is filed)."""
    if user is None:
        return False
    root_id = root_unit_id(session)
    return any((r.role == "info_office" and r.unit_id == unit_id) or (r.role == "info_centre" and r.unit_id == root_id)
               for r in user.roles)


def _date(data: Mapping[str, Any], key: str, errors: dict[str, list[str]], label: str) -> dt.date | None:
    value = data.get(key)
    if value in (None, ""):
        errors[key] = [f"请填写{label}"]
        return None
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        pass
    errors[key] = [f"{label}应为日期(年-月-日)"]
    return None


def appoint(session: Session, clock: Clock, actor: Actor, unit_id: int, data: Mapping[str, Any]
            ) -> InvitedAppointment:
    """Appoint a user an invited officer of ``unit_id`` for a term, giving the restricted role there."""
    unit = session.get(Unit, unit_id) if isinstance(unit_id, int) and not isinstance(unit_id, bool) else None
    if unit is None:
        raise NotFound("单位不存在")
    if not may_manage(session, actor.user, unit.id):
        raise NotPermitted("只有本单位预警信息办公室或县预警中心可以选聘特邀预警信息员(002 一(三)2)")
    errors: dict[str, list[str]] = {}
    user_id = data.get("user_id")
    user = session.get(User, user_id) if isinstance(user_id, int) and not isinstance(user_id, bool) else None
    if user is None or not user.active or user.username == SYSTEM_USERNAME:
        errors["user_id"] = ["请选择一名在用的用户"]
    elif any(r.role != INVITED_ROLE for r in user.roles):
        # the restricted role stays restricted: an account with other roles would read more than its own items
        errors["user_id"] = ["特邀预警信息员使用只担任特邀信息员的受限账号,该用户已担任其他角色"]
    if data.get("constituency") not in CONSTITUENCY_LABELS:
        errors["constituency"] = ["聘请对象应为人大代表、政协委员、无党派人士、老干部、群众代表或其他(002 一(三)2)"]
    start = _date(data, "term_start", errors, "聘期开始日期")
    end = _date(data, "term_end", errors, "聘期结束日期")
    if start is not None and end is not None and end < start:
        errors["term_end"] = ["聘期结束日期不能早于开始日期"]
    if end is not None and end < local_today(clock):
        errors.setdefault("term_end", []).append("聘期已经结束,不能选聘")
    if errors:
        raise FormInvalid("选聘特邀预警信息员的信息有误", details=errors)
    if session.execute(select(InvitedAppointment.id).where(InvitedAppointment.user_id == user.id,
                                                           InvitedAppointment.ended_on.is_(None))).first():
        raise RuleViolation(f"{user.display_name}已是特邀预警信息员,聘期未结束", article="002 一(三)2",
                            code="already_appointed", status=409)
    appointment = InvitedAppointment(user_id=user.id, appointing_unit_id=unit.id, constituency=data["constituency"],
                                     term_start=start, term_end=end, appointed_by_id=actor.user_id,
                                     created_at=clock.now())
    session.add(appointment)
    if not user.holds(INVITED_ROLE, unit.id):
        user.roles.append(RoleAssignment(role=INVITED_ROLE, unit_id=unit.id))
    session.flush()
    audit.record(session, clock, actor, "info_invited.appointed", "info_invited_appointment", appointment.id,
                 after={"user_id": user.id, "unit_id": unit.id, "constituency": appointment.constituency,
                        "term_start": start.isoformat(), "term_end": end.isoformat()})
    return appointment


def _managed(session: Session, actor: Actor, appointment_id: int) -> InvitedAppointment:
    appointment = session.get(InvitedAppointment, appointment_id)
    if appointment is None:
        raise NotFound("特邀预警信息员的聘任记录不存在")
    if not may_manage(session, actor.user, appointment.appointing_unit_id):
        raise NotPermitted(NOT_MANAGER)
    return appointment


def add_record(session: Session, clock: Clock, actor: Actor, appointment_id: int, data: Mapping[str, Any]
               ) -> InvitedRecord:
    """Record a training or an assessment of a term (「002 一(三)2」 培训、考核), by the appointing side only."""
    appointment = _managed(session, actor, appointment_id)
    if appointment.ended_on is not None:
        raise RuleViolation("聘期已结束,不能再记录培训或考核", article="002 一(三)2", code="term_ended", status=409)
    errors: dict[str, list[str]] = {}
    kind = data.get("kind")
    if kind not in RECORD_KIND_LABELS:
        errors["kind"] = ["记录类型应为培训或考核(002 一(三)2)"]
    held_on = _date(data, "held_on", errors, "日期")
    if held_on is not None and held_on > local_today(clock):
        errors["held_on"] = ["日期不能晚于今天"]
    content = data.get("content")
    content = content.strip() if isinstance(content, str) else ""
    if not content:
        errors["content"] = ["请填写内容"]
    elif len(content) > MAX_TEXT:
        errors["content"] = [f"内容最多{MAX_TEXT}个字"]
    result = data.get("result") or None
    if kind == "assessment" and result not in ASSESSMENT_LABELS:
        errors["result"] = ["考核结果应为优秀、称职、基本称职或不称职"]
    if kind == "training" and result is not None:
        errors["result"] = ["培训记录没有考核结果"]
    if errors:
        raise FormInvalid("培训或考核记录填写不正确", details=errors)
    record = InvitedRecord(appointment_id=appointment.id, kind=kind, held_on=held_on, content=content,
                           result=result, recorded_by_id=actor.user_id, created_at=clock.now())
    session.add(record)
    session.flush()
    audit.record(session, clock, actor, "info_invited.recorded", "info_invited_appointment", appointment.id,
                 after={"kind": kind, "held_on": held_on.isoformat(), "result": result})
    return record


def end_term(session: Session, clock: Clock, actor: Actor, appointment_id: int, reason: str | None
             ) -> InvitedAppointment:
    """End an invited officer's term (at its end or early, with a reason) and take the restricted role away."""
    appointment = _managed(session, actor, appointment_id)
    if appointment.ended_on is not None:
        raise RuleViolation("该特邀信息员的聘期已经结束", article="002 一(三)2", code="term_ended", status=409)
    reason = (reason or "").strip()
    if not reason:
        raise FormInvalid("结束聘期须写明原因", details={"reason": ["请填写结束聘期的原因(如聘期届满、解聘)"]})
    if len(reason) > MAX_TEXT:
        raise FormInvalid("结束聘期须写明原因", details={"reason": [f"原因最多{MAX_TEXT}个字"]})
    appointment.ended_on, appointment.end_reason = local_today(clock), reason
    for assignment in session.execute(select(RoleAssignment).where(
            RoleAssignment.user_id == appointment.user_id, RoleAssignment.role == INVITED_ROLE)).scalars():
        session.delete(assignment)
    session.flush()
    session.expire_all()
    audit.record(session, clock, actor, "info_invited.term_ended", "info_invited_appointment", appointment.id,
                 after={"ended_on": appointment.ended_on.isoformat()}, reason=reason)
    return appointment


def records_of(session: Session, appointment_ids: list[int]) -> dict[int, list[InvitedRecord]]:
    """The trainings and assessments of each appointment, oldest first."""
    out: dict[int, list[InvitedRecord]] = {i: [] for i in appointment_ids}
    if appointment_ids:
        for record in session.execute(select(InvitedRecord).where(InvitedRecord.appointment_id.in_(appointment_ids))
                                      .order_by(InvitedRecord.held_on, InvitedRecord.id)).scalars():
            out[record.appointment_id].append(record)
    return out
