"""The auditor's read-only view of the record: a case step by step as it was done, the raw hash-chained
audit events, the chain check with the first broken link, and a self-contained archive of one case.

Auditors, supervisors and the administrator inspect (SECURITY.md 25, 26; 第二十六条 一案一例). Nothing here
changes the record; the one write is the audit event saying that a case archive was exported.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import io
import json
import re
import zipfile
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from lxml import etree
from sqlalchemy import ColumnElement
from sqlalchemy import false
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session

import forms
from engine import audit
from engine.actors import Actor
from engine.audit import GENESIS_HASH
from engine.audit import ChainReport
from engine.audit import event_hash
from engine.audit import verify_chain
from engine.clock import LOCAL_TZ
from engine.clock import Clock
from engine.county import county_commission_id
from engine.data_forms import describe_task_form
from engine.errors import FormInvalid
from engine.errors import NotPermitted
from engine.models.audit import AuditEvent
from engine.models.cases import Case
from engine.models.cases import Clue
from engine.models.cases import of_case
from engine.models.definitions import ProcessDefinition
from engine.models.issued_documents import Document
from engine.models.people import Cadre
from engine.models.people import Unit
from engine.models.people import User
from engine.models.tasks import HumanTask
from engine.models.tasks import TaskStatus
from engine.models.workspace import Attachment
from engine.permissions import CASE_READER_ROLES
from engine.permissions import can_read_case
from engine.permissions import case_scope_filter
from engine.permissions import load_case_for
from engine.queries import Diagram
from engine.queries import Page
from engine.queries import case_diagrams
from engine.queries import paginate
from engine.vocabulary import OUTCOME_LABELS
from engine.vocabulary import ROLE_LABELS
from engine.vocabulary import SOURCE_CHANNEL_LABELS
from engine.vocabulary import STAGE_LABELS
from engine.vocabulary import WARNING_TYPE_LABELS
from engine.vocabulary import Role
from processes.measures.rendering import compose_document
from processes.measures.rendering import readable
from processes.measures.rendering import render_docx

#: roles that may use the inspector: auditors read, supervisors and the administrator oversee (SECURITY.md 25)
INSPECTOR_ROLES = frozenset({Role.AUDITOR, Role.SUPERVISOR, Role.ADMIN})
#: what an empty field of a submitted form reads as
NOT_FILLED = "(未填写)"
#: how an export of a case is recorded in the audit log
ARCHIVE_EXPORTED = "case.archive_exported"
#: how events.json explains the hash so anyone can recompute it without this software
HASH_RECIPE = (
    "SHA-256(UTF-8 of JSON [seq, occurred_at, actor_id, actor_name, actor_role, actor_unit_id, action, "
    "object_type, object_id, case_id, source_ip, before, after, reason, prev_hash], keys sorted, "
    "separators (',', ':'), non-ASCII kept); prev_hash is the hash of event seq-1, 64 zeros for seq 1. "
    "An event with a key_id is sealed instead with HMAC-SHA256 under the chain key kept outside the database, "
    "over the same JSON with key_id appended (issue 14 §3.8): only a holder of the key can recompute it")

#: audit actions as people read them; an action not listed here shows its code
ACTION_LABELS: dict[str, str] = {
    "clue.registered": "登记线索",
    "instance.started": "启动流程",
    "message.delivered": "消息送达",
    "message.kept": "消息待接收",
    "message.published": "发送消息",
    "signal.delivered": "信号送达",
    "signal.thrown": "发出信号",
    "task.completed": "办结环节",
    "task.claimed": "签收环节",
    "task.unclaimed": "退回签收",
    "task.reminded": "督办提醒",
    "task.reassigned": "督办改派",
    "task.commented": "督办意见",
    "timer.fired": "期限届满(定时器)",
    "incident.opened": "流程故障",
    "incident.retried": "重新执行故障任务",
    "incident.retry_failed": "重新执行故障未成功",
    "attachment.added": "上传附件",
    "case.archive_exported": "导出案件档案",
    "access.denied": "越权访问被拒绝",
    "rule.refused": "违反规定被拒绝",
    "login.succeeded": "登录成功",
    "login.failed": "登录失败",
    "login.throttled": "登录受限",
    "token.issued": "签发接口令牌",
    "user.created": "新建用户",
    "user.activated": "启用用户",
    "user.deactivated": "停用用户",
    "user.password_changed": "修改密码",
    "user.password_rehashed": "升级密码存储",
    "role.granted": "授予角色",
    "role.revoked": "撤销角色",
    "user.cadre_linked": "关联干部",
    "user.cadre_unlinked": "解除干部关联",
    "unit.updated": "修改单位",
    "cadres.imported": "导入干部名册",
    "organisation.imported": "导入组织机构",
    "calendar.year_entered": "录入节假日安排",
    "clock.set": "调整演示时钟",
    "jobs.run": "执行到期任务",
    "definition.deployed": "部署流程定义",
    "definition.refused": "拒绝部署流程定义",
    "design.draft_created": "新建流程草稿",
    "design.draft_saved": "保存流程草稿",
    "design.draft_checked": "检查流程草稿",
    "design.submitted": "提交流程审核",
    "design.published": "发布流程",
    "design.rejected": "退回流程草稿",
    "design.forms_saved": "保存流程表单",
    "case.deadlines_recomputed": "按节假日安排重算期限",
    "csrf.refused": "表单校验失败被拒绝",
    "token.refused": "接口令牌无效被拒绝",
    "token.revoked": "吊销接口令牌",
    "token.revoked_all": "吊销全部接口令牌",
    "unit.created": "新建单位",
    "user.unlocked": "解除账户锁定",
    "role.grant_requested": "申请授予管理员角色",
    "role.grant_rejected": "驳回管理员角色申请",
    "reauth.succeeded": "再次验证密码成功",
    "reauth.failed": "再次验证密码失败",
    "reauth.throttled": "再次验证密码受限",
    "password_change.succeeded": "修改密码时验证成功",
    "password_change.failed": "修改密码时验证失败",
    "password_change.throttled": "修改密码时验证受限",
    "instance.migrated": "迁移流程实例到新版本",
    "instance.migration_reverted": "撤销流程实例迁移",
    "info_item.reported": "报送预警信息",
    "info_item.verified": "核实预警信息",
    "info_item.graded": "评定预警信息等级",
    "info_item.feedback": "反馈预警信息",
    "info_network.thresholds_set": "设置预警扣分阈值",
    "info_item.handed_over": "预警信息移交为预警线索",
    "info_item.response_started": "启动预警信息分级处置",
    "risk_point.created": "新增廉政风险点",
    "risk_point.revised": "修订廉政风险点",
    "risk_round.started": "启动风险点排查",
    "power_item.created": "新增权力事项",
    "power_item.revised": "修改权力事项",
    "risk_reidentification.opened": "权力或岗位变动,提请重新查找风险点",
    "risk_reidentification.resolved": "办结风险点重新查找",
    "power_chart.created": "新建权力运行流程图",
    "power_chart.saved": "修改权力运行流程图",
    "start_schedule.paused": "暂停定时发起",
    "instance.start_skipped": "定时发起时无单位担任该角色,未发起",
    "start_schedule.resumed": "恢复定时发起",
    "info_network.node_set": "布设预警网络节点",
    "info_network.officer_named": "指定预警信息员",
    "info_network.officer_removed": "撤下预警信息员",
    "info_invited.appointed": "选聘特邀预警信息员",
    "info_invited.recorded": "记录特邀信息员培训或考核",
    "info_invited.term_ended": "结束特邀信息员聘期",
}
#: what an audit event is about (its ``object_type``), as people read it; an unlisted type shows its code
OBJECT_LABELS: dict[str, str] = {
    "api_token": "接口令牌", "attachment": "附件", "cadre": "干部", "calendar_year": "节假日安排", "case": "案件",
    "clock": "演示时钟", "clue": "线索", "definition": "流程定义", "design_draft": "流程草稿", "incident": "流程故障",
    "info_item": "预警信息", "instance": "流程实例", "job": "定时任务", "message": "消息", "request": "请求",
    "risk_point": "廉政风险点", "risk_round": "风险点排查", "setting": "系统设置", "task": "环节", "unit": "单位",
    "power_item": "权力事项", "risk_reidentification": "风险点重新查找",
    "user": "用户", "endpoint": "页面",
    "info_invited_appointment": "特邀信息员聘任", "document": "文书", "start_schedule": "定时发起计划",
}
#: the keys of an event's ``after`` that name BPMN elements, and what each names (issue 15 §10: a step id is
#: shown with its element's name)
STEP_KEYS: dict[str, str] = {"step": "办理环节", "timer": "定时器", "element": "出错环节", "next": "后续环节",
                             "new_tasks": "后续环节"}
_STATUS_LABELS = {TaskStatus.OPEN: "办理中", TaskStatus.COMPLETED: "已办结", TaskStatus.CANCELLED: "已取消"}
_CASE_STATUS_LABELS = {"open": "办理中", "closed": "已办结"}
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


def action_label(action: str) -> str:
    """Return the Chinese name of an audit action (its code when it has none)."""
    return ACTION_LABELS.get(action, action)


def object_label(object_type: str | None) -> str:
    """Return the Chinese name of what an event is about (its code when it has none)."""
    return OBJECT_LABELS.get(object_type or "", object_type or "")


@functools.lru_cache(maxsize=256)
def _element_names(definition_id: int, xml: str) -> dict[str, str]:
    """The names of a deployed definition's elements by id (a deployed version never changes: cached by id)."""
    names: dict[str, str] = {}
    try:
        root = etree.fromstring(xml.encode("utf-8"), parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return names
    for node in root.iter():
        element_id, name = node.get("id"), node.get("name")
        if element_id and name:
            names.setdefault(element_id, " ".join(name.split()))
    return names


def element_names(session: Session) -> dict[str, str]:
    """Every deployed element's name by id, the newest version's name first (step ids are stable across versions)."""
    names: dict[str, str] = {}
    rows = session.execute(select(ProcessDefinition.id, ProcessDefinition.xml)
                           .order_by(ProcessDefinition.id.desc())).all()
    for definition_id, xml in rows:
        for element_id, name in _element_names(definition_id, xml).items():
            names.setdefault(element_id, name)
    return names


@dataclass(frozen=True)
class StepReference:
    """A BPMN element an event names, with its name: "办理环节 筛选分流线索 (screen_clue)"."""

    role: str
    element_id: str
    name: str | None

    @property
    def own(self) -> bool:
        """The element the event happened at (the step done, the timer fired, the element failed), not a next step."""
        return self.role != STEP_KEYS["next"]


def step_references(event: AuditEvent, names: dict[str, str]) -> list[StepReference]:
    """The BPMN elements ``event`` names in its ``after`` (the step done, the timer, the next steps), labelled."""
    after = event.after if isinstance(event.after, dict) else {}
    found = []
    for key, role in STEP_KEYS.items():
        value = after.get(key)
        for element_id in value if isinstance(value, list) else [value] if isinstance(value, str) else []:
            own = after.get("name") if key == "step" else None  # the step's name as it was when done
            found.append(StepReference(role, element_id, own or names.get(element_id)))
    return found


def may_inspect(user: User) -> bool:
    """Tell whether ``user`` may use the inspector (auditor, supervisor or administrator)."""
    return any(r.role in INSPECTOR_ROLES for r in user.roles)


def check_may_inspect(user: User) -> None:
    """Raise NotPermitted unless ``user`` may use the inspector."""
    if not may_inspect(user):
        raise NotPermitted("只有审计、督办人员和系统管理员可以查阅审计信息", code="not_inspector")


def reads_cases(user: User) -> bool:
    """Tell whether ``user`` holds a role that reads cases at all (the administrator does not)."""
    return any(r.role in CASE_READER_ROLES for r in user.roles)


def _inspector_role(user: User | None) -> str | None:
    if user is None:
        return None
    return next((r.role for r in user.roles if r.role in INSPECTOR_ROLES), None)


# --- events -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventRecord:
    """One audit event as the inspector lists it, with its own hash re-computed."""

    event: AuditEvent
    action_label: str
    role_label: str | None
    unit_name: str | None
    #: the hash re-computed from the stored fields, and whether it equals the stored one
    recomputed_hash: str
    hash_ok: bool
    before_json: str | None
    after_json: str | None
    #: the number of the event's case, if it has one
    case_number: str | None = None
    #: what the event is about, as people read it (环节, 案件, 用户 …)
    object_label: str = ""
    #: the BPMN elements the event names (the step done, the next steps, the timer), with their names
    steps: tuple[StepReference, ...] = ()


def _pretty(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str)


def describe_events(session: Session, events: list[AuditEvent]) -> list[EventRecord]:
    """Wrap events for reading: Chinese action and role, the actor's unit, hash check, pretty JSON."""
    unit_ids = {e.actor_unit_id for e in events if e.actor_unit_id is not None}
    units = dict(session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(unit_ids))).all()) if unit_ids else {}
    case_ids = {e.case_id for e in events if e.case_id is not None}
    numbers = dict(session.execute(select(Case.id, Case.number).where(Case.id.in_(case_ids))).all()) if case_ids else {}
    names = element_names(session) if any(isinstance(e.after, dict) and STEP_KEYS.keys() & e.after.keys()
                                          for e in events) else {}
    records = []
    for e in events:
        recomputed = event_hash(e)
        records.append(EventRecord(
            event=e, action_label=action_label(e.action),
            role_label=ROLE_LABELS.get(e.actor_role, e.actor_role) if e.actor_role else None,
            unit_name=units.get(e.actor_unit_id), recomputed_hash=recomputed, hash_ok=recomputed == e.hash,
            before_json=_pretty(e.before), after_json=_pretty(e.after), case_number=numbers.get(e.case_id),
            object_label=object_label(e.object_type), steps=tuple(step_references(e, names)),
        ))
    return records


