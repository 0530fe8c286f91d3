"""The forms of the eight-step identification of integrity risk points (「004 十」; 「000 二」).

Each schema's docstring cites the step of seed 004 §十 it implements. The value sets the risk-point package
also uses (the five types, the opinion sources, the scores) live here, because ``processes/risk_points``
may import ``forms`` and not the other way round.
"""
from __future__ import annotations

from forms.base import Errors
from forms.base import FormContext
from forms.base import FormSchema
from forms.base import register
from forms.fields import Bool
from forms.fields import Choice
from forms.fields import Date
from forms.fields import Int
from forms.fields import IntList
from forms.fields import LongText
from forms.fields import MultiChoice
from forms.fields import Text

#: 「004 七」: the five types of integrity risk
RISK_TYPE_LABELS: dict[str, str] = {
    "moral": "思想道德风险",
    "post_duty": "岗位职责风险",
    "business_process": "业务流程风险",
    "institutional": "制度机制风险",
    "external": "外部环境风险",
}

#: 「004 十」第四步: 召开座谈会、个人述职述廉、书面、网络等形式
OPINION_SOURCE_LABELS: dict[str, str] = {
    "meeting": "座谈会",
    "report": "个人述职述廉",
    "written": "书面",
    "online": "网络",
}

#: 「004 九」: each grading factor scored low, medium or high
SCORE_LABELS: dict[str, str] = {"low": "低", "medium": "中", "high": "高"}

#: 「004 九」: 一、二、三级
LEVEL_CHOICES: dict[str, str] = {"1": "一级风险", "2": "二级风险", "3": "三级风险"}

#: 「004 十」第八步: 由组织、纪检等部门备案
FILED_WITH_LABELS: dict[str, str] = {"organisation": "组织部门", "discipline": "纪检部门"}


@register("risk_subjects")
class RiskSubjects(FormSchema):
    """第一步 确定对象 (「004 十」): the people whose posts are examined, with the focus on approval, review,
    personnel and finance staff; found individually, by office and by the unit together."""

    title_zh = "确定查找对象"
    article = "004 十 第一步"

    round_year = Int("年度", required=True)
    persons = IntList("查找对象(人员)", required=True, min_items=1, max_items=200,
                      help="每人将收到一项“自查自找”待办(004 十 第二步)")
    focus = LongText("重点对象说明", required=True, help="重点掌握审批、审核、组织人事及财务人员")


@register("risk_self_finding")
class RiskSelfFinding(FormSchema):
    """第二步 自查自找 (「004 十」): each person finds the five types of risk of their own post against their
    post description, responsibility letter, duties and work flow, each with a measure that can be checked."""

    title_zh = "自查自找廉政风险点"
    article = "004 十 第二步"

    post = Text("岗位", required=True, max_length=100)
    risk_types = MultiChoice("风险类型", RISK_TYPE_LABELS, required=True)
    risks = LongText("风险点及风险表现", required=True)
    proposed_measures = LongText("防控措施(可考核)", required=True)


@register("risk_measures_draft")
class RiskMeasuresDraft(FormSchema):
    """第三步 制定措施 (「004 十」): targeted, workable measures for the points found — 自己定、群众帮、领导审."""

    title_zh = "制定防范措施"
    article = "004 十 第三步"

    measures = LongText("防范措施", required=True)
    flow_reviewed = Bool("已梳理工作流程", required=True, help="清权确权,梳理工作流程")

    def check(self, data, ctx: FormContext, errors: Errors) -> None:
        if errors.value("flow_reviewed") is False:
            errors.add("flow_reviewed", "须先清权确权、梳理工作流程(004 十 第三步)")


@register("risk_opinions")
class RiskOpinions(FormSchema):
    """第四步 征求意见 (「004 十」): opinions of leaders, colleagues and grass-roots cadres through meetings,
    reports, written and online channels; each source recorded (要求:有广泛性)."""

    title_zh = "征求意见"
    article = "004 十 第四步"

    sources = MultiChoice("征求方式", OPINION_SOURCE_LABELS, required=True)
    solicited_on = Date("征求日期", required=True)
    participants = Text("征求对象", required=True, max_length=200, help="领导、同事、基层干部等")
    opinions = LongText("意见汇总", required=True)


@register("risk_revision")
class RiskRevision(FormSchema):
    """第五步 对照整改、第七步 修改完善 (「004 十」): the measures revised after the opinions or the review."""

    title_zh = "修改完善防范措施"
    article = "004 十 第五步、第七步"

    revision = LongText("修改情况", required=True)


@register("risk_review_scores")
class RiskReviewScores(FormSchema):
    """第六步 组织审查 (「004 十」), graded by the criteria of 「004 九」: likelihood, harm, discretion and
    closeness to money; the grading table (risk_level.dmn) suggests the level from these."""

    title_zh = "组织审查与风险评级"
    article = "004 十 第六步;004 九"

    likelihood = Choice("发生可能性", SCORE_LABELS, required=True)
    harm = Choice("危害性", SCORE_LABELS, required=True)
    discretion = Choice("自由裁量权大小", SCORE_LABELS, required=True)
    money = Choice("与资金关联程度", SCORE_LABELS, required=True)
    review_opinion = LongText("审查意见", required=True)


@register("risk_signoff")
class RiskSignoff(FormSchema):
    """第八步 签字备案 (「004 十」): the leading group reviews collectively, the principal leader signs and
    seals, the result is filed with the organisation and discipline departments and entered into the integrity
    files; the level is the group's decision, the table's only a suggestion (issue 12 §2)."""

    title_zh = "集体审定、签字备案"
    article = "004 十 第八步"

    decided_level = Choice("审定风险等级", LEVEL_CHOICES, required=True)
    meeting_on = Date("领导小组审核日期", required=True)
    signed = Bool("主要领导已签字盖章", required=True)
    filed_with = MultiChoice("备案部门", FILED_WITH_LABELS, required=True, min_items=2)
    integrity_file = Bool("已记入干部廉政档案", required=True)

    def check(self, data, ctx: FormContext, errors: Errors) -> None:
        if errors.value("signed") is False:
            errors.add("signed", "须经主要领导签字盖章(004 十 第八步)")
        if errors.value("integrity_file") is False:
            errors.add("integrity_file", "须记入干部廉政档案(004 十 第八步)")


@register("risk_publicity_result")
class RiskPublicityResult(FormSchema):
    """公示结果 (「000 一、二」预先公示; DOMAIN.md §5 不少于一周): at the end of the announcement, whether anyone
    objected; an objection sends the points back to the organisation review (issue 12 §3)."""

    title_zh = "公示结果"
    article = "000 二;004 十 第六步"

    objection = Bool("公示期间有异议", required=True)
    objection_summary = LongText("异议内容", help="有异议时必填")

    def check(self, data, ctx: FormContext, errors: Errors) -> None:
        if errors.value("objection") is True:
            errors.require("objection_summary", "有异议时须填写异议内容")


@register("risk_reidentification_notice")
class RiskReidentificationNotice(FormSchema):
    """年度重新查找 (「004 六」: 廉政风险点是动态的、变化的,随着权力运行的变化或岗位职能职权的调整而相应发生变化):
    each year the county commission asks every unit to run the eight steps again (「004 十」) by a date."""

    title_zh = "部署年度廉政风险点重新查找"
    article = "004 六;004 十"

    notice = LongText("部署通知", required=True)
    units_due_on = Date("各单位完成日期", required=True, not_after_today=False)

    def check(self, data, ctx: FormContext, errors: Errors) -> None:
        errors.after("units_due_on", ctx.today, "完成日期应晚于今天")
