"""Approval of the warning subject and of later forms (第十七、二十五、三十条)."""
from __future__ import annotations

from forms.base import Errors
from forms.base import FormContext
from forms.base import FormSchema
from forms.base import register
from forms.fields import Choice
from forms.fields import Date
from forms.fields import LongText
from forms.fields import Text

DECISION_CHOICES = {"approved": "同意", "rejected": "不同意"}
REFERRAL_CHOICES = {**DECISION_CHOICES, "refer_committee": "提交常委会研究"}
OPINION_IF_REJECTED = "不同意时须填写审批意见"


def _opinion_if_rejected(errors: Errors) -> None:
    if errors.value("approval_decision") == "rejected":
        errors.require("opinion", OPINION_IF_REJECTED)


@register("approval_form")
class ApprovalForm(FormSchema):
    """预警对象审批表 (第十七条): after screening, the warning office fills the subject approval form with
    its proposal and sends it to the approving leader."""

    title_zh = "预警对象审批表"
    article = "第十七条"

    proposal = LongText("预警建议", required=True)
    basis = LongText("依据", required=True)


@register("approval_decision")
class ApprovalDecision(FormSchema):
    """审批 (第十七、二十五、三十条): the deputy secretary or secretary approves an inquiry (第十七条), the
    registration form (第二十五条) and the lifting of a correction (第三十条)."""

    title_zh = "审批"
    article = "第十七条、第二十五条、第三十条"

    approval_decision = Choice("审批结果", DECISION_CHOICES, required=True)
    decided_on = Date("审批日期", required=True)
    opinion = LongText("审批意见", help="不同意时必填")

    def check(self, data, ctx: FormContext, errors: Errors) -> None:
        _opinion_if_rejected(errors)


@register("approval_referral")
class ApprovalReferral(FormSchema):
    """审批(可提交常委会) (第十七条): the secretary approves an admonition (when necessary putting it to the
    standing committee) or a correction (or leaves it to the standing committee)."""

    title_zh = "审批(可提交常委会研究)"
    article = "第十七条"

    approval_decision = Choice("审批结果", REFERRAL_CHOICES, required=True,
                               help="警示诫勉必要时、责令纠错可提交县纪委常委会研究确定(第十七条)")
    decided_on = Date("审批日期", required=True)
    opinion = LongText("审批意见", help="不同意时必填")

    def check(self, data, ctx: FormContext, errors: Errors) -> None:
        _opinion_if_rejected(errors)


@register("committee_decision")
class CommitteeDecision(FormSchema):
    """常委会研究确定 (第十七条): the commission's standing committee decides the warning collectively; the
    meeting is identified by its number or minutes."""

    title_zh = "常委会研究确定"
    article = "第十七条"

    approval_decision = Choice("研究结果", DECISION_CHOICES, required=True)
    meeting_on = Date("会议日期", required=True)
    meeting_number = Text("会议次数/纪要号", required=True, max_length=100)
    opinion = LongText("研究意见")


@register("party_chief_acknowledgement")
class PartyChiefAcknowledgement(FormSchema):
    """报县委主要领导 (第十七条): an approved correction is reported to the county party main leader before it
    is carried out."""

    title_zh = "报县委主要领导同志"
    article = "第十七条"

    acknowledged_on = Date("报告日期", required=True)
    opinion = LongText("领导意见")