def _reads_whole_system(session: Session, user: User) -> bool:
    """Events outside any case (sign-ins, roles, deployments) are for inspectors of the county commission."""
    unit_ids = {r.unit_id for r in user.roles if r.role in INSPECTOR_ROLES}
    return bool(unit_ids) and county_commission_id(session) in unit_ids


def _event_scope(session: Session, user: User) -> ColumnElement[bool]:
    of_my_cases = AuditEvent.case_id.in_(select(Case.id).where(case_scope_filter(session, user)))
    outside_cases = AuditEvent.case_id.is_(None) if _reads_whole_system(session, user) else false()
    return or_(of_my_cases, outside_cases)


def recent_events(session: Session, user: User, *, action: str | None = None, page: int = 1,
                  per_page: int = 30) -> Page:
    """Return the newest audit events the inspector may read, optionally of one action."""
    check_may_inspect(user)
    stmt = select(AuditEvent).where(_event_scope(session, user))
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    return paginate(session, stmt.order_by(AuditEvent.seq.desc()), page, per_page)


# --- the chain --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainInspection:
    """The chain check with what an auditor needs to see at the first broken link."""

    report: ChainReport
    #: events stored now
    stored: int
    #: the first altered event (None when it is missing)
    event: AuditEvent | None = None
    #: the events just before and after it in the chain
    previous: AuditEvent | None = None
    following: AuditEvent | None = None
    #: the hash re-computed from the stored fields of ``event``
    recomputed_hash: str | None = None
    #: the hash ``event.prev_hash`` should hold: that of the event before it
    expected_prev_hash: str | None = None
    #: the case of ``event`` when the inspector may read it (for a link)
    case: Case | None = None
    records: list[EventRecord] = field(default_factory=list)

    @property
    def hash_matches(self) -> bool | None:
        return None if self.event is None else self.recomputed_hash == self.event.hash

    @property
    def prev_matches(self) -> bool | None:
        return None if self.event is None else self.expected_prev_hash == self.event.prev_hash

    @property
    def record(self) -> EventRecord | None:
        """The first altered event, described for reading."""
        return next((r for r in self.records if self.event is not None and r.event is self.event), None)

    @property
    def content_visible(self) -> bool:
        """Show the altered event's fields only when it is of a case the inspector reads, or of no case."""
        return self.event is not None and (self.event.case_id is None or self.case is not None)


