"""The words of risk-point prevention and control (廉政风险防范管理), each with its Chinese label and source.

Seed 004 is the 宣讲提纲 on 廉政风险防范管理 (sections 六–十); seed 000 the collected essays (二、找准廉政风险点).
DOMAIN.md §5 summarises both.
"""
from __future__ import annotations

from forms.risk_points import OPINION_SOURCE_LABELS
from forms.risk_points import RISK_TYPE_LABELS

__all__ = ["FACTOR_LABELS", "LEVEL_CRITERIA", "LEVEL_LABELS", "OPINION_SOURCE_LABELS", "OWNER_ROLE_BY_LEVEL",
           "RISK_TYPE_LABELS", "ROLE_LABELS", "SCOPE_LABELS", "STAGE_LABELS", "DUE_RULE_LABELS",
           "DUE_DAYS", "FILED_STAGE"]

#: 「004 六」: risk points are found for posts, offices, the unit and the industry (system)
SCOPE_LABELS: dict[str, str] = {
    "post": "岗位",
    "office": "科室",
    "unit": "单位",
    "industry": "行业(系统)",
}

#: 「004 九」: three levels, 一级 the highest
LEVEL_LABELS: dict[int, str] = {1: "一级风险", 2: "二级风险", 3: "三级风险"}

#: 「004 九」 criteria, each as the seed words them
LEVEL_CRITERIA: dict[int, str] = {
    1: "掌握较多执纪执法、行政许可、行政处罚、项目审批及人事管理、资金管理、物资采购供应等重要权力;"
       "在思想道德方面突出的问题",
    2: "掌握较少执纪执法、行政许可、行政处罚、项目审批及人事管理、资金管理、物资采购供应等重要权力;"
       "在思想道德方面比较突出的问题",
    3: "没有行政许可、行政处罚及项目审批权,较少或基本不掌握人、财、物管理权,以内部管理为主;"
       "在思想道德方面不常表现的问题",
}

#: DOMAIN.md §5 (issue 12 §2): who owns a risk point by its level
OWNER_ROLE_BY_LEVEL: dict[int, str] = {1: "unit_principal", 2: "unit_leader_in_charge", 3: "office_head"}

#: the roles of a unit taking part in the identification (「004 十」第一至第八步;
#: 「004 八」自己找、群众帮、领导提、组织审)
ROLE_LABELS: dict[str, str] = {
    "unit_principal": "单位主要领导",
    "unit_leader_in_charge": "分管领导",
    "office_head": "科室负责人",
    "unit_staff": "干部职工",
    "risk_leading_group": "廉政风险防控领导小组",
}

#: the identification's stages, most pressing first (a round with several open steps shows the first)
STAGE_LABELS: dict[str, str] = {
    "risk_review": "组织审查",          # 「004 十」第六、七步
    "risk_signoff": "审定签字",         # 「004 十」第八步
    "risk_publicity": "公示",           # 「000 一、二」预先公示; DOMAIN §5 不少于一周
    "risk_finding": "查找风险",         # 「004 十」第一至第三步
    "risk_opinions": "征求意见",        # 「004 十」第四、五步
}

#: the suggested-level factors of 「004 九」, each scored 1 (low) to 3 (high)
FACTOR_LABELS: dict[str, str] = {
    "likelihood": "发生可能性",
    "harm": "危害性",
    "discretion": "自由裁量权大小",
    "money": "与资金关联程度",
}

#: the identification's deadlines, one per group of steps (issue 12 §3: each step has its deadline). The seeds
#: give no lengths; a round's subject (its adapter) answers the dates. Without a subject none is set.
DUE_RULE_LABELS: dict[str, str] = {
    "risk_subjects_due": "确定对象期限",
    "risk_finding_due": "自查与制定措施期限",
    "risk_opinions_due": "征求意见与整改期限",
    "risk_review_due": "组织审查与修改期限",
    "risk_signoff_due": "签字备案与公示期限",
}

#: days from a round's start to each due rule's date. The seeds set no lengths: these are this system's
#: defaults for a county unit's round (five days to fix the subjects, a month for the finding and the
#: measures, ten days each for the opinions, the review and the sign-off), to be tuned with the commission.
DUE_DAYS: dict[str, int] = {
    "risk_subjects_due": 5,
    "risk_finding_due": 30,
    "risk_opinions_due": 40,
    "risk_review_due": 50,
    "risk_signoff_due": 60,
}

#: what a closed round shows
FILED_STAGE = "risk_filed"
