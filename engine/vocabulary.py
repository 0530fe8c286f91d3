"""The words the BPMN diagrams, forms, engine and pages share: roles, scopes, types, stages.

Every value is a stable English identifier (DOMAIN.md §8) with its Chinese label beside it.
Diagrams name roles, scopes, due rules and stages by these values; deploy validation refuses others.
"""
from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """Roles a user holds in an org unit (DOMAIN.md §1)."""

    WARNING_OFFICE = "warning_office"          # 预警办 (县) / 纪委、纪检组 (乡镇、县直单位) staff
    DEPUTY_SECRETARY = "deputy_secretary"      # 分管副书记
    SECRETARY = "secretary"                    # 纪委书记 (纪检组长)
    STANDING_COMMITTEE = "standing_committee"  # 常委会 (its secretary records the collective decision)
    PARTY_CHIEF = "party_chief"                # 县委主要领导 / 党委(党组)主要负责人
    ORGANISATION_DEPT = "organisation_dept"    # 组织部门
    PERSONNEL_DEPT = "personnel_dept"          # 人事部门
    UNIT_PARTY_COMMITTEE = "unit_party_committee"  # 单位党委(党组)
    SUPERVISOR = "supervisor"                  # 督办 (overdue watch)
    AUDITOR = "auditor"                        # 审计 (read-only)
    DESIGNER = "designer"                      # 流程设计
    ADMIN = "admin"                            # 系统管理


ROLE_LABELS: dict[Role, str] = {
    Role.WARNING_OFFICE: "预警办",
    Role.DEPUTY_SECRETARY: "分管副书记",
    Role.SECRETARY: "纪委书记",
    Role.STANDING_COMMITTEE: "纪委常委会",
    Role.PARTY_CHIEF: "党委主要领导",
    Role.ORGANISATION_DEPT: "组织部门",
    Role.PERSONNEL_DEPT: "人事部门",
    Role.UNIT_PARTY_COMMITTEE: "单位党委(党组)",
    Role.SUPERVISOR: "督办人员",
    Role.AUDITOR: "审计人员",
    Role.DESIGNER: "流程设计人员",
    Role.ADMIN: "系统管理员",
}


class Scope(StrEnum):
    """Which org unit a user task's role is resolved in."""

    # the unit handling the case: the receiving unit, then the managing unit once reported up (第三、十四条)
    HANDLING = "handling"
    COUNTY = "county"         # the county discipline commission (engine.county)


SCOPE_LABELS: dict[Scope, str] = {
    Scope.HANDLING: "承办单位",
    Scope.COUNTY: "县纪委",
}


class WarningType(StrEnum):
    """The three warning types (第二、七、八、九条)."""

    INQUIRY = "inquiry"
    ADMONITION = "admonition"
    CORRECTION = "correction"


WARNING_TYPE_LABELS: dict[WarningType, str] = {
    WarningType.INQUIRY: "谈话函询",
    WarningType.ADMONITION: "警示诫勉",
    WarningType.CORRECTION: "责令纠错",
}


class SourceChannel(StrEnum):
    """The eight clue source channels (第十条)."""

    LETTERS_VISITS = "letters_visits"          # 群众信访举报
    ASSIGNED_REPORTED = "assigned_reported"    # 上级交办或下级纪委(纪检组)报送
    CASE_HANDLING = "case_handling"            # 案件查办中发现
    COMMISSION_OFFICES = "commission_offices"  # 县纪委各室发现
    ECONOMIC_AUDIT = "economic_audit"          # 经济责任审计
    ASSESSMENT = "assessment"                  # 责任制考核、民主评议、民意调查
    TRANSFER = "transfer"                      # 联席会议成员单位及其他执纪执法机关移送 (第十三条: 移送表)
    MEDIA = "media"                            # 新闻媒体披露


SOURCE_CHANNEL_LABELS: dict[SourceChannel, str] = {
    SourceChannel.LETTERS_VISITS: "群众信访举报",
    SourceChannel.ASSIGNED_REPORTED: "上级交办或下级报送",
    SourceChannel.CASE_HANDLING: "案件查办中发现",
    SourceChannel.COMMISSION_OFFICES: "县纪委各室发现",
    SourceChannel.ECONOMIC_AUDIT: "经济责任审计发现",
    SourceChannel.ASSESSMENT: "考核、民主评议、民意调查发现",
    SourceChannel.TRANSFER: "执纪执法机关移送",
    SourceChannel.MEDIA: "新闻媒体披露",
}


