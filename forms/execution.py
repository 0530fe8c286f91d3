"""Carrying out the warning: method, talk, registration form, notice and receipt (第十七–三十条)."""
from __future__ import annotations

from engine.vocabulary import WarningType
from forms.base import Errors
from forms.base import FormContext
from forms.base import FormSchema
from forms.base import register
from forms.fields import Bool
from forms.fields import Choice
from forms.fields import Date
from forms.fields import DateTime
from forms.fields import Int
from forms.fields import IntList
from forms.fields import LongText
from forms.fields import Text

METHOD_CHOICES = {
    "written": "书面预警",
    "talk": "谈话预警",
    "written_and_talk": "书面和谈话预警",
}
DELIVERY_CHOICES = {
    "in_person": "当面送达",
    "post": "邮寄送达",
    "other": "其他",
}
TWO_TALKERS = "谈话必须有两人以上参加(第二十二条)"
_TALKER_MESSAGES = {"required": TWO_TALKERS, "null": TWO_TALKERS, "too_few": TWO_TALKERS,
                    "duplicate": "谈话人员不得重复;" + TWO_TALKERS}
#: the forms that name talkers: the engine lists who may talk (FormContext.candidate_talker_ids) only for these
TALKER_FORM_KEYS = frozenset({"talk_plan", "talk_record"})
#: a talker the engine does not list: unknown, inactive, or holding no role that talks in this case
NOT_A_CANDIDATE = "不是本案可参加谈话的人员"
CANDIDATE_ARTICLES = "(第二十条、第二十二条)"
SUBJECT_TALKS = "预警对象本人不得担任谈话人员(第二十二条)"


def _check_candidates(errors: Errors, ctx: FormContext, name: str) -> None:
    """Every talker must be one the engine lists as able to talk, and never the subject (第二十、二十二条).

    Without a list (``candidate_talker_ids`` is None: validation outside a case) only the subject is checked.
    """
    if errors.failed(name):
        return
    value = errors.value(name)
    ids = value if isinstance(value, list) else [value] if value is not None else []
    if ctx.subject_user_id is not None and ctx.subject_user_id in ids:
        errors.add(name, SUBJECT_TALKS)
    if ctx.candidate_talker_ids is None:
        return
    strangers = [i for i in ids if i not in ctx.candidate_talker_ids and i != ctx.subject_user_id]
    if strangers:
        errors.add(name, f"{NOT_A_CANDIDATE}:{'、'.join(str(i) for i in strangers)}{CANDIDATE_ARTICLES}")


@register("implementation_plan")
class ImplementationPlan(FormSchema):
    """确定实施方式 (第十七至二十条): within 7 days of approval (第十七条) the warning is carried out, in
    writing and/or by a talk, by the body 第十八至二十条 name."""

    title_zh = "确定实施方式"
    article = "第十七条至第二十条"

    method = Choice("实施方式", METHOD_CHOICES, required=True)
    started_on = Date("开始实施日期", required=True, help="不得早于批准日期;应在批准之日起7日内组织实施(第十七条)")
    implementer = Text("实施人/单位", required=True, help="按第十八、十九、二十条确定")

    def check(self, data, ctx: FormContext, errors: Errors) -> None:
        errors.not_before("started_on", ctx.approved_on, "开始实施日期不得早于批准日期(第十七条)")


@register("talk_plan")
class TalkPlan(FormSchema):
    """制定谈话方案、确定谈话人员 (第二十二条(二)1、2): the office lists the problems, main facts and
    rectification requirements for the lead talker; at least two people take part in the talk."""

    title_zh = "谈话方案"
    article = "第二十二条"

    outline = LongText("谈话提纲", required=True, max_length=5000,
                       help="预警对象存在问题、主要错误事实及整改要求(第二十二条)")
    lead_talker_id = Int("主谈人", required=True)
    co_talker_ids = IntList("其他谈话人员", required=True, min_items=1, error_messages=_TALKER_MESSAGES,
                            help="谈话必须有两人以上参加,主谈人不在此列(第二十二条)")

    def check(self, data, ctx: FormContext, errors: Errors) -> None:
        lead = errors.value("lead_talker_id")
        others = errors.value("co_talker_ids") or []
        if lead is not None and lead in others:
            errors.add("co_talker_ids", "主谈人不得重复列为其他谈话人员;" + TWO_TALKERS)
        _check_candidates(errors, ctx, "lead_talker_id")
        _check_candidates(errors, ctx, "co_talker_ids")


