"""Replies, reviews, overdue decisions, extensions, follow-up visits and lifting (第二十七–三十一条)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from engine.clock import end_of_local_day
from engine.deadlines import days_between
from engine.errors import RuleViolation
from engine.models.cases import IntegrityFileEntry
from engine.models.cases import Restriction
from engine.vocabulary import WARNING_TYPE_LABELS
from engine.vocabulary import Outcome
from engine.vocabulary import WarningType
from processes.measures.effects import EffectContext
from processes.measures.effects import effect

_ESCALATIONS = {"escalate_admonition": WarningType.ADMONITION, "escalate_correction": WarningType.CORRECTION}
#: the case dates an escalation clears: the graver warning is checked, approved, carried out anew (第二十八、二十九条)
_RESET_ON_ESCALATION = ("approved_on", "start_due_date", "implementation_started_on", "reported_to_party_chief_on",
                        "talked_on", "notice_issued_on", "received_on", "original_due_date", "current_due_date",
                        "extension_cap_date", "replied_on")
_OUTCOME_WRITES = ("warning_case.warning_type", "warning_case.escalations", "warning_case.outcome",
                   "warning_case.extension_days_used", *(f"warning_case.{name}" for name in _RESET_ON_ESCALATION),
                   "workflow:warning_type")


@effect("record_reply", label="登记书面说明或整改报告(第二十七、二十八、二十九条)",
        writes=("warning_case.replied_on",))
def record_reply(ctx: EffectContext) -> dict:
    """Register the written explanation or rectification report (第二十七、二十八、二十九条)."""
    ctx.case.replied_on = ctx.date("submitted_on")
    return {}


def _apply_outcome(ctx: EffectContext) -> dict:
    outcome = ctx.data["supervision_outcome"]
    if outcome in _ESCALATIONS:
        # 第二十八、二十九条: the case goes on as the graver warning, through check and approval again.
        new_type = _ESCALATIONS[outcome]
        ctx.case.escalations = [
            *ctx.case.escalations,
            {
                "from": ctx.case.warning_type,
                "to": new_type,
                "on": ctx.today.isoformat(),
                "from_label": WARNING_TYPE_LABELS[WarningType(ctx.case.warning_type)],
                "to_label": WARNING_TYPE_LABELS[new_type],
            },
        ]
        ctx.case.warning_type = new_type
        for name in _RESET_ON_ESCALATION:
            setattr(ctx.case, name, None)
        ctx.case.extension_days_used = 0
        return {"warning_type": str(new_type)}
    if outcome == "concluded":
        ctx.case.outcome = Outcome.CONCLUDED
    elif outcome in ("organisational_handling", "case_filed"):
        ctx.case.outcome = Outcome(outcome)
    elif outcome == "late_submission":
        ctx.case.replied_on = ctx.date("submitted_on")
    return {}


@effect("conclude_review", label="审核答复结论:办结、升级或移交(第二十八、二十九条)",
        writes=_OUTCOME_WRITES)
def conclude_review(ctx: EffectContext) -> dict:
    """Conclude the review of a reply: end, escalate, or hand over (第二十八、二十九条)."""
    return _apply_outcome(ctx)


@effect("decide_overdue", label="逾期处理:记录迟交或升级处理(第二十八、二十九、三十一条)",
        writes=_OUTCOME_WRITES)
def decide_overdue(ctx: EffectContext) -> dict:
    """Decide what follows a missed deadline: record a late submission or escalate (第二十八、二十九、三十一条)."""
    return _apply_outcome(ctx)


@effect("record_progress", label="登记整改报告或延期申请(第三十条)",
        writes=("warning_case.replied_on",))
def record_progress(ctx: EffectContext) -> dict:
    """Register a rectification report, or the subject's request for more time (第三十条)."""
    if ctx.data["progress"] == "report_submitted":
        ctx.case.replied_on = ctx.date("submitted_on")
    return {}


def _check_within_cap(ctx: EffectContext, new_due: dt.date) -> None:
    case = ctx.case
    if case.extension_cap_date is None or case.original_due_date is None:
        raise RuleViolation("仅责令纠错对象在整改期内可申请延期整改(第三十条)", article="第三十条", code="no_extension")
    if new_due > case.extension_cap_date:
        raise RuleViolation(
            f"延长整改期限累计不得超过1个月(第三十条):原定整改期限为{case.original_due_date:%Y年%m月%d日},"
            f"最迟只能延至{case.extension_cap_date:%Y年%m月%d日},所申请的{new_due:%Y年%m月%d日}超出上限",
            article="第三十条", code="extension_cap_exceeded",
            details={"original_due_date": case.original_due_date.isoformat(),
                     "extension_cap_date": case.extension_cap_date.isoformat(),
                     "requested_due_date": new_due.isoformat()},
        )


