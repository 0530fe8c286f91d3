"""Output schemas: what each audience may see, field by field (STYLE rule 8).

Schemas are allowlists: nothing leaves the API unless a schema below declares it. Codes travel with their
Chinese labels (``"stage": "approval", "stage_label": "审批"``); dates are ISO ``YYYY-MM-DD`` (China time),
instants ISO 8601 in UTC. The ``present_*`` functions gather what a schema needs (related rows, days left
counted from the request's "today") and dump it; views never build response dicts by hand.

Audiences: the handler schemas serve everyone who may read a case; ``AuditorEventSchema`` adds the source IP
and the hash chain for auditors, supervisors and administrators.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any

from marshmallow import Schema
from marshmallow import fields
from sqlalchemy import select
from sqlalchemy.orm import Session

import forms
from engine.data_forms import task_data_forms
from engine.incidents import INCIDENT_KIND_LABELS
from engine.incidents import held_message
from engine.models import Cadre
from engine.models import Case
from engine.models import Clue
from engine.models import Document
from engine.models import HumanTask
from engine.models import Restriction
from engine.models import Unit
from engine.models import User
from engine.overdue import Deadline
from engine.overdue import MissedDeadline
from engine.overdue import current_deadlines
from engine.overdue import days_late
from engine.overdue import task_deadlines
from engine.registry import REGISTRY
from engine.vocabulary import OUTCOME_LABELS
from engine.vocabulary import POSITION_KIND_LABELS
from engine.vocabulary import SOURCE_CHANNEL_LABELS
from engine.vocabulary import STAGE_LABELS
from engine.vocabulary import WARNING_TYPE_LABELS

CASE_STATUS_LABELS = {"open": "办理中", "closed": "已办结"}
TASK_STATUS_LABELS = {"open": "待办", "completed": "已办结", "cancelled": "已取消"}
RESTRICTION_LABELS = {"promotion": "不得提拔使用", "award": "不得参加评选评优"}
FIELD_KIND_LABELS = {
    "text": "单行文字", "textarea": "多行文字", "date": "日期", "datetime": "时间", "choice": "单选",
    "multichoice": "多选", "bool": "是否", "int": "编号", "int_list": "编号列表",
}


class Label(fields.Field):
    """The Chinese label of a code read from another attribute (``Label("stage", STAGE_LABELS)``)."""

    def __init__(self, source: str, labels: Mapping[str, str], **kwargs: Any):
        super().__init__(attribute=source, dump_only=True, allow_none=True, **kwargs)
        self.labels = {str(k): v for k, v in labels.items()}

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else self.labels.get(str(value), str(value))


class RoleLabel(fields.Field):
    """The label of a role of any registered regulation, looked up when shown (the Measures' roles, the risk
    points' 单位主要领导, the network's 县预警中心…): a fixed table would show the others' codes raw."""

    def __init__(self, source: str, **kwargs: Any):
        super().__init__(attribute=source, dump_only=True, allow_none=True, **kwargs)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else role_label(str(value))


def role_label(role: str) -> str:
    """The Chinese label of a role of the engine or of any registered regulation (its code if none)."""
    return REGISTRY.roles().get(role, role)


def _labels(mapping: Mapping) -> dict[str, str]:
    return {str(k): v for k, v in mapping.items()}


class _View:
    """An object seen through a schema with some values added (computed, or related rows)."""

    def __init__(self, obj: Any, **extra: Any):
        self._obj = obj
        self._extra = extra

    def __getattr__(self, name: str) -> Any:
        extra = self.__dict__["_extra"]
        if name in extra:
            return extra[name]
        return getattr(self.__dict__["_obj"], name)


# --- references -------------------------------------------------------------------------------------


class UnitRef(Schema):
    """An org unit."""

    id = fields.Integer()
    code = fields.String()
    name = fields.String()


class UserRef(Schema):
    """A person, as others see them."""

    id = fields.Integer()
    display_name = fields.String()


class CadreRef(Schema):
    """A cadre (the subject of a case)."""

    id = fields.Integer()
    name = fields.String()
    position_title = fields.String()
    position_kind = fields.String()
    position_kind_label = Label("position_kind", _labels(POSITION_KIND_LABELS))
    unit = fields.Nested(UnitRef)


class CaseRef(Schema):
    """A case as a task line shows it."""

    id = fields.Integer()
    number = fields.String()
    cadre_name = fields.String()


# --- people -----------------------------------------------------------------------------------------


class RoleSchema(Schema):
    """A role held in a unit."""

    role = fields.String()
    role_label = RoleLabel("role")
    unit = fields.Nested(UnitRef)


