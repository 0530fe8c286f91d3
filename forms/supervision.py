"""Replies of inquiry and admonition subjects, their review and overdue decisions (第二十七–二十九条)."""
from __future__ import annotations

from engine.vocabulary import WARNING_TYPE_LABELS
from engine.vocabulary import WarningType
from forms.base import Errors
from forms.base import FormContext
from forms.base import FormSchema
from forms.base import register
from forms.fields import Choice
from forms.fields import Date
from forms.fields import LongText

#: every supervision outcome a form may record, with its label
OUTCOME_LABELS = {
    "concluded": "说明清楚,预警结束",
    "late_submission": "补交说明/报告",
    "continue_rectification": "继续整改",
    "escalate_admonition": "转警示诫勉",
    "escalate_correction": "转责令纠错",
    "organisational_handling": "转组织处理",
    "case_filed": "转立案查处",
}
#: where a reviewed inquiry or admonition may go, and the article that says so
ESCALATIONS: dict[str, tuple[tuple[str, ...], str]] = {
    WarningType.INQUIRY: (("escalate_admonition", "escalate_correction"), "第二十八条"),
    WarningType.ADMONITION: (("escalate_correction", "organisational_handling", "case_filed"), "第二十九条"),
}
_ALL_ESCALATIONS = ("escalate_admonition", "escalate_correction", "organisational_handling", "case_filed")


def _labels(values) -> dict[str, str]:
    return {value: OUTCOME_LABELS[value] for value in values}


def allowed_outcomes(warning_type: str | None, first: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
    """The outcomes allowed for the case's warning type (all of them while the type is unknown)."""
    escalations, article = ESCALATIONS.get(warning_type, (_ALL_ESCALATIONS, "第二十八条、第二十九条"))
    return (*first, *escalations), article


def check_outcome(errors: Errors, ctx: FormContext, first: tuple[str, ...]) -> None:
    outcome = errors.value("supervision_outcome")
    allowed, article = allowed_outcomes(ctx.warning_type, first)
    if outcome is not None and outcome not in allowed:
        kind = WARNING_TYPE_LABELS.get(ctx.warning_type, "该")  # type: ignore[call-overload]
        errors.add("supervision_outcome",
                   f"{kind}对象只能作以下处理:{'、'.join(OUTCOME_LABELS[v] for v in allowed)}({article})")


def check_late_submission(errors: Errors, ctx: FormContext) -> None:
    """submitted_on and summary are filled iff the outcome is a late submission."""
    if errors.value("supervision_outcome") == "late_submission":
        errors.require("submitted_on", "补交的须填写提交日期")
        errors.require("summary", "补交的须填写说明/报告内容")
        errors.not_before("submitted_on", ctx.received_on, "提交日期不得早于接到通知(谈话)日期")
    elif errors.value("supervision_outcome") is not None:
        errors.forbid("submitted_on", "仅补交说明/报告时填写")
        errors.forbid("summary", "仅补交说明/报告时填写")


_TYPE_HELP = ("谈话函询:说明清楚结束,或转警示诫勉、责令纠错(第二十八条);"
              "警示诫勉:说明清楚结束,或转责令纠错、组织处理、立案查处(第二十九条)")


@register("reply_record")
class ReplyRecord(FormSchema):
    """登记书面说明/整改报告 (第二十七至二十九条): the inquiry subject's written explanation, or the
    admonition subject's rectification report, handed in within 10 days of receipt."""

    title_zh = "登记书面说明/整改报告"
    article = "第二十七条至第二十九条"

    submitted_on = Date("提交日期", required=True, help="不得早于接到通知(谈话)日期")
    summary = LongText("说明/报告内容摘要", required=True, max_length=5000)

    def check(self, data, ctx: FormContext, errors: Errors) -> None:
        errors.not_before("submitted_on", ctx.received_on, "提交日期不得早于接到通知(谈话)日期")


@register("reply_review")
class ReplyReview(FormSchema):
    """审查说明/整改情况 (第二十八、二十九条): an inquiry ends or, if the problem still proves true, goes on
    as an admonition or correction (第二十八条); an admonition ends or, if rectification is weak, becomes
    a correction or organisational handling, or a filed case (第二十九条)."""

    title_zh = "审查说明/整改情况"
    article = "第二十八条、第二十九条"

    supervision_outcome = Choice("审查结果", _labels(("concluded", *_ALL_ESCALATIONS)), required=True,
                                 help=_TYPE_HELP)
    opinion = LongText("审查意见", help="未作结束处理的必填")

    def check(self, data, ctx: FormContext, errors: Errors) -> None:
        check_outcome(errors, ctx, ("concluded",))
        outcome = errors.value("supervision_outcome")
        if outcome is not None and outcome != "concluded":
            errors.require("opinion", "转其他处理的须填写审查意见")


@register("overdue_decision")
class OverdueDecision(FormSchema):
    """逾期未交处理 (第二十八、二十九条): the explanation or report was not in within 10 days; it is handed in
    late, or the case goes on as the escalations of 第二十八、二十九条 allow."""

    title_zh = "逾期未交处理"
    article = "第二十八条、第二十九条"

    supervision_outcome = Choice("处理结果", _labels(("late_submission", *_ALL_ESCALATIONS)), required=True,
                                 help="补交,或按第二十八、二十九条转其他处理")
    submitted_on = Date("补交日期", help="补交的必填,不得早于接到通知(谈话)日期")
    summary = LongText("补交的说明/报告内容摘要", max_length=5000, help="补交的必填")
    opinion = LongText("处理意见")

    def check(self, data, ctx: FormContext, errors: Errors) -> None:
        check_outcome(errors, ctx, ("late_submission",))
        check_late_submission(errors, ctx)
