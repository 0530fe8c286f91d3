"""Clue intake, screening, subject determination, hand-over and feedback (第十–十六条)."""
from __future__ import annotations

from sqlalchemy import Column

from engine.models.cases import Clue
from engine.models.issued_documents import Document
from engine.vocabulary import SOURCE_CHANNEL_LABELS
from engine.vocabulary import WARNING_TYPE_LABELS
from engine.vocabulary import SourceChannel
from forms.base import Errors
from forms.base import FormContext
from forms.base import FormSchema
from forms.base import register
from forms.fields import Choice
from forms.fields import Date
from forms.fields import Int
from forms.fields import LongText
from forms.fields import Text

ROUTING_CHOICES = {
    "handle_here": "本级处理",
    "report_up": "报告上级",
    "case_clue": "属案件线索",
    "dismiss": "了结",
}
CHECK_METHOD_CHOICES = {
    "understanding": "了解",
    "preliminary_check": "初核",
    "investigation": "调查",
}
CHECK_CONCLUSION_CHOICES = {
    "confirmed": "问题属实,应予预警",
    "case_clue": "属案件线索",
    "unfounded": "问题不实,不予预警",
}
HANDOVER_KIND_CHOICES = {
    "case_clue": "案件线索移交",
    "organisational_handling": "转组织处理",
    "case_filed": "转立案查处",
}
_TRANSFER_FIELDS = ("transfer_form_number", "transferring_body", "transferred_on")


def fits(*columns: Column) -> int:
    """Return the longest text every one of ``columns`` stores: a longer one would be a 500 on PostgreSQL."""
    return min(column.type.length for column in columns)


@register("clue_registration")
class ClueRegistration(FormSchema):
    """登记预警线索 (第十、十三条): the eight source channels of 第十条; a clue transferred by a
    law-enforcement body comes with its 预警线索移送表 (第十三条). The source unit is kept because the
    office reports back to it when the warning ends (第十四条)."""

    title_zh = "登记预警线索"
    article = "第十条、第十三条"

    source_channel = Choice("线索来源渠道", SOURCE_CHANNEL_LABELS, required=True, help="第十条所列八类来源")
    received_on = Date("接到线索日期", required=True)
    source_unit_name = Text("线索来源部门", required=True, help="预警结束后向该部门通报预警情况(第十四条)",
                            max_length=fits(Clue.__table__.c.source_unit_name, Document.__table__.c.recipient))
    summary = LongText("线索内容摘要", required=True, max_length=5000)
    subject_cadre_id = Int("反映对象(干部编号)", required=True)
    transfer_form_number = Text("预警线索移送表编号", max_length=fits(Clue.__table__.c.transfer_form_number),
                                help="执纪执法机关移送的线索必填,其他来源不填(第十三条)")
    transferring_body = Text("移送机关", help="执纪执法机关移送的线索必填,其他来源不填(第十三条)",
                             max_length=fits(Clue.__table__.c.transferring_body))
    transferred_on = Date("移送日期", help="执纪执法机关移送的线索必填,不得晚于接到线索日期(第十三条)")

    def check(self, data, ctx: FormContext, errors: Errors) -> None:
        channel = errors.value("source_channel")
        if channel == SourceChannel.TRANSFER:
            for name in _TRANSFER_FIELDS:
                errors.require(name, "执纪执法机关移送的线索须填写预警线索移送表(第十三条)")
            errors.not_after("transferred_on", errors.value("received_on"), "移送日期不得晚于接到线索日期")
        elif channel is not None:
            for name in _TRANSFER_FIELDS:
                errors.forbid(name, "仅执纪执法机关移送的线索填写移送表信息(第十三条)")


@register("clue_screening")
class ClueScreening(FormSchema):
    """筛选分流线索 (第十四条): by management authority a clue is handled here or reported up; a case clue
    may never be handled as a warning; a clue needing no warning is closed (了结)."""

    title_zh = "筛选分流线索"
    article = "第十四条"

    routing = Choice("分流处理意见", ROUTING_CHOICES, required=True,
                     help="属上级管辖的及时报告,属本级管辖的直接处理;属案件线索的不能实施预警(第十四条)")
    reason = LongText("理由", required=True)


@register("subject_proposal")
class SubjectProposal(FormSchema):
    """排查并提出预警对象建议 (第十五、十六条): the discipline body screens the clue and proposes the
    subject and the warning type."""

    title_zh = "提出预警对象建议"
    article = "第十五条、第十六条"

    warning_type = Choice("预警类型", WARNING_TYPE_LABELS, required=True,
                          help="谈话函询对象可以直接确定;警示诫勉和责令纠错对象须经了解、初核或调查(第十六条)")
    facts = LongText("主要问题事实", required=True, max_length=5000)
    grounds = LongText("依据", required=True)


@register("preliminary_check")
class PreliminaryCheck(FormSchema):
    """了解、初核或调查 (第十六条): admonition and correction subjects are determined only after it; a
    case clue found here leaves the warning procedure (第十四条)."""

    title_zh = "了解、初核或调查"
    article = "第十六条"

    method = Choice("核查方式", CHECK_METHOD_CHOICES, required=True)
    finished_on = Date("核查完成日期", required=True)
    findings = LongText("核查情况", required=True, max_length=5000)
    check_conclusion = Choice("核查结论", CHECK_CONCLUSION_CHOICES, required=True,
                              help="属案件线索的不能实施预警,移交查办(第十四条)")


@register("handover")
class Handover(FormSchema):
    """移交处理 (第十四、二十九、三十一条): a case clue goes to case handling; a subject whose rectification
    failed goes to organisational handling or to a filed case."""

    title_zh = "移交处理"
    article = "第十四条、第二十九条、第三十一条"

    handover_kind = Choice("移交类型", HANDOVER_KIND_CHOICES, required=True)
    receiving_body = Text("接收单位", required=True, max_length=fits(Document.__table__.c.recipient))
    handed_over_on = Date("移交日期", required=True)
    note = LongText("备注")


@register("source_feedback")
class SourceFeedback(FormSchema):
    """向线索来源通报 (第十四条): when the warning ends the office tells the department the clue came from."""

    title_zh = "向线索来源部门通报"
    article = "第十四条"

    notified_on = Date("通报日期", required=True)
    feedback = LongText("通报内容", required=True)