@register("talk_notice")
class TalkNotice(FormSchema):
    """书面通知谈话对象 (第二十二条(二)3): the office notifies the subject in writing of the time and place."""

    title_zh = "谈话通知"
    article = "第二十二条"

    talk_at = DateTime("谈话时间", required=True, help="不带时区的时间按北京时间理解")
    place = Text("谈话地点", required=True)
    notified_on = Date("通知日期", required=True)

    def check(self, data, ctx: FormContext, errors: Errors) -> None:
        errors.not_before("talk_at", errors.value("notified_on"), "谈话时间不得早于通知日期")


@register("talk_record")
class TalkRecord(FormSchema):
    """实施预警谈话并记录 (第二十二条(二)4): the talk is recorded by a named recorder, the record checked and
    signed by the subject and archived; at least two talkers (第二十二条(二)2)."""

    title_zh = "谈话记录"
    article = "第二十二条"

    talked_on = Date("谈话日期", required=True, help="不得早于批准日期")
    talker_ids = IntList("谈话人员", required=True, min_items=2, error_messages=_TALKER_MESSAGES,
                         help="含主谈人,两人以上(第二十二条)")
    # 第二十二条(二)4 asks for the talk to be recorded: the record names who wrote it down, beside the talkers.
    recorder = Text("记录人", required=True, max_length=40, help="做谈话记录的工作人员姓名(第二十二条)")
    record_summary = LongText("谈话记录摘要", required=True, max_length=5000)
    subject_signed = Bool("预警对象已核实签字", required=True, help="谈话记录须经预警对象本人核实签字(第二十二条)")

    def check(self, data, ctx: FormContext, errors: Errors) -> None:
        errors.not_before("talked_on", ctx.approved_on, "谈话日期不得早于批准日期(第十七条)")
        if errors.value("subject_signed") is False:
            errors.add("subject_signed", "谈话记录须经预警对象本人核实签字(第二十二条)")
        _check_candidates(errors, ctx, "talker_ids")


@register("registration_form")
class RegistrationForm(FormSchema):
    """预警工作登记表 (第二十五条): for an inquiry, the subject's commitment; for an admonition or correction,
    the rectification requirements, approved by the commission's leader before the notice is issued."""

    title_zh = "预警工作登记表"
    article = "第二十五条"

    commitment = LongText("承诺情况", max_length=5000, help="谈话函询对象必填(第二十五条)")
    rectification_requirements = LongText("整改要求", max_length=5000, help="警示诫勉、责令纠错对象必填(第二十五条)")

    def check(self, data, ctx: FormContext, errors: Errors) -> None:
        if ctx.warning_type == WarningType.INQUIRY:
            errors.require("commitment", "谈话函询对象须反映其承诺情况(第二十五条)")
        elif ctx.warning_type in (WarningType.ADMONITION, WarningType.CORRECTION):
            errors.require("rectification_requirements", "警示诫勉、责令纠错对象须提出整改要求(第二十五条)")
        elif all(errors.value(n) is None and not errors.failed(n)
                 for n in ("commitment", "rectification_requirements")):
            errors.add("commitment", "须填写承诺情况或整改要求(第二十五条)")


@register("notice_issue")
class NoticeIssue(FormSchema):
    """发出询问函、通知书 (第二十二至二十五条, 第三十条): the inquiry letter, admonition or correction notice
    (第二十二至二十五条), or the extension notice (第三十条), and how it was delivered."""

    title_zh = "发出询问函/通知书"
    article = "第二十二条至第二十五条、第三十条"

    issued_on = Date("发出日期", required=True)
    delivery_method = Choice("送达方式", DELIVERY_CHOICES, required=True)
    note = LongText("备注")


@register("receipt_record")
class ReceiptRecord(FormSchema):
    """登记接到通知(谈话)日期 (第二十八至三十条): the reply and rectification periods run from the day the
    subject received the letter or notice, or was talked to — a recorded date, not the day of entry."""

    title_zh = "登记接到通知(谈话)日期"
    article = "第二十八条至第三十条"

    received_on = Date("接到通知(谈话)日期", required=True,
                       help="说明、整改期限自此日起算(第二十八至三十条);不得早于通知书发出日期或谈话日期")

    def check(self, data, ctx: FormContext, errors: Errors) -> None:
        errors.not_before("received_on", ctx.notice_issued_on, "接到日期不得早于通知书发出日期")
        errors.not_before("received_on", ctx.talked_on, "接到日期不得早于谈话日期")