def inspect_chain(session: Session, user: User, report: ChainReport | None = None) -> ChainInspection:
    """Re-hash the whole chain (SECURITY.md 26) and describe its first altered or missing event.

    ``report`` is the caller's own check, e.g. one against the signed checkpoints kept outside the database.
    """
    check_may_inspect(user)
    report = report or verify_chain(session)
    stored = session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
    if report.ok or report.first_bad_seq is None:
        return ChainInspection(report, stored)
    seq = report.first_bad_seq
    event = session.execute(select(AuditEvent).where(AuditEvent.seq == seq)).scalar_one_or_none()
    previous = session.execute(select(AuditEvent).where(AuditEvent.seq < seq)
                               .order_by(AuditEvent.seq.desc()).limit(1)).scalar_one_or_none()
    following = session.execute(select(AuditEvent).where(AuditEvent.seq > seq)
                                .order_by(AuditEvent.seq).limit(1)).scalar_one_or_none()
    case = None
    if event is not None and event.case_id is not None:
        candidate = session.get(Case, event.case_id)
        if candidate is not None and can_read_case(session, user, candidate):
            case = candidate
    expected_prev = (
        GENESIS_HASH if seq == 1 else (previous.hash if previous is not None and previous.seq == seq - 1 else None)
    )
    around = [e for e in (previous, event, following) if e is not None]
    return ChainInspection(
        report, stored, event=event, previous=previous, following=following,
        recomputed_hash=event_hash(event) if event is not None else None, expected_prev_hash=expected_prev,
        case=case, records=describe_events(session, around),
    )