class TaskCounts(Schema):
    """Open tasks: claimed by me, waiting in my roles' queues, overdue among both."""

    mine = fields.Integer()
    groups = fields.Integer()
    overdue = fields.Integer()


class MeSchema(Schema):
    """The signed-in user."""

    id = fields.Integer()
    username = fields.String()
    display_name = fields.String()
    unit = fields.Nested(UnitRef)
    roles = fields.List(fields.Nested(RoleSchema))
    task_counts = fields.Nested(TaskCounts)
    now = fields.DateTime()
    today = fields.Date()
    clock = fields.String(metadata={"description": "system 或 manual"})


# --- tasks ------------------------------------------------------------------------------------------


class DeadlineSchema(Schema):
    """The deadline a case or step is held to today, as every screen shows it (engine.overdue, issue 15 §3)."""

    kind = fields.String(metadata={
        "description": "step:环节法定期限;waiting:线索待筛选,督办跟踪等待天数(第十四、三十三条)"})
    statutory = fields.Boolean()
    task_id = fields.Integer()
    bpmn_id = fields.String()
    step_name = fields.String()
    article = fields.String(metadata={"description": "环节依据的条款"})
    rule = fields.String(metadata={"description": "期限规则及其条款,如:批准之日起7日内组织实施(第十七条)"})
    due_date = fields.Date()
    runs_from = fields.Date(metadata={"description": "期限起算日(环节开始或线索接到之日)"})
    days_left = fields.Integer(metadata={"description": "距期限天数,负数为已过"})
    overdue = fields.Boolean()
    days_overdue = fields.Integer()
    overdue_since = fields.Date(metadata={"description": "自该日起逾期(期限届满次日)"})
    days_waiting = fields.Integer(metadata={"description": "自起算日以来的天数"})
    tracked = fields.Boolean(metadata={"description": "线索等待已达督办跟踪天数"})
    tracking_days = fields.Integer(allow_none=True, metadata={"description": "线索等待超过该天数即列入督办"})


class TaskSummary(Schema):
    """A task line of an inbox."""

    id = fields.Integer()
    name = fields.String()
    bpmn_id = fields.String()
    process_key = fields.String()
    form_key = fields.String()
    article = fields.String()
    stage = fields.String()
    stage_label = Label("stage", _labels(STAGE_LABELS))
    status = fields.String()
    status_label = Label("status", TASK_STATUS_LABELS)
    warning_type = fields.String(allow_none=True)
    warning_type_label = Label("warning_type", _labels(WARNING_TYPE_LABELS))
    unit = fields.Nested(UnitRef)
    case = fields.Nested(CaseRef, allow_none=True)
    assignee = fields.Nested(UserRef, allow_none=True)
    due_date = fields.Date(allow_none=True)
    due_at = fields.DateTime(allow_none=True)
    days_left = fields.Integer(allow_none=True, metadata={"description": "距期限天数,负数为已逾期"})
    overdue = fields.Boolean()
    deadline = fields.Nested(DeadlineSchema, allow_none=True,
                             metadata={"description": "办理中环节的期限,或待筛选线索的等待(第十四、三十三条)"})
    days_late = fields.Integer(allow_none=True, metadata={"description": "已办环节超过期限的天数(逾期标记只在该环节)"})
    created_at = fields.DateTime()
    completed_at = fields.DateTime(allow_none=True)
    completed_by = fields.Nested(UserRef, allow_none=True)


class ChoiceSchema(Schema):
    """One option of a choice field."""

    value = fields.String()
    label = fields.String()


class FieldSchema(Schema):
    """One field of a form, enough for a client to render and check it."""

    name = fields.String()
    label = fields.String()
    kind = fields.String()
    kind_label = Label("kind", FIELD_KIND_LABELS)
    required = fields.Boolean()
    choices = fields.List(fields.Nested(ChoiceSchema))
    help = fields.String()


class FormDescriptionSchema(Schema):
    """The form a task asks for."""

    form_key = fields.String()
    title = fields.String()
    article = fields.String()
    fields_ = fields.List(fields.Nested(FieldSchema), data_key="fields", attribute="fields")


class CandidateSchema(Schema):
    """A role (in a unit) whose holders may do the task."""

    role = fields.String()
    role_label = RoleLabel("role")
    unit = fields.Nested(UnitRef)


class ActionsSchema(Schema):
    """What the requesting user may do with the task now."""

    claim = fields.Boolean()
    unclaim = fields.Boolean()
    complete = fields.Boolean()


class MissedDeadlineSchema(Schema):
    """The statutory deadline an open step has passed (issue 14 §4)."""

    task_id = fields.Integer()
    bpmn_id = fields.String()
    step_name = fields.String()
    due_date = fields.Date()
    article = fields.String()