@effect("request_extension", label="填写延期审批表,超过一个月上限的不予受理(第三十条)",
        writes=("document:extension_approval_form",))
def request_extension(ctx: EffectContext) -> dict:
    """Fill the extension approval form; a request past the one-month cap is refused (第三十条)."""
    requested = ctx.date("requested_due_date")
    _check_within_cap(ctx, requested)
    ctx.issue("extension_approval_form", recipient="县纪委领导", issued_on=ctx.today)
    return {}


@effect("decide_extension", label="批准或不批准延期,不超过一个月上限(第三十条)",
        writes=())
def decide_extension(ctx: EffectContext) -> dict:
    """Approve or refuse an extension; never past the cap nor past what was asked (第三十条)."""
    if ctx.data["extension_decision"] == "approved":
        approved = ctx.date("approved_due_date")
        _check_within_cap(ctx, approved)
        requested = dt.date.fromisoformat(ctx.workflow_data["requested_due_date"])
        if approved > requested:
            raise RuleViolation("批准的整改期限不得晚于申请的期限(第三十条)", article="第三十条",
                                code="extension_beyond_request")
    return {}


@effect("issue_extension_notice", label="制发延期通知书,期限改为批准日期(第三十条)",
        writes=(
            "document:extension_notice", "warning_case.current_due_date", "warning_case.extension_days_used",
            "workflow:current_due_at",
        ))
def issue_extension_notice(ctx: EffectContext) -> dict:
    """Issue the extension notice and move the deadline to the approved date (第三十条)."""
    new_due = dt.date.fromisoformat(ctx.workflow_data["approved_due_date"])
    _check_within_cap(ctx, new_due)
    case = ctx.case
    ctx.issue("extension_notice", recipient=ctx.cadre.name, issued_on=ctx.date("issued_on"),
              fields={"previous_due_date": case.current_due_date.isoformat(), "new_due_date": new_due.isoformat()})
    case.current_due_date = new_due
    case.extension_days_used = days_between(case.original_due_date, new_due)
    return {"current_due_at": end_of_local_day(new_due).isoformat()}


@effect("record_follow_up", label="记录回访:听取汇报、查阅资料、座谈(第三十条)",
        writes=())
def record_follow_up(ctx: EffectContext) -> dict:
    """Record the follow-up visit: hearing reports, reviewing materials, symposium (第三十条)."""
    return {}


@effect("issue_follow_up_form", label="填写回访登记表及预警办意见(第三十条)",
        writes=("document:follow_up_form",))
def issue_follow_up_form(ctx: EffectContext) -> dict:
    """Fill the follow-up registration form with the office's opinion (第三十条)."""
    ctx.issue("follow_up_form", recipient="县纪委领导", issued_on=ctx.today)
    return {}


@effect("lift_warning", label="领导批准回访结果后解除预警,限制终止、存档(第三十、三十一条)",
        writes=(
            "warning_case.lifted_on", "warning_case.outcome", "restriction.ends_on", "integrity_file_entry",
            "document:lifting_approval", "workflow:supervision_outcome",
        ))
def lift_warning(ctx: EffectContext) -> dict:
    """Lift the warning once a leader approves the follow-up: restrictions end, file updated (第三十、三十一条)."""
    if ctx.data["approval_decision"] != "approved":
        return {}
    lifted_on = ctx.date("decided_on")
    ctx.case.lifted_on = lifted_on
    ctx.case.outcome = Outcome.LIFTED
    for restriction in ctx.session.execute(
        select(Restriction).where(Restriction.case_id == ctx.case.id, Restriction.ends_on.is_(None))
    ).scalars():
        restriction.ends_on = lifted_on
    ctx.session.add(IntegrityFileEntry(
        cadre_id=ctx.cadre.id, case_id=ctx.case.id, kind="lifted", recorded_on=lifted_on,
        summary=f"{ctx.case.number}:经回访整改到位,解除预警(第三十条)",
    ))
    ctx.issue("lifting_approval", recipient=ctx.cadre.name, issued_on=lifted_on)
    return {"supervision_outcome": "lifted"}