# --- one case -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubmittedValue:
    """One field of a step's form as it was submitted."""

    name: str
    label: str
    #: the value as people read it (choice labels, Chinese dates, names of people)
    text: str
    #: the stored code of a choice field, shown beside its label
    code: str | None = None

    @property
    def filled(self) -> bool:
        return self.text != NOT_FILLED


@dataclass
class StepRecord:
    """One step of a case as it was done: who, in which role, when, with what data, opinion and papers."""

    position: int
    task: HumanTask
    status_label: str
    form_title: str
    performer: User | None
    role: str | None
    role_label: str | None
    values: list[SubmittedValue]
    documents: list[Document]
    attachments: list[Attachment]
    #: the audit event recording the completion
    event: AuditEvent | None


@dataclass
class CaseInspection:
    """Everything the inspector shows of one case."""

    case: Case
    clue: Clue
    cadre: Cadre
    handling_unit: Unit
    steps: list[StepRecord]
    events: list[EventRecord]
    diagrams: list[Diagram]
    documents: list[Document]
    attachments: list[Attachment]
    #: attachments filed with no step
    loose_attachments: list[Attachment]

    @property
    def facts(self) -> list[tuple[str, str]]:
        """The case's facts as (label, text) rows, in the order a summary lists them."""
        case, cadre = self.case, self.cadre
        rows = [
            ("案件编号", case.number), ("线索编号", self.clue.number),
            ("预警对象", f"{cadre.name}({cadre.unit.name}{cadre.position_title})"),
            ("预警类型", WARNING_TYPE_LABELS.get(case.warning_type, case.warning_type or "") or "待定"),
            ("承办单位", self.handling_unit.name), ("状态", _CASE_STATUS_LABELS.get(case.status, case.status)),
            ("所处阶段", STAGE_LABELS.get(case.stage, case.stage)),
            ("办理结果", OUTCOME_LABELS.get(case.outcome, case.outcome or "") or "—"),
            ("线索来源", SOURCE_CHANNEL_LABELS.get(self.clue.source_channel, self.clue.source_channel)),
            ("来源部门", self.clue.source_unit_name), ("接到线索", readable(self.clue.received_on)),
            ("线索摘要", self.clue.summary),
        ]
        for key, label in (
            ("opened_on", "登记"),
            ("approved_on", "批准"),
            ("reported_to_party_chief_on", "报告县委主要领导"),
            ("implementation_started_on", "开始实施"),
            ("talked_on", "谈话"),
            ("notice_issued_on", "送达通知"),
            ("received_on", "对象签收"),
            ("original_due_date", "原定期限"),
            ("current_due_date", "现行期限"),
            ("replied_on", "报告/说明提交"),
            ("lifted_on", "解除预警"),
            ("closed_on", "办结"),
        ):
            value = getattr(case, key)
            if value is not None:
                rows.append((label, readable(value)))
        return rows