class CaseSummary(Schema):
    """A ledger line (一案一例台帐, 第二十六条)."""

    id = fields.Integer()
    number = fields.String()
    status = fields.String()
    status_label = Label("status", CASE_STATUS_LABELS)
    stage = fields.String()
    stage_label = Label("stage", _labels(STAGE_LABELS))
    warning_type = fields.String(allow_none=True)
    warning_type_label = Label("warning_type", _labels(WARNING_TYPE_LABELS))
    outcome = fields.String(allow_none=True)
    outcome_label = Label("outcome", _labels(OUTCOME_LABELS))
    cadre = fields.Nested(CadreRef)
    handling_unit = fields.Nested(UnitRef)
    opened_on = fields.Date()
    current_due_date = fields.Date(allow_none=True)
    days_left = fields.Integer(allow_none=True, metadata={"description": "距当前期限天数,负数为已逾期"})
    overdue = fields.Boolean(metadata={"description": "任一办理中环节超过法定期限即为逾期(含第十七条7日内组织实施)"})
    missed_deadline = fields.Nested(MissedDeadlineSchema, allow_none=True,
                                    metadata={"description": "逾期时:所超过的最早期限及其环节"})
    deadline = fields.Nested(DeadlineSchema, allow_none=True,
                             metadata={"description": "当前期限:办理中环节最早的法定期限,或待筛选线索的等待"})
    closed_on = fields.Date(allow_none=True)


class TaskDetail(TaskSummary):
    """A task with its case, its form and who may do it."""

    case = fields.Nested(CaseSummary, allow_none=True)
    form = fields.Nested(FormDescriptionSchema)
    candidates = fields.List(fields.Nested(CandidateSchema))
    submitted = fields.Dict(allow_none=True, metadata={"description": "已提交的表单数据(办结后)"})
    opinion = fields.String(allow_none=True)
    actions = fields.Nested(ActionsSchema)


class TaskPage(Schema):
    """One page of an inbox."""

    items = fields.List(fields.Nested(TaskSummary))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


# --- clues, cases, documents --------------------------------------------------------------------------


class ClueSchema(Schema):
    """A registered clue (第十、十三条)."""

    id = fields.Integer()
    number = fields.String()
    source_channel = fields.String()
    source_channel_label = Label("source_channel", _labels(SOURCE_CHANNEL_LABELS))
    source_unit_name = fields.String()
    received_on = fields.Date()
    summary = fields.String()
    subject = fields.Nested(CadreRef)
    receiving_unit = fields.Nested(UnitRef)
    transfer_form_number = fields.String(allow_none=True)
    transferring_body = fields.String(allow_none=True)
    transferred_on = fields.Date(allow_none=True)
    registered_by = fields.Nested(UserRef)
    registered_at = fields.DateTime()


class DocumentSchema(Schema):
    """A numbered document issued in a case."""

    id = fields.Integer()
    kind = fields.String()
    title = fields.String()
    number = fields.String()
    recipient = fields.String()
    issued_on = fields.Date()
    issuing_unit = fields.Nested(UnitRef)
    task_id = fields.Integer(allow_none=True)


class RegisteredClueSchema(Schema):
    """The answer to registering a clue: the clue, its new case, duplicate warnings, the first steps."""

    clue = fields.Nested(ClueSchema)
    case = fields.Nested(CaseSummary)
    warnings = fields.List(fields.String(), metadata={"description": "同一干部已有案件或近期线索的提示"})
    next_tasks = fields.List(fields.Nested(TaskSummary))


class IncidentSchema(Schema):
    """A run-time fault that holds a case (issue 11 §5): which element, why, since when."""

    id = fields.Integer()
    kind = fields.String(metadata={"description": "failed_job、expression_error、timer_error、no_flow、"
                                                  "decision_error 或 loop_guard"})
    kind_label = Label("kind", _labels(INCIDENT_KIND_LABELS))
    status = fields.String(metadata={"description": "open 或 resolved"})
    message = fields.String(metadata={"description": "出错的流程元素及原因(中文)"})
    opened_at = fields.DateTime()
    resolved_at = fields.DateTime(allow_none=True)
    case = fields.Nested(CaseRef, allow_none=True)
    timer = fields.String(allow_none=True, metadata={"description": "失败的定时事件(仅 failed_job)"})


class IncidentNotice(IncidentSchema):
    """The incident a completion ran into, with what the person who completed the step is told."""

    notice = fields.String(metadata={"description": "办理已记录、流程暂停、督办人员已获通知的说明"})