class PositionKind(StrEnum):
    """A subject's position, which decides who carries out the warning (第二十条, 第二十二条)."""

    PRINCIPAL_LEADER = "principal_leader"   # 党委(党组)、政府和部门主要负责人
    GROUP_MEMBER = "group_member"           # 班子其他成员
    OTHER = "other"                         # 其他干部 (第三十四条: 比照执行)


POSITION_KIND_LABELS: dict[PositionKind, str] = {
    PositionKind.PRINCIPAL_LEADER: "主要负责人",
    PositionKind.GROUP_MEMBER: "班子其他成员",
    PositionKind.OTHER: "其他干部",
}


class UnitKind(StrEnum):
    """Kinds of org unit (DOMAIN.md §1)."""

    COUNTY = "county"             # 县 itself: the root of the tree (engine.county)
    COMMISSION = "commission"     # 县纪委 (the topmost commission: the county-level steps and roles)
    COUNTY_COMMITTEE = "county_committee"  # 县委
    TOWN = "town"                 # 乡镇
    DEPARTMENT = "department"     # 县直单位
    ORGANISATION = "organisation" # 组织部
    PERSONNEL = "personnel"       # 人事部门
    VILLAGE = "village"           # 村(社区)


class Stage(StrEnum):
    """Where a case stands; each user task declares the stage it represents."""

    SCREENING = "screening"            # 线索筛选
    DETERMINATION = "determination"    # 对象排查与确定
    APPROVAL = "approval"              # 审批
    IMPLEMENTATION = "implementation"  # 组织实施
    RECTIFICATION = "rectification"    # 说明/整改期
    EXTENSION = "extension"            # 延期审批
    OVERDUE = "overdue"                # 逾期
    FOLLOW_UP = "follow_up"            # 回访
    FEEDBACK = "feedback"              # 向来源通报
    CLOSED = "closed"                  # 已结束


STAGE_LABELS: dict[Stage, str] = {
    Stage.SCREENING: "线索筛选",
    Stage.DETERMINATION: "对象排查",
    Stage.APPROVAL: "审批",
    Stage.IMPLEMENTATION: "组织实施",
    Stage.RECTIFICATION: "说明整改",
    Stage.EXTENSION: "延期审批",
    Stage.OVERDUE: "逾期处理",
    Stage.FOLLOW_UP: "回访",
    Stage.FEEDBACK: "结果通报",
    Stage.CLOSED: "已办结",
}


class Outcome(StrEnum):
    """How a case ended."""

    LIFTED = "lifted"                              # 解除预警 (第三十条)
    CONCLUDED = "concluded"                        # 说明/整改到位, 预警结束
    NOT_APPROVED = "not_approved"                  # 审批不同意预警 (第十七条)
    DISMISSED = "dismissed"                        # 线索了结, 不予预警
    CASE_CLUE_TRANSFERRED = "case_clue_transferred"  # 属案件线索, 移交查办 (第十四条)
    ORGANISATIONAL_HANDLING = "organisational_handling"  # 转组织处理 (第二十九、三十一条)
    CASE_FILED = "case_filed"                      # 转立案查处 (第二十九、三十一条)


OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.LIFTED: "已解除预警",
    Outcome.CONCLUDED: "预警结束",
    Outcome.NOT_APPROVED: "未批准预警",
    Outcome.DISMISSED: "线索了结",
    Outcome.CASE_CLUE_TRANSFERRED: "移交案件查办",
    Outcome.ORGANISATIONAL_HANDLING: "转组织处理",
    Outcome.CASE_FILED: "转立案查处",
}


class DueRule(StrEnum):
    """Named due-date rules a user task may declare; the engine computes them (DOMAIN.md §2)."""

    START_WITHIN_7_DAYS = "start_within_7_days"  # 批准之日起7日内组织实施 (第十七条)
    REPLY_DEADLINE = "reply_deadline"            # the case's current reply/rectification due date (第二十八–三十条)


DUE_RULE_LABELS: dict[DueRule, str] = {
    DueRule.START_WITHIN_7_DAYS: "批准之日起7日内组织实施(第十七条)",
    DueRule.REPLY_DEADLINE: "说明/整改期限(第二十八、二十九、三十条)",
}