def _description(session: Session, task: HumanTask) -> forms.FormDescription | None:
    try:
        return describe_task_form(session, task)
    except FormInvalid:
        return None


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _person(session: Session, value: Any, *, cadre: bool) -> str:
    try:
        key = int(value)
    except (TypeError, ValueError):
        return str(value)
    row = session.get(Cadre if cadre else User, key)
    if row is None:
        return f"编号{key}"
    return row.name if cadre else row.display_name


def _readable_value(
    session: Session, name: str, kind: str, choices: dict[str, str], value: Any
) -> tuple[str, str | None]:
    """Return (text, code) of one submitted value; ``code`` only for choice fields."""
    if _is_empty(value):
        return NOT_FILLED, None
    if kind in ("choice", "multichoice") and choices:
        values = value if isinstance(value, list) else [value]
        text = "、".join(choices.get(str(v), str(v)) for v in values)
        return text, "、".join(str(v) for v in values)
    if kind in ("int", "int_list") and name.endswith(("_id", "_ids")):
        values = value if isinstance(value, list) else [value]
        return "、".join(_person(session, v, cadre=name.endswith("cadre_id")) for v in values), None
    if isinstance(value, (dict, set)):
        return json.dumps(value, ensure_ascii=False, default=str), None
    return readable(value), None


def submitted_values(session: Session, task: HumanTask) -> list[SubmittedValue]:
    """Return a completed step's data as submitted then, in form order, labelled from ``forms.describe``."""
    data = dict(task.submitted or {})
    description = _description(session, task)
    values: list[SubmittedValue] = []
    for described in (description.fields if description else []):
        if described.name not in data:
            continue
        text, code = _readable_value(session, described.name, described.kind, dict(described.choices),
                                     data.pop(described.name))
        values.append(SubmittedValue(described.name, described.label_zh, text, code))
    # A field the form no longer declares (the form changed since) is still shown, under its own name.
    for name, raw in data.items():
        text, _ = _readable_value(session, name, "", {}, raw)
        values.append(SubmittedValue(name, name, text))
    return values