class CompletionSchema(Schema):
    """The answer to completing a task."""

    task = fields.Nested(TaskSummary)
    case = fields.Nested(CaseSummary)
    next_tasks = fields.List(fields.Nested(TaskSummary))
    documents = fields.List(fields.Nested(DocumentSchema))
    incident = fields.Nested(IncidentNotice, allow_none=True,
                             metadata={"description": "办理已记录,但流程在后续环节出现故障而暂停时给出;否则为 null"})


class IncidentList(Schema):
    """The open incidents the user may see, oldest first."""

    items = fields.List(fields.Nested(IncidentSchema))


class RetryResultSchema(Schema):
    """The answer to retrying an incident."""

    resolved = fields.Boolean(metadata={"description": "流程是否已继续推进(定时任务失败的为重新排队)"})
    incident = fields.Nested(IncidentSchema)


class KeyDatesSchema(Schema):
    """The recorded dates of a case (China time)."""

    opened_on = fields.Date()
    approved_on = fields.Date(allow_none=True)
    start_due_date = fields.Date(allow_none=True)
    implementation_started_on = fields.Date(allow_none=True)
    reported_to_party_chief_on = fields.Date(allow_none=True)
    talked_on = fields.Date(allow_none=True)
    notice_issued_on = fields.Date(allow_none=True)
    received_on = fields.Date(allow_none=True)
    original_due_date = fields.Date(allow_none=True)
    current_due_date = fields.Date(allow_none=True)
    replied_on = fields.Date(allow_none=True)
    lifted_on = fields.Date(allow_none=True)
    closed_on = fields.Date(allow_none=True)


class DueSchema(Schema):
    """The deadline in force."""

    current_due_date = fields.Date(allow_none=True)
    days_left = fields.Integer(allow_none=True)
    overdue = fields.Boolean()
    missed_deadline = fields.Nested(MissedDeadlineSchema, allow_none=True)
    deadline = fields.Nested(DeadlineSchema, allow_none=True)
    provisional = fields.Boolean(metadata={"description": "节假日安排未公布,期限待确认"})


class ExtensionSchema(Schema):
    """Extensions of an ordered correction (第三十条: together at most one month)."""

    used_days = fields.Integer()
    cap_date = fields.Date(allow_none=True)
    remaining_days = fields.Integer(allow_none=True)


class RestrictionSchema(Schema):
    """A restriction on the subject (第三十一条)."""

    kind = fields.String()
    kind_label = Label("kind", RESTRICTION_LABELS)
    starts_on = fields.Date()
    ends_on = fields.Date(allow_none=True)
    article = fields.String()
    in_force = fields.Boolean()


class StepSchema(TaskSummary):
    """A step of a case, done or open, with who did it, when and their opinion."""

    opinion = fields.String(allow_none=True)
    submitted = fields.Dict(allow_none=True)


class EscalationSchema(Schema):
    """The warning was raised to a graver type (第二十八、二十九条)."""

    from_type = fields.String(data_key="from", attribute="from")
    from_label = fields.String()
    to_type = fields.String(data_key="to", attribute="to")
    to_label = fields.String()
    on = fields.Date()


class CaseDetailSchema(CaseSummary):
    """A case with everything its page shows."""

    clue = fields.Nested(ClueSchema)
    dates = fields.Nested(KeyDatesSchema)
    due = fields.Nested(DueSchema)
    extension = fields.Nested(ExtensionSchema)
    documents = fields.List(fields.Nested(DocumentSchema))
    restrictions = fields.List(fields.Nested(RestrictionSchema))
    steps = fields.List(fields.Nested(StepSchema))
    escalations = fields.List(fields.Nested(EscalationSchema))
    #: the warning-information item the clue was handed over from (issue 13 §6), or None
    source_info_item_id = fields.Integer(allow_none=True)


class CasePage(Schema):
    """One page of the ledger."""

    items = fields.List(fields.Nested(CaseSummary))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


# --- audit, restrictions, admin ------------------------------------------------------------------------


class EventSchema(Schema):
    """An audit event as case readers see it."""

    seq = fields.Integer()
    occurred_at = fields.DateTime()
    actor_id = fields.Integer(allow_none=True)
    actor_name = fields.String()
    actor_role = fields.String(allow_none=True)
    actor_role_label = RoleLabel("actor_role")
    actor_unit_id = fields.Integer(allow_none=True)
    action = fields.String()
    object_type = fields.String()
    object_id = fields.String(allow_none=True)
    case_id = fields.Integer(allow_none=True)
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)
    reason = fields.String(allow_none=True)


class AuditorEventSchema(EventSchema):
    """An audit event as auditors, supervisors and administrators see it: with source and chain."""

    source_ip = fields.String(allow_none=True)
    prev_hash = fields.String()
    hash = fields.String()


