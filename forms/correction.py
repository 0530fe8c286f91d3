"""Ordered correction: progress, extension, follow-up visit, lifting and overdue handling (第三十、三十一条)."""
from __future__ import annotations

from forms.approval import DECISION_CHOICES
from forms.base import Errors
from forms.base import FormContext
from forms.base import FormSchema
from forms.base import register
from forms.fields import Bool
from forms.fields import Choice
from forms.fields import Date
from forms.fields import LongText
from forms.fields import MultiChoice
from forms.supervision import OUTCOME_LABELS
from forms.supervision import check_late_submission

PROGRESS_CHOICES = {
    "report_submitted": "已提交整改报告",
    "extension_requested": "申请延期",
}
VISIT_METHOD_CHOICES = {
    "hearing_report": "听取汇报",
    "reviewing_materials": "查阅资料",
    "symposium": "召开座谈会",
}
CORRECTION_OUTCOMES = ("late_submission", "continue_rectification", "organisational_handling", "case_filed")
_IF_REPORTED = ("progress", ("report_submitted",))
_IF_EXTENDING = ("progress", ("extension_requested",))
PERIOD_OVER = "整改期限已满,应转组织处理或立案查处(第三十一条)"


def _due_text(ctx: FormContext) -> str:
    return f"({ctx.current_due_date.isoformat()})" if ctx.current_due_date else ""


@register("rectification_progress")
class RectificationProgress(FormSchema):
    """跟踪整改 (第三十条): the correction subject hands in the rectification report within one month of
    receipt, or, in special circumstances, explains why an extension is needed."""

    title_zh = "跟踪整改"
    article = "第三十条"

    progress = Choice("整改进展", PROGRESS_CHOICES, required=True)
    # Each choice shows only its own fields (issue 15 §7); the check below still refuses the other's.
    submitted_on = Date("整改报告提交日期", help="已提交整改报告的必填,不得早于接到通知书日期",
                        show_when=_IF_REPORTED, required_when_shown=True)
    summary = LongText("整改报告内容摘要", max_length=5000, help="已提交整改报告的必填",
                       show_when=_IF_REPORTED, required_when_shown=True)
    requested_on = Date("申请延期日期", help="申请延期的必填", show_when=_IF_EXTENDING, required_when_shown=True)
    reason = LongText("特殊情况说明", help="申请延期的必填(第三十条)", show_when=_IF_EXTENDING,
                      required_when_shown=True)

    def check(self, data, ctx: FormContext, errors: Errors) -> None:
        progress = errors.value("progress")
        if progress == "report_submitted":
            errors.require("submitted_on", "已提交整改报告的须填写提交日期")
            errors.require("summary", "已提交整改报告的须填写报告内容")
            errors.not_before("submitted_on", ctx.received_on, "提交日期不得早于接到通知书日期")
            errors.forbid("requested_on", "已提交整改报告的,不填写申请延期日期。")
            errors.forbid("reason", "已提交整改报告的,不填写特殊情况说明。")
        elif progress == "extension_requested":
            errors.require("requested_on", "申请延期的须填写申请日期")
            errors.require("reason", "特殊情况需延期的,须说明情况(第三十条)")
            errors.forbid("submitted_on", "申请延期的,不填写整改报告提交日期。")
            errors.forbid("summary", "申请延期的,不填写整改报告内容摘要。")


@register("extension_request")
class ExtensionRequest(FormSchema):
    """延期整改审批表 (第三十条): the office fills the extension approval form for the leader. The one-month
    cap on all extensions is the engine's rule (it audits a refusal), not this form's."""

    title_zh = "延期整改审批表"
    article = "第三十条"

    reason = LongText("延期理由", required=True, help="特殊情况说明(第三十条)")
    requested_due_date = Date("申请延长至", required=True, not_after_today=False,
                              help="应晚于当前整改期限;延长整改期限累计不得超过1个月(第三十条)")

    def check(self, data, ctx: FormContext, errors: Errors) -> None:
        errors.after("requested_due_date", ctx.current_due_date, f"申请延长至的日期应晚于当前整改期限{_due_text(ctx)}")


@register("extension_decision")
class ExtensionDecision(FormSchema):
    """审批延期整改 (第三十条): the leader approves or refuses the extension; an approval fixes the new due
    date (the engine checks the one-month cap)."""

    title_zh = "审批延期整改"
    article = "第三十条"

    extension_decision = Choice("审批结果", DECISION_CHOICES, required=True)
    approved_due_date = Date("批准延长至", not_after_today=False, help="同意时必填,应晚于当前整改期限")
    decided_on = Date("审批日期", required=True)
    opinion = LongText("审批意见", help="不同意时必填")

    def check(self, data, ctx: FormContext, errors: Errors) -> None:
        decision = errors.value("extension_decision")
        if decision == "approved":
            errors.require("approved_due_date", "同意延期的须填写批准延长至的日期")
            errors.after(
                "approved_due_date", ctx.current_due_date, f"批准延长至的日期应晚于当前整改期限{_due_text(ctx)}"
            )
        elif decision == "rejected":
            errors.forbid("approved_due_date", "不同意延期的不填写此项")
            errors.require("opinion", "不同意时须填写审批意见")


@register("follow_up_visit")
class FollowUpVisit(FormSchema):
    """回访 (第三十条): the office visits back the correction subject by hearing reports, reviewing materials
    or holding a symposium, and finds whether the rectification requirements are met."""

    title_zh = "回访"
    article = "第三十条"

    visited_on = Date("回访日期", required=True)
    methods = MultiChoice("回访方式", VISIT_METHOD_CHOICES, required=True, min_items=1)
    findings = LongText("回访情况", required=True, max_length=5000)
    requirements_met = Bool("达到整改要求", required=True)


@register("follow_up_registration")
class FollowUpRegistration(FormSchema):
    """预警工作回访登记表 (第三十条): when the requirements are met the office fills the follow-up
    registration form with its opinion, for the leader to approve lifting the warning."""

    title_zh = "预警工作回访登记表"
    article = "第三十条"

    opinion = LongText("回访意见", required=True)


@register("correction_overdue_decision")
class CorrectionOverdueDecision(FormSchema):
    """整改逾期/未达要求处理 (第三十一条): a report handed in late goes to the follow-up visit; within the
    period the subject may keep rectifying; once the period is over without correction, organisational
    handling or a filed case."""

    title_zh = "整改逾期/未达要求处理"
    article = "第三十一条"

    supervision_outcome = Choice("处理结果", {v: OUTCOME_LABELS[v] for v in CORRECTION_OUTCOMES}, required=True,
                                 help="继续整改仅限整改期限内;期限满错误未纠正的,转组织处理或立案查处(第三十一条)")
    submitted_on = Date("补交日期", help="补交的必填,不得早于接到通知书日期")
    summary = LongText("补交的整改报告内容摘要", max_length=5000, help="补交的必填")
    opinion = LongText("处理意见")

    def check(self, data, ctx: FormContext, errors: Errors) -> None:
        if (errors.value("supervision_outcome") == "continue_rectification" and ctx.today is not None
                and ctx.current_due_date is not None and ctx.today > ctx.current_due_date):
            errors.add("supervision_outcome", PERIOD_OVER)
        check_late_submission(errors, ctx)