def inspect_case(session: Session, user: User, case_id: int) -> CaseInspection:
    """Return a case the inspector may read (404 otherwise, then 403 for other roles), step by step."""
    case = load_case_for(session, user, case_id)
    check_may_inspect(user)
    tasks = list(session.execute(select(HumanTask).where(of_case(HumanTask, case.id))
                                 .order_by(HumanTask.id)).scalars())
    documents = list(session.execute(select(Document).where(of_case(Document, case.id))
                                     .order_by(Document.id)).scalars())
    attachments = list(session.execute(select(Attachment).where(of_case(Attachment, case.id))
                                       .order_by(Attachment.id)).scalars())
    events = list(session.execute(select(AuditEvent).where(AuditEvent.case_id == case.id)
                                  .order_by(AuditEvent.seq)).scalars())
    completions = {e.object_id: e for e in events if e.action == "task.completed" and e.object_type == "task"}
    steps: list[StepRecord] = []
    for position, task in enumerate(tasks, start=1):
        event = completions.get(str(task.id))
        role = event.actor_role if event is not None else None
        description = _description(session, task)
        steps.append(StepRecord(
            position=position, task=task, status_label=_STATUS_LABELS.get(task.status, task.status),
            form_title=description.title_zh if description else task.form_key,
            performer=session.get(User, task.completed_by_id) if task.completed_by_id else None,
            role=role, role_label=ROLE_LABELS.get(role, role) if role else None,
            values=submitted_values(session, task) if task.status == TaskStatus.COMPLETED else [],
            documents=[d for d in documents if d.task_id == task.id],
            attachments=[a for a in attachments if a.task_id == task.id], event=event,
        ))
    task_ids = {t.id for t in tasks}
    return CaseInspection(
        case=case, clue=session.get(Clue, case.clue_id), cadre=session.get(Cadre, case.cadre_id),
        handling_unit=session.get(Unit, case.handling_unit_id), steps=steps,
        events=describe_events(session, events), diagrams=case_diagrams(session, case),
        documents=documents, attachments=attachments,
        loose_attachments=[a for a in attachments if a.task_id not in task_ids],
    )


# --- the archive ------------------------------------------------------------------------------------------


def _safe_name(text: str) -> str:
    return _UNSAFE_NAME.sub("_", text).strip(" .") or "file"