class EventList(Schema):
    """A page of the audit events of a case, oldest first."""

    items = fields.List(fields.Nested(AuditorEventSchema), metadata={
        "description": "source_ip、prev_hash、hash 仅向审计、督办人员和系统管理员提供"})
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class ReasonSchema(Schema):
    """Why a cadre is restricted."""

    kind = fields.String()
    kind_label = Label("kind", RESTRICTION_LABELS)
    case_id = fields.Integer()
    case_number = fields.String()
    starts_on = fields.Date()
    rectification_due_date = fields.Date(allow_none=True)
    article = fields.String()


class RestrictionAnswerSchema(Schema):
    """May the cadre be promoted or take part in awards today (第三十一条)."""

    cadre = fields.Nested(CadreRef)
    on = fields.Date()
    may_be_promoted = fields.Boolean()
    may_receive_awards = fields.Boolean()
    reasons = fields.List(fields.Nested(ReasonSchema))
    answer = fields.String(metadata={"description": "给组织人事部门的中文答复"})


class ChainReportSchema(Schema):
    """The result of re-hashing the audit chain."""

    ok = fields.Boolean()
    checked = fields.Integer()
    first_bad_seq = fields.Integer(allow_none=True)
    problem = fields.String(allow_none=True, attribute="problem_zh")
    first_bad_event = fields.Nested(AuditorEventSchema, allow_none=True)


class ClockSchema(Schema):
    """The application clock."""

    mode = fields.String()
    now = fields.DateTime()
    today = fields.Date()


class SweepReportSchema(Schema):
    """What one run of the due jobs did."""

    acquired = fields.Integer()
    fired = fields.List(fields.Integer())
    not_yet = fields.List(fields.Integer())
    conflicts = fields.List(fields.Integer())
    failed = fields.List(fields.Integer())
    incidents = fields.List(fields.Integer())
    emails_sent = fields.Integer(metadata={"description": "发送的邮件副本数(未配置邮件服务器时为0)"})


class ErrorBody(Schema):
    """The body of every error."""

    code = fields.String(metadata={"description": "稳定的英文错误代码"})
    message = fields.String(metadata={"description": "中文说明"})
    details = fields.Raw(allow_none=True, metadata={"description": "字段错误 {字段: [说明]} 或问题列表"})


class ErrorSchema(Schema):
    """The error envelope."""

    error = fields.Nested(ErrorBody)


# --- building ----------------------------------------------------------------------------------------


class Lookup:
    """Related rows for presenting, read through the session's identity map (one query per id at most)."""

    def __init__(self, session: Session, today: dt.date):
        self.session = session
        self.today = today
        #: per case: its current deadline (engine.overdue), read once per case
        self._deadlines: dict[int, Deadline | None] = {}
        #: per task: its own deadline
        self._task_deadlines: dict[int, Deadline | None] = {}

    def unit(self, unit_id: int | None) -> Unit | None:
        """Return a unit by id."""
        return None if unit_id is None else self.session.get(Unit, unit_id)

    def user(self, user_id: int | None) -> User | None:
        """Return a user by id."""
        return None if user_id is None else self.session.get(User, user_id)

    def case(self, case_id: int | None) -> Case | None:
        """Return a case by id."""
        return None if case_id is None else self.session.get(Case, case_id)

    def cadre(self, cadre_id: int | None) -> Cadre | None:
        """Return a cadre by id."""
        return None if cadre_id is None else self.session.get(Cadre, cadre_id)

    def deadline(self, case: Case) -> Deadline | None:
        """Return the deadline the case is held to today (engine.overdue, issue 15 §3), read once per case."""
        if case.id not in self._deadlines:
            self._deadlines.update({case.id: None, **current_deadlines(self.session, self.today, [case.id])})
        return self._deadlines[case.id]

    def missed_deadline(self, case: Case) -> MissedDeadline | None:
        """Return the earliest deadline an open step of the case missed (issue 14 §4): its current one, past."""
        deadline = self.deadline(case)
        if deadline is None or not deadline.overdue:
            return None
        return MissedDeadline(deadline.task_id, deadline.bpmn_id, deadline.step_name, deadline.due_date,
                              deadline.article)

    def prefetch_missed(self, case_ids: Iterable[int]) -> None:
        """Read the current deadlines of a page of cases in two queries."""
        ids = set(case_ids) - set(self._deadlines)
        if ids:
            self._deadlines.update({i: None for i in ids} | current_deadlines(self.session, self.today, ids))

    def task_deadline(self, task: HumanTask) -> Deadline | None:
        """Return the deadline of one open task: statutory, or its waiting clue's tracking."""
        if task.id not in self._task_deadlines:
            self.prefetch_task_deadlines([task])
        return self._task_deadlines[task.id]

    def prefetch_task_deadlines(self, tasks: Iterable[HumanTask]) -> None:
        """Read the deadlines of a page of tasks (one query at most, for the waiting clues)."""
        wanted = [t for t in tasks if t.id not in self._task_deadlines]
        if wanted:
            self._task_deadlines.update({t.id: None for t in wanted} | task_deadlines(self.session, self.today, wanted))

    def prefetch_cases(self, case_ids: Iterable[int | None]) -> None:
        """Load the cases of a page, their cadres and units, and their missed deadlines in four queries."""
        ids = {i for i in case_ids if i is not None}
        if not ids:
            return
        self.prefetch_missed(ids)
        cases = self.session.execute(select(Case).where(Case.id.in_(ids))).scalars().all()
        self.prefetch_cadres(c.cadre_id for c in cases)
        self.prefetch_units(c.handling_unit_id for c in cases)

    def prefetch_cadres(self, cadre_ids: Iterable[int]) -> None:
        """Load cadres and their units in two queries."""
        ids = set(cadre_ids)
        if ids:
            cadres = self.session.execute(select(Cadre).where(Cadre.id.in_(ids))).scalars().all()
            self.prefetch_units(c.unit_id for c in cadres)

    def prefetch_units(self, unit_ids: Iterable[int | None]) -> None:
        """Load units in one query."""
        ids = {i for i in unit_ids if i is not None}
        if ids:
            self.session.execute(select(Unit).where(Unit.id.in_(ids))).scalars().all()

    def days_left(self, due: dt.date | None) -> int | None:
        """Return the days from today to ``due`` (negative once past)."""
        return None if due is None else (due - self.today).days


