"""Carrying out a warning: method, talks, registration, notices, receipt (第十七–二十五条, 第二十八–三十一条)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.calendars import deadline_settings
from engine.calendars import load_calendar
from engine.county import discipline_lineage
from engine.deadlines import REPLY_PERIODS
from engine.deadlines import compute_deadline
from engine.deadlines import extension_cap
from engine.errors import RuleViolation
from engine.models.cases import Case
from engine.models.cases import IntegrityFileEntry
from engine.models.cases import Restriction
from engine.models.people import Cadre
from engine.models.people import RoleAssignment
from engine.models.people import Unit
from engine.models.people import User
from engine.notifications import role_holders
from engine.outbox import enqueue
from engine.runtime import root_unit_id
from engine.vocabulary import PositionKind
from engine.vocabulary import Role
from engine.vocabulary import UnitKind
from engine.vocabulary import WarningType
from processes.measures.effects import EffectContext
from processes.measures.effects import effect

_NOTICE_KIND = {
    WarningType.INQUIRY: "inquiry_letter",
    WarningType.ADMONITION: "admonition_notice",
    WarningType.CORRECTION: "correction_notice",
}


#: Who may take part in a warning talk, as lead or other talker (第二十条, 第二十二条(二)2; DOMAIN.md §3 item 5):
#: the discipline body's principal and responsible leaders (纪委书记/纪检组长, 分管副书记), its functional
#: department (预警办 / 纪委、纪检组 staff, 第二十条 "职能部门"), and the party committee (group): its principal
#: leader and members (党委(党组)主要负责人、成员, 第十八、二十条; 第二十二条 "或党委谈话", and the county party
#: leaders asked to lead "必要时"). The role must be held in the case's handling unit or a unit above it up to
#: the county commission (第二十条 "上一级"; 第十九条, 第二十二条: the county commission talks to
#: principal leaders). Nobody else talks: not the standing committee's recorder, designers, administrators,
#: supervisors, auditors, the organisation or personnel departments, nor an inactive account, nor ever
#: the subject cadre's own account (第二十二条). Who leads is narrowed further by issue_talk_plan.
TALKER_ROLES = frozenset({Role.SECRETARY, Role.DEPUTY_SECRETARY, Role.WARNING_OFFICE, Role.PARTY_CHIEF,
                          Role.UNIT_PARTY_COMMITTEE})


def unit_lineage(session: Session, unit_id: int) -> list[int]:
    """Return the unit, every unit above it and the county commission (第二十条「上一级」; engine.county)."""
    return discipline_lineage(session, unit_id)


def talker_candidates(session: Session, case: Case) -> tuple[frozenset[int], int | None]:
    """Return (the ids of the users who may talk in this case, the subject's own user id or None).

    A few small indexed queries; the engine runs them only for the talk forms (forms.execution.TALKER_FORM_KEYS).
    """
    subject_user_id = session.execute(select(User.id).where(User.cadre_id == case.cadre_id)).scalar_one_or_none()
    return _active_holders(session, case, TALKER_ROLES, unit_lineage(session, case.handling_unit_id)), subject_user_id


def lead_talker_candidates(session: Session, case: Case) -> frozenset[int]:
    """Return the ids of the users who may lead the case's talk (``lead_talker_rule``), never the subject."""
    rule = lead_talker_rule(session, case)
    return _active_holders(session, case, rule.roles, rule.unit_ids)


def _active_holders(session: Session, case: Case, roles: frozenset[str], unit_ids) -> frozenset[int]:
    holders = (
        select(User.id)
        .join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(
            User.active.is_(True),
            RoleAssignment.role.in_(sorted(roles)),
            RoleAssignment.unit_id.in_(unit_ids),
            or_(User.cadre_id.is_(None), User.cadre_id != case.cadre_id),
        )
        .distinct()
    )
    return frozenset(session.execute(holders).scalars())


@dataclass(frozen=True)
class LeadTalkerRule:
    """Who may lead the talk of a case (第二十二条(二)2): holders of ``roles`` in ``unit_ids``."""

    roles: frozenset[str]
    unit_ids: tuple[int, ...]
    refusal: str


def lead_talker_rule(session: Session, case: Case) -> LeadTalkerRule:
    """Return the rule for the case's subject: a county-managed principal leader of a town or department is
    talked to by the county commission's secretary; anyone else by a discipline leader or party committee
    member of the handling unit or above."""
    cadre = session.get(Cadre, case.cadre_id)
    unit = session.get(Unit, cadre.unit_id)
    root = root_unit_id(session)
    if (cadre.position_kind == PositionKind.PRINCIPAL_LEADER and unit.kind in (UnitKind.TOWN, UnitKind.DEPARTMENT)
            and cadre.managed_by_unit_id == root):
        return LeadTalkerRule(frozenset({Role.SECRETARY}), (root,),
                              "预警对象为乡镇和县直单位党政主要负责人的,由县纪委书记主谈(第二十二条)")
    return LeadTalkerRule(
        frozenset({Role.SECRETARY, Role.DEPUTY_SECRETARY, Role.UNIT_PARTY_COMMITTEE, Role.PARTY_CHIEF}),
        tuple(unit_lineage(session, case.handling_unit_id)),
        "主谈人应为纪委(纪检组)主要负责人、分管负责人或党委(党组)成员(第二十二条)",
    )


def holds_any(session: Session, user_id: int, roles: frozenset[str], unit_ids: tuple[int, ...]) -> bool:
    """Tell whether the user holds one of ``roles`` in one of ``unit_ids``."""
    return session.execute(
        select(RoleAssignment.id).where(RoleAssignment.user_id == user_id, RoleAssignment.role.in_(sorted(roles)),
                                        RoleAssignment.unit_id.in_(unit_ids)).limit(1)
    ).first() is not None


@effect("start_implementation", label="记录开始实施的时间和方式;责令纠错须先报县委主要领导(第十七条)",
        writes=("warning_case.implementation_started_on",))
def start_implementation(ctx: EffectContext) -> dict:
    """Record when and how the work began; a correction must first be reported to the party chief (第十七条)."""
    if ctx.case.warning_type == WarningType.CORRECTION and ctx.case.reported_to_party_chief_on is None:
        raise RuleViolation("责令纠错须报县委主要领导同志后方可组织实施(第十七条)", article="第十七条",
                            code="party_chief_report_missing", status=409)
    ctx.case.implementation_started_on = ctx.date("started_on")
    return {}


@effect("issue_talk_plan", label="核对谈话人并制定谈话方案(第二十条、第二十二条(二)1、2)",
        writes=("document:talk_plan",))
def issue_talk_plan(ctx: EffectContext) -> dict:
    """Check the talkers and file the talk plan (第二十条, 第二十二条(二)1、2)."""
    lead = ctx.data["lead_talker_id"]
    talkers = [lead, *ctx.data["co_talker_ids"]]
    users = {u.id: u for u in ctx.session.execute(select(User).where(User.id.in_(talkers))).scalars()}
    missing = [t for t in talkers if t not in users]
    if missing:
        raise RuleViolation(f"谈话人不存在:{missing}", article="第二十二条", code="talker_unknown")
    if any(u.cadre_id == ctx.cadre.id for u in users.values()):
        raise RuleViolation("预警对象本人不得担任谈话人", article="第二十二条", code="talker_is_subject")
    rule = lead_talker_rule(ctx.session, ctx.case)
    if not holds_any(ctx.session, lead, rule.roles, rule.unit_ids):
        raise RuleViolation(rule.refusal, article="第二十二条", code="lead_talker_position")
    names = "、".join(users[t].display_name for t in talkers)
    ctx.issue("talk_plan", recipient=users[lead].display_name, issued_on=ctx.today, fields={"talker_names": names})
    return {}


@effect("issue_talk_notice", label="书面通知谈话时间和地点(第二十二条(二)3)",
        writes=("document:talk_notice",))
def issue_talk_notice(ctx: EffectContext) -> dict:
    """Notify the subject in writing of the talk's time and place (第二十二条(二)3)."""
    ctx.issue("talk_notice", recipient=ctx.cadre.name, issued_on=ctx.date("notified_on"))
    return {}


@effect("record_talk", label="归档经本人签字的谈话记录,主谈人须参加(第二十二条(二)4)",
        writes=("warning_case.talked_on", "document:talk_record"))
def record_talk(ctx: EffectContext) -> dict:
    """File the talk record, signed by the subject; the lead talker must have taken part (第二十二条(二)4)."""
    lead = ctx.workflow_data.get("lead_talker_id")
    if lead is not None and lead not in ctx.data["talker_ids"]:
        raise RuleViolation(
            "主谈人未参加谈话,与谈话方案不符(第二十二条)", article="第二十二条", code="lead_talker_absent"
        )
    ctx.case.talked_on = ctx.date("talked_on")
    ctx.issue("talk_record", recipient=ctx.cadre.name, issued_on=ctx.case.talked_on)
    return {}


@effect("issue_registration_form", label="填写预警登记表:承诺或整改要求(第二十五条)",
        writes=("document:registration_form",))
def issue_registration_form(ctx: EffectContext) -> dict:
    """Fill the warning registration form: commitment or rectification requirements (第二十五条)."""
    ctx.issue("registration_form", recipient="县纪委领导", issued_on=ctx.today)
    return {}


@effect("issue_warning_notice", label="制发质询函或通知书;责令纠错同时书面通报限制(第二十二至二十五条、第三十一条)",
        writes=(
            "warning_case.notice_issued_on", "document:inquiry_letter|admonition_notice|correction_notice",
            "restriction", "integrity_file_entry",
            "document:notification_organisation|notification_personnel|notification_unit", "outbox:correction_notified",
        ))
def issue_warning_notice(ctx: EffectContext) -> dict:
    """Issue the inquiry letter or notice; a correction also restricts, in writing (第二十二–二十五、三十一条)."""
    issued_on = ctx.date("issued_on")
    warning_type = WarningType(ctx.case.warning_type)
    ctx.issue(_NOTICE_KIND[warning_type], recipient=ctx.cadre.name, issued_on=issued_on)
    ctx.case.notice_issued_on = issued_on
    if warning_type == WarningType.CORRECTION:
        _restrict_and_notify(ctx, issued_on)
    return {}


def _restrict_and_notify(ctx: EffectContext, issued_on) -> None:
    """第三十一条: no awards, promotion deferred; notify organisation, personnel and unit in writing; file it."""
    for kind in ("award", "promotion"):
        ctx.session.add(Restriction(case_id=ctx.case.id, cadre_id=ctx.cadre.id, kind=kind, starts_on=issued_on))
    ctx.session.add(IntegrityFileEntry(
        cadre_id=ctx.cadre.id, case_id=ctx.case.id, kind="correction_notice", recorded_on=issued_on,
        summary=f"{ctx.case.number}:责令纠错,整改期间不得评选评优、暂缓提拔使用(第三十一条)",
    ))
    unit = ctx.session.get(Unit, ctx.cadre.unit_id)
    recipients = [("notification_organisation", "县委组织部", UnitKind.ORGANISATION, Role.ORGANISATION_DEPT),
                  ("notification_personnel", "县人事部门", UnitKind.PERSONNEL, Role.PERSONNEL_DEPT),
                  ("notification_unit", f"{unit.name}党组织", None, Role.UNIT_PARTY_COMMITTEE)]
    for kind, recipient, unit_kind, role in recipients:
        document = ctx.issue(kind, recipient=recipient, issued_on=issued_on)
        target_units = ([unit.id] if unit_kind is None else
                        ctx.session.execute(select(Unit.id).where(Unit.kind == unit_kind)).scalars().all())
        for target in target_units:
            for user in role_holders(ctx.session, [role], target):
                enqueue(ctx.session, ctx.clock, recipient_id=user.id, kind="correction_notified",
                        subject=f"责令纠错通报:{ctx.cadre.name}",
                        body=f"{ctx.cadre.name}({unit.name}{ctx.cadre.position_title})已被责令纠错"
                             f"({document.number}),整改期间不得评选评优、暂缓提拔使用(第三十一条)。",
                        dedup_key=f"document:{document.id}:user:{user.id}",
                        payload={"case_id": ctx.case.id, "cadre_id": ctx.cadre.id, "document_id": document.id})


@effect("start_reply_period", label="自签收之日起计算答复或整改期限(第二十八、二十九、三十条)",
        writes=(
            "warning_case.received_on", "warning_case.original_due_date", "warning_case.current_due_date",
            "warning_case.due_provisional", "warning_case.extension_days_used", "warning_case.replied_on",
            "warning_case.extension_cap_date", "workflow:current_due_at",
        ))
def start_reply_period(ctx: EffectContext) -> dict:
    """Start the reply or rectification period from the recorded receipt date (第二十八、二十九、三十条)."""
    received_on = ctx.date("received_on")
    calendar, settings = load_calendar(ctx.session), deadline_settings(ctx.session)
    deadline = compute_deadline(received_on, REPLY_PERIODS[WarningType(ctx.case.warning_type)], calendar, settings)
    case = ctx.case
    case.received_on = received_on
    case.original_due_date = case.current_due_date = deadline.due_date
    case.due_provisional = deadline.provisional
    case.extension_days_used = 0
    case.replied_on = None
    case.extension_cap_date = None
    if case.warning_type == WarningType.CORRECTION:
        cap = extension_cap(deadline.due_date, calendar, settings)
        case.extension_cap_date = cap.due_date
        case.due_provisional = deadline.provisional or cap.provisional
    return {"current_due_at": deadline.due_at.isoformat()}