def _instant(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(dt.UTC).isoformat()


def _local(value: dt.datetime | None) -> str:
    return "" if value is None else value.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M")


def _event_json(ev: AuditEvent) -> dict:
    # occurred_at is written exactly as the hash reads it, so the hash can be recomputed from this file.
    return {
        "seq": ev.seq, "occurred_at": _instant(ev.occurred_at), "actor_id": ev.actor_id, "actor_name": ev.actor_name,
        "actor_role": ev.actor_role, "actor_unit_id": ev.actor_unit_id, "action": ev.action,
        "action_label": action_label(ev.action), "object_type": ev.object_type, "object_id": ev.object_id,
        "case_id": ev.case_id, "source_ip": ev.source_ip, "before": ev.before, "after": ev.after,
        "reason": ev.reason, "prev_hash": ev.prev_hash, "hash": ev.hash, "key_id": ev.key_id,
    }


def _step_json(step: StepRecord, document_paths: dict[int, str], attachment_paths: dict[int, str]) -> dict:
    task = step.task
    return {
        "position": step.position, "task_id": task.id, "step": task.bpmn_id, "process": task.process_key,
        "name": task.name, "article": task.article, "stage": task.stage, "status": task.status,
        "form_key": task.form_key, "form_title": step.form_title,
        "completed_by": None if step.performer is None else {"id": step.performer.id,
                                                             "name": step.performer.display_name},
        "role": step.role, "role_label": step.role_label, "completed_at": _instant(task.completed_at),
        "submitted": task.submitted, "submitted_readable": [
            {"field": v.name, "label": v.label, "value": v.text, **({"code": v.code} if v.code else {})}
            for v in step.values],
        "opinion": task.opinion, "audit_seq": step.event.seq if step.event else None,
        "documents": [{"number": d.number, "title": d.title, "file": document_paths[d.id]} for d in step.documents],
        "attachments": [{"filename": a.filename, "sha256": a.sha256, "file": attachment_paths[a.id]}
                        for a in step.attachments],
    }


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def _chain_sentence(report: ChainReport) -> str:
    if report.ok:
        return f"审计链完整:共校验{report.checked}条审计事件,未发现改动、删除或重排。"
    return f"审计链校验未通过:{report.problem_zh}(此前{report.checked}条事件校验无误)。"


def case_archive(session: Session, clock: Clock, actor: Actor, case_id: int) -> bytes:
    """Return one ZIP of a case for the file (第二十六条 一案一例) and record the export in the audit log.

    The ZIP holds events.json (every audit event of the case with its hashes), steps.json, each document
    as DOCX, each attachment, summary.html (printable, self-contained) and manifest.json with the SHA-256
    of every other file. The export event itself is among the events, and the chain is verified after it.
    """
    inspection = inspect_case(session, actor.user, case_id)
    case = inspection.case
    files: list[tuple[str, bytes, str]] = []  # (path in the ZIP, content, kind)
    document_paths: dict[int, str] = {}
    for document in inspection.documents:
        path = f"documents/{_safe_name(document.number)}-{_safe_name(document.title)}.docx"
        if path in document_paths.values():
            path = path.removesuffix(".docx") + f"-{document.id}.docx"
        document_paths[document.id] = path
        files.append((path, render_docx(compose_document(session, document)), "document"))
    attachment_paths: dict[int, str] = {}
    recorded_sha: dict[str, str] = {}
    for attachment in inspection.attachments:
        path = f"attachments/{attachment.id}-{_safe_name(attachment.filename)}"
        attachment_paths[attachment.id] = path
        recorded_sha[path] = attachment.sha256
        files.append((path, attachment.content, "attachment"))
    audit.record(session, clock, actor, ARCHIVE_EXPORTED, "case", case.id, case_id=case.id,
                 role=_inspector_role(actor.user),
                 after={"documents": len(document_paths), "attachments": len(attachment_paths)})
    session.flush()
    events = list(session.execute(select(AuditEvent).where(AuditEvent.case_id == case.id)
                                  .order_by(AuditEvent.seq)).scalars())
    report = verify_chain(session)
    exported_at = clock.now()
    steps = [_step_json(s, document_paths, attachment_paths) for s in inspection.steps]
    files.append(("events.json", _dumps({
        "case_number": case.number, "exported_at": _instant(exported_at), "hash_recipe": HASH_RECIPE,
        "events": [_event_json(e) for e in events]}), "events"))
    files.append(("steps.json", _dumps({"case_number": case.number, "steps": steps}), "steps"))
    files.append(("summary.html", _summary_html(inspection, events, report, exported_at, actor,
                                                document_paths, attachment_paths).encode("utf-8"), "summary"))
    manifest = {
        "case_number": case.number, "exported_at": _instant(exported_at), "exported_by": actor.name,
        "algorithm": "SHA-256", "chain": {"ok": report.ok, "checked": report.checked,
                                          "first_bad_seq": report.first_bad_seq, "problem": report.problem_zh},
        "files": [],
    }
    for path, content, kind in files:
        entry = {"path": path, "kind": kind, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
        if path in recorded_sha:
            entry["recorded_sha256"] = recorded_sha[path]
            entry["matches_record"] = recorded_sha[path] == entry["sha256"]
        manifest["files"].append(entry)
    files.append(("manifest.json", _dumps(manifest), "manifest"))
    stamp = exported_at.astimezone(LOCAL_TZ).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, content, _ in files:
            info = zipfile.ZipInfo(path, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


_SUMMARY_STYLE = """
body { font-family: "Noto Serif CJK SC", "SimSun", "Songti SC", serif; color: #111; margin: 2rem auto; max-width: 60rem;
  line-height: 1.6; padding: 0 1rem; }
h1 { font-size: 1.6rem; text-align: center; margin-bottom: .25rem; }
h2 { font-size: 1.15rem; border-bottom: 2px solid #a61b1b; padding-bottom: .2rem; margin-top: 2rem; }
.meta { text-align: center; color: #555; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .92rem; }
th, td { border: 1px solid #999; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; white-space: nowrap; width: 9rem; }
table.list th { width: auto; }
.ok { color: #146c2e; font-weight: bold; }
.bad { color: #a61b1b; font-weight: bold; }
.step { page-break-inside: avoid; margin-bottom: 1rem; }
.step h3 { font-size: 1rem; margin: .8rem 0 .2rem; }
.muted { color: #666; font-size: .85rem; }
code { font-family: "Noto Sans Mono CJK SC", monospace; font-size: .8rem; word-break: break-all; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } }
"""


def _summary_html(inspection: CaseInspection, events: list[AuditEvent], report: ChainReport,
                  exported_at: dt.datetime, actor: Actor, document_paths: dict[int, str],
                  attachment_paths: dict[int, str]) -> str:
    """A printable summary for the paper file, readable without this software (no scripts, no links out)."""
    e = html.escape
    case = inspection.case
    parts = [
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">",
        f"<title>{e(case.number)} 案件档案摘要</title><style>{_SUMMARY_STYLE}</style></head><body>",
        (f"<h1>预警案件档案摘要</h1><p class=\"meta\">{e(case.number)} · 导出时间 {e(_local(exported_at))}(北京时间)"
         f" · 导出人 {e(actor.name)}</p>"),
        "<h2>审计链校验(导出时)</h2>",
        f"<p class=\"{'ok' if report.ok else 'bad'}\">{e(_chain_sentence(report))}</p>",
        (f"<p class=\"muted\">本案件共有审计事件{len(events)}条,完整记录(含哈希)见 events.json;"
         "各文件的SHA-256见 manifest.json。</p>"),
        "<h2>案件概况</h2><table>",
    ]
    parts += [f"<tr><th>{e(label)}</th><td>{e(text)}</td></tr>" for label, text in inspection.facts]
    parts.append("</table><h2>办理过程</h2>")
    for step in inspection.steps:
        task = step.task
        who = step.performer.display_name if step.performer else ""
        if step.role_label:
            who += f"({step.role_label})"
        parts.append(f"<div class=\"step\"><h3>{step.position}. {e(task.name)} <span class=\"muted\">{e(task.article)}"
                     f" · {e(step.status_label)}</span></h3>")
        if task.status == TaskStatus.COMPLETED:
            parts.append(f"<p>办理人:{e(who)} · 办结时间:{e(_local(task.completed_at))}</p>")
        if step.values:
            parts.append(f"<table><caption class=\"muted\">{e(step.form_title)}(提交时的内容)</caption>")
            parts += [f"<tr><th>{e(v.label)}</th><td>{e(v.text)}</td></tr>" for v in step.values]
            parts.append("</table>")
        if task.opinion:
            parts.append(f"<p>意见:{e(task.opinion)}</p>")
        for document in step.documents:
            parts.append(f"<p>文书:{e(document.title)}({e(document.number)}),见 "
                         f"<code>{e(document_paths[document.id])}</code></p>")
        for attachment in step.attachments:
            parts.append(f"<p>附件:{e(attachment.filename)} <code>SHA-256 {e(attachment.sha256)}</code></p>")
        parts.append("</div>")
    parts.append("<h2>文书</h2>")
    if inspection.documents:
        parts.append("<table class=\"list\"><tr><th>文号</th><th>标题</th><th>送达</th><th>日期</th><th>文件</th></tr>")
        parts += [f"<tr><td>{e(d.number)}</td><td>{e(d.title)}</td><td>{e(d.recipient)}</td>"
                  f"<td>{e(readable(d.issued_on))}</td><td><code>{e(document_paths[d.id])}</code></td></tr>"
                  for d in inspection.documents]
        parts.append("</table>")
    else:
        parts.append("<p class=\"muted\">无</p>")
    parts.append("<h2>附件</h2>")
    if inspection.attachments:
        parts.append("<table class=\"list\"><tr><th>文件</th><th>大小</th><th>SHA-256</th></tr>")
        parts += [f"<tr><td><code>{e(attachment_paths[a.id])}</code></td><td>{a.size}字节</td>"
                  f"<td><code>{e(a.sha256)}</code></td></tr>" for a in inspection.attachments]
        parts.append("</table>")
    else:
        parts.append("<p class=\"muted\">无</p>")
    parts.append(
        "<h2>审计事件</h2><table class=\"list\"><tr><th>序号</th><th>时间</th><th>操作人</th><th>事项</th></tr>"
    )
    parts += [f"<tr><td>{ev.seq}</td><td>{e(_local(ev.occurred_at))}</td><td>{e(ev.actor_name)}</td>"
              f"<td>{e(action_label(ev.action))}</td></tr>" for ev in events]
    parts.append("</table><p class=\"muted\">依据《领导干部廉洁自律预警机制实施办法》第二十六条"
                 "“一案一例”建档。本摘要由廉警系统导出。</p></body></html>")
    return "".join(parts)