def _cadre(lookup: Lookup, cadre: Cadre | None) -> _View | None:
    return None if cadre is None else _View(cadre, unit=lookup.unit(cadre.unit_id))


def _case_view(lookup: Lookup, case: Case) -> _View:
    is_open = case.status == "open"
    missed = lookup.missed_deadline(case)
    deadline = lookup.deadline(case) if is_open else None
    return _View(case, cadre=_cadre(lookup, lookup.cadre(case.cadre_id)),
                 handling_unit=lookup.unit(case.handling_unit_id),
                 # issue 15 §3, §9: the days of the deadline in force, never of a period already answered
                 days_left=deadline.days_left if deadline is not None and deadline.statutory else None,
                 overdue=is_open and (bool(case.overdue) or missed is not None), missed_deadline=missed,
                 deadline=deadline)


def _task_view(lookup: Lookup, task: HumanTask, now: dt.datetime | None = None) -> _View:
    case = lookup.case(task.case_id)
    cadre = lookup.cadre(case.cadre_id) if case is not None else None
    is_open = task.status == "open"
    return _View(
        task, unit=lookup.unit(task.unit_id), assignee=lookup.user(task.assignee_id),
        warning_type=task.category,  # the Measures' category is the warning type (the API's name for it)
        completed_by=lookup.user(task.completed_by_id),
        case=None if case is None else {"id": case.id, "number": case.number,
                                        "cadre_name": cadre.name if cadre else ""},
        days_left=lookup.days_left(task.due_date) if is_open else None,
        # issue 14 §4: an open step past its deadline is overdue; a step done after it keeps the mark
        overdue=task.due_date is not None and (
            task.due_date < lookup.today if is_open else days_late(task) is not None),
        deadline=lookup.task_deadline(task) if is_open else None,
        days_late=days_late(task),
    )


def present_case_summary(lookup: Lookup, case: Case) -> dict:
    """Dump a ledger line."""
    return CaseSummary().dump(_case_view(lookup, case))


def present_task_page(lookup: Lookup, page) -> dict:
    """Dump a page of tasks."""
    lookup.prefetch_cases(t.case_id for t in page.items)
    lookup.prefetch_units(t.unit_id for t in page.items)
    lookup.prefetch_task_deadlines(page.items)
    items = [_task_view(lookup, t) for t in page.items]
    return TaskPage().dump(_page(items, page))


def present_case_page(lookup: Lookup, page) -> dict:
    """Dump a page of the ledger."""
    lookup.prefetch_cadres(c.cadre_id for c in page.items)
    lookup.prefetch_units(c.handling_unit_id for c in page.items)
    lookup.prefetch_missed(c.id for c in page.items)
    items = [_case_view(lookup, c) for c in page.items]
    return CasePage().dump(_page(items, page))


def _page(items: list, page) -> dict:
    return {"items": items, "total": page.total, "page": page.page, "per_page": page.per_page}


def describe_form(form_key: str, data_forms: Mapping[str, type[forms.FormSchema]] | None = None) -> dict:
    """Return the form description of a form key (a Python form, or one of ``data_forms``) as plain data."""
    description = forms.describe(form_key, data_forms)
    return {
        "form_key": description.form_key, "title": description.title_zh, "article": description.article,
        "fields": [{"name": f.name, "label": f.label_zh, "kind": f.kind, "required": f.required,
                    "help": f.help_zh, "choices": [{"value": v, "label": label} for v, label in f.choices]}
                   for f in description.fields],
    }


def present_task_detail(lookup: Lookup, task: HumanTask, actions: Mapping[str, bool]) -> dict:
    """Dump a task with its case, form, candidates and the user's possible actions."""
    view = _task_view(lookup, task)
    case = lookup.case(task.case_id)
    candidates = [{"role": c.role, "unit": lookup.unit(c.unit_id)} for c in task.candidates]
    detail = _View(view, case=None if case is None else _case_view(lookup, case),
                   form=describe_form(task.form_key, task_data_forms(lookup.session, task)),
                   candidates=candidates, actions=dict(actions))
    return TaskDetail().dump(detail)


def present_me(lookup: Lookup, user: User, counts: Mapping[str, int], now: dt.datetime,
               clock_mode: str) -> dict:
    """Dump the signed-in user."""
    roles = [{"role": r.role, "unit": lookup.unit(r.unit_id)} for r in user.roles]
    return MeSchema().dump(_View(user, unit=lookup.unit(user.unit_id), roles=roles, task_counts=dict(counts),
                                 now=now, today=lookup.today, clock=clock_mode))


def _clue_view(lookup: Lookup, clue: Clue) -> _View:
    return _View(clue, subject=_cadre(lookup, lookup.cadre(clue.subject_cadre_id)),
                 receiving_unit=lookup.unit(clue.receiving_unit_id),
                 registered_by=lookup.user(clue.registered_by_id))


def _document_view(lookup: Lookup, document: Document) -> _View:
    return _View(document, issuing_unit=lookup.unit(document.issuing_unit_id))


def present_registered_clue(lookup: Lookup, registered, next_tasks: list[HumanTask]) -> dict:
    """Dump the answer to registering a clue."""
    return RegisteredClueSchema().dump({
        "clue": _clue_view(lookup, registered.clue), "case": _case_view(lookup, registered.case),
        "warnings": list(registered.warnings_zh), "next_tasks": [_task_view(lookup, t) for t in next_tasks],
    })


#: one instance for every request: a new one would copy its fields and nested schemas on each completion
_COMPLETION_SCHEMA = CompletionSchema()


def present_completion(lookup: Lookup, completion) -> dict:
    """Dump the answer to completing a task."""
    return _COMPLETION_SCHEMA.dump({
        "task": _task_view(lookup, completion.task),
        "case": _case_view(lookup, completion.subject) if completion.subject else None,
        "next_tasks": [_task_view(lookup, t) for t in completion.new_tasks],
        "documents": [_document_view(lookup, d) for d in completion.documents],
        "incident": _incident_notice(lookup, completion) if completion.incident is not None else None,
    })


def _incident_notice(lookup: Lookup, completion) -> dict:
    case = completion.subject if isinstance(completion.subject, Case) else None
    view = incident_view(lookup, completion.incident, case, None)
    return {**view, "notice": held_message(completion.incident)}


def _case_ref(lookup: Lookup, case: Case | None) -> dict | None:
    if case is None:
        return None
    cadre = lookup.cadre(case.cadre_id)
    return {"id": case.id, "number": case.number, "cadre_name": cadre.name if cadre else ""}


def incident_view(lookup: Lookup, incident, case: Case | None, timer: str | None, *,
                  with_subject: bool = True) -> dict:
    """One incident with the case it holds, for IncidentSchema (dumped by the answer that nests it).

    ``with_subject=False`` for readers who read no case (an administrator retries faults but never learns who
    a case is about: SECURITY.md 24): the case keeps its id and number, without the subject's name.
    """
    ref = _case_ref(lookup, case)
    if ref is not None and not with_subject:
        del ref["cadre_name"]
    return {
        "id": incident.id, "kind": incident.kind, "status": incident.status, "message": incident.message,
        "opened_at": incident.opened_at, "resolved_at": incident.resolved_at, "case": ref, "timer": timer,
    }


def present_case_detail(lookup: Lookup, detail) -> dict:
    """Dump a case with its dates, deadline, extensions, documents, restrictions, steps and escalations."""
    case: Case = detail.case
    is_open = case.status == "open"
    remaining = None
    if case.extension_cap_date is not None and case.current_due_date is not None:
        remaining = max(0, (case.extension_cap_date - case.current_due_date).days)
    restrictions = [_View(r, in_force=_in_force(r, lookup.today)) for r in detail.restrictions]
    view = _View(
        _case_view(lookup, case), clue=_clue_view(lookup, lookup.session.get(Clue, case.clue_id)), dates=case,
        due={"current_due_date": case.current_due_date,
             "days_left": lookup.days_left(case.current_due_date) if is_open else None,
             "overdue": is_open and (bool(case.overdue) or lookup.missed_deadline(case) is not None),
             "missed_deadline": lookup.missed_deadline(case), "deadline": lookup.deadline(case) if is_open else None,
             "provisional": case.due_provisional},
        extension={"used_days": case.extension_days_used, "cap_date": case.extension_cap_date,
                   "remaining_days": remaining},
        documents=[_document_view(lookup, d) for d in detail.documents], restrictions=restrictions,
        steps=[_task_view(lookup, t) for t in detail.tasks], escalations=list(case.escalations or []),
    )
    return CaseDetailSchema().dump(view)


def _in_force(restriction: Restriction, today: dt.date) -> bool:
    return restriction.starts_on <= today and (restriction.ends_on is None or restriction.ends_on > today)


def present_events(events, *, auditor: bool) -> dict:
    """Dump a page of a case's audit events for the audience asking."""
    schema = AuditorEventSchema() if auditor else EventSchema()
    return _page([schema.dump(e) for e in events.items], events)


def _zh_date(day: dt.date | None) -> str:
    return "" if day is None else f"{day.year}年{day.month}月{day.day}日"


def restriction_sentence(answer) -> str:
    """Say in Chinese what the organisation department asked: may the cadre be promoted or awarded."""
    if not answer.reasons:
        return f"截至{_zh_date(answer.on)},该干部不在责令纠错整改期内,不受第三十一条所列限制。"
    kinds = [k for k in ("promotion", "award") if any(r["kind"] == k for r in answer.reasons)]
    barred = "、".join(RESTRICTION_LABELS[k] for k in kinds)
    grounds = []
    for reason in answer.reasons:
        kind = RESTRICTION_LABELS.get(reason["kind"], reason["kind"])
        text = f"因{reason['case_number']}案件被责令纠错,自{_zh_date(reason['starts_on'])}起{kind}"
        if reason.get("rectification_due_date"):
            text += f",整改期限至{_zh_date(reason['rectification_due_date'])}"
        grounds.append(text)
    articles = sorted({r.get("article") or "第三十一条" for r in answer.reasons})
    return f"该干部目前{barred}:{';'.join(grounds)}({'、'.join(articles)})。"


def present_restrictions(lookup: Lookup, answer) -> dict:
    """Dump the restriction answer for a cadre (第三十一条)."""
    return RestrictionAnswerSchema().dump({
        "cadre": _cadre(lookup, answer.cadre), "on": answer.on, "may_be_promoted": answer.may_be_promoted,
        "may_receive_awards": answer.may_receive_awards, "reasons": answer.reasons,
        "answer": restriction_sentence(answer),
    })


class StartableProcessSchema(Schema):
    """A process the user may start (发起事项): its newest published version and its start form."""

    key = fields.String()
    name = fields.String()
    version = fields.Integer()
    roles = fields.List(fields.String(), metadata={"description": "可发起的岗位"})
    role_labels = fields.List(fields.String())
    form = fields.Nested(FormDescriptionSchema, allow_none=True, metadata={"description": "发起表单;无表单时为 null"})


class StartableProcessList(Schema):
    """What the user may start."""

    items = fields.List(fields.Nested(StartableProcessSchema))


class StartedInstanceSchema(Schema):
    """The answer to starting a process: the new instance and the steps it opened."""

    instance_id = fields.Integer()
    process_key = fields.String()
    process_name = fields.String()
    version = fields.Integer()
    status = fields.String(metadata={"description": "running、completed 或 incident(运行出错,已暂停)"})
    next_tasks = fields.List(fields.Nested(TaskSummary))
    incident = fields.String(allow_none=True, metadata={"description": "暂停的原因(中文),无故障时为 null"})


def present_startable(process) -> dict:
    """Dump a process the user may start."""
    return StartableProcessSchema().dump({
        "key": process.key, "name": process.name, "version": process.version, "roles": list(process.roles),
        "role_labels": [role_label(r) for r in process.roles],
        "form": describe_form(process.form_key) if process.form_key else None,
    })


def present_started(lookup: Lookup, started) -> dict:
    """Dump a new instance with its first steps."""
    return StartedInstanceSchema().dump({
        "instance_id": started.instance.id, "process_key": started.definition.key,
        "process_name": started.definition.name, "version": started.definition.version,
        "status": started.instance.status, "next_tasks": [_task_view(lookup, t) for t in started.new_tasks],
        "incident": started.incident.message if started.incident is not None else None,
    })
