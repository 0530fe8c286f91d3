"""The words of the warning-information network (廉情预警信息网络), each with its Chinese label and seed place.

Seed 002 is 柳园镇's implementation plan (一 预警网络布局, 二 预警信息采集, 三 预警信息分析, 四 预警情形); seed 001
is the collection on the 沙洋/黎川 practice (第一篇 (四) 构建预警机制, (五)6 责任追究, and 第一篇's 财政局 section
三、1 采集信息 for the reporting calendar). DOMAIN.md §6 summarises both.
"""
from __future__ import annotations

__all__ = ["ACCOUNTABILITY_AFTER_WARNINGS", "ACCOUNTABLE_LEADERS", "CATEGORY_LABELS", "COLOUR_LABELS",
           "DECIDER_ROLES_BY_LEVEL", "DEFAULT_THRESHOLDS", "FEEDBACK_LABELS", "HARM_LABELS", "LEVEL_LABELS",
           "RESPONSE_BY_LEVEL", "RESPONSE_PERIOD_BY_LEVEL", "ROLE_LABELS", "SITUATIONS", "SOURCE_LABELS",
           "STAGE_LABELS", "YEARLY_POINTS"]

#: 「002 二(一)」采集内容: the nine categories, in the seed's order
CATEGORY_LABELS: dict[str, str] = {
    "conduct": "思想、工作、生活作风方面问题",                  # 1
    "law_abiding": "遵纪守法、依法办事方面问题",                  # 2
    "administration": "人事、财物、资产等行政事务管理违规",        # 3
    "projects_funds": "工程建设、土地出让、政府采购、资源开发、专项资金管理违规",  # 4
    "unhealthy_trends": "部门和行业不正之风的新情况、新特点",      # 5
    "harm_to_public": "损害群众利益的突出问题",                  # 6
    "policy_execution": "党和国家政策落实中存在的问题",           # 7
    "early_signs": "违反廉政规定的苗头性、倾向性问题",            # 8
    "other": "其他违反党风廉政建设规定的反映",                    # 9
}

#: 「002 二(二)」信息来源 (1: the commission's own work; 2: the other channels, one by one)
SOURCE_LABELS: dict[str, str] = {
    "commission_work": "纪委执纪执法工作中发现(信访举报、执法监察、纠风、案件查办、专项治理、检查考核)",
    "referred_from_above": "上级交办",
    "reported_from_below": "下级报送",
    "media": "新闻媒体披露",
    "invited_officer": "特邀信息员提供",
    "public": "社会各界反映",
    "other": "其他信息来源",
}

#: 「002 四」: three levels, 一级 the highest
LEVEL_LABELS: dict[int, str] = {1: "一级预警", 2: "二级预警", 3: "三级预警"}

#: 「002 四」 预警情形 分别实施廉情监察建议、廉情预警质询和廉情预警告知
RESPONSE_BY_LEVEL: dict[int, str] = {1: "廉情监察建议", 2: "廉情预警质询", 3: "廉情预警告知"}

#: The reply period of each level's response. Seeds 002 (四: 实施廉情监察建议、廉情预警质询和廉情预警告知) and 001
#: (第一篇(四)三是、四是) name the responses but give no period for any of them, so none is set here rather than
#: one invented: the item page says so. (The Measures' periods — 10 days for 函询, 第二十八条; one month for
#: 责令纠错, 第三十条 — belong to their warning types, which a handed-over clue reaches through 第十四条.)
RESPONSE_PERIOD_BY_LEVEL: dict[int, None] = {1: None, 2: None, 3: None}

#: 「002 三 2」: who decides each level — 三级 the analysing centre; 二级 after the deputy secretary convenes the
#: centre's member units; 一级 collected by the centre and put to the party secretary or the county
#: commission's standing committee
DECIDER_ROLES_BY_LEVEL: dict[int, frozenset[str]] = {
    3: frozenset({"info_centre", "info_deputy_secretary", "info_party_secretary"}),
    2: frozenset({"info_deputy_secretary", "info_party_secretary"}),
    1: frozenset({"info_party_secretary"}),
}

#: 「002 三 2」 the harm an item describes, the grading table's fallback input
HARM_LABELS: dict[str, str] = {"light": "危害程度较轻", "heavy": "危害程度较重", "severe": "危害程度严重"}

#: 「002 四(一)(二)(三)」 the triggering situations, code → (level, the seed's words). The grading table
#: (info_grading.dmn) holds the same mapping; tests/info_network prove each row.
SITUATIONS: dict[str, tuple[int, str]] = {
    "cadre_selection_lax": (1, "执行干部选拔任用条例不严格,选拔过程不民主、不公开,导致用人失察,造成不良影响"),
    "major_decision_bad_result": (1, "对重大事项不按决策程序和规定决策,超越权限擅自决策,不履行廉政风险评估有关程序,"
                                     "导致决策失误,造成不良后果"),
    "fiscal_funds_misused": (1, "违反财经纪律,隐瞒、滞留、截留、挪用、坐支财政资金"),
    "centralism_failure": (1, "贯彻执行民主集中制不力,班子严重不团结,造成单位管理混乱"),
    "other_recommendation": (1, "其他需要予以廉情监察建议的情形"),
    "decision_error": (2, "不按决策程序和规定决策,超越权限擅自决策,未进行廉政风险评估,导致决策失误"),
    "allowances_abused": (2, "违反规定,滥发奖金、津贴、补贴补助"),
    "emergency_mishandled": (2, "对发生地重大突发事件发展态势把握不准,启动应急预案不及时,处置不当"),
    "inefficiency_complaints": (2, "工作效率低下,办事敷衍塞责、推诿扯皮或吃拿卡要,群众反映比较强烈"),
    "other_inquiry": (2, "其他需要廉情预警质询的情形"),
    "assessment_skipped": (3, "不按决策程序和规定决策,超越权限擅自决策,重大决策应进行廉政风险评估而未进行"),
    "accounts_disorder": (3, "不认真执行财经纪律,财务账目管理混乱"),
    "self_discipline_complaints": (3, "违反廉洁自律规定,群众有反映"),
    "poor_example": (3, "不能发挥模范带头作用,自身形象较差,群众有反映"),
}

#: 「001 第一篇(四)三是 信息反馈系统」: the six kinds of feedback
FEEDBACK_LABELS: dict[str, str] = {
    "talk_reminder": "谈话提醒",
    "warning_notice": "预警通知书",
    "rectification_notice": "整改通知书",
    "internal_circular": "内部通报",
    "media_disclosure": "媒体公开",
    "reference_bulletin": "预警参阅信息",
}

#: 「001 第一篇(四)四是 信息处置系统」: 12分扣分制 — each unit and cadre holds 12 points a year
YEARLY_POINTS = 12

#: 「001 第一篇(四)四是」: 蓝色、黄色、红色三级预警
COLOUR_LABELS: dict[str, str] = {"blue": "蓝色预警", "yellow": "黄色预警", "red": "红色预警"}

#: The seeds give no thresholds: these defaults are ours and the county's to set (settings key
#: ``info_network.thresholds``, every change audited). A colour applies when the remaining score is at or below
#: its number: blue after any deduction (≤ 11), yellow at ≤ 8, red at ≤ 5.
DEFAULT_THRESHOLDS: dict[str, int] = {"blue": 11, "yellow": 8, "red": 5}

#: 「001 第一篇(五)6」: for a unit or person warned twice or more, 追究直接责任人、主要领导、重要领导的责任
ACCOUNTABLE_LEADERS: tuple[str, ...] = ("直接责任人", "主要领导", "重要领导")
#: 「001 第一篇(五)6」 给予2次以上预警
ACCOUNTABILITY_AFTER_WARNINGS = 2

#: the network's roles (「002 一」; 「001 第一篇(四)一是」 five-level network)
ROLE_LABELS: dict[str, str] = {
    "info_officer": "预警信息员",
    "info_invited_officer": "特邀预警信息员",
    "info_office": "单位预警信息办公室",
    "info_centre": "县预警中心",
    "info_deputy_secretary": "纪委分管副书记",
    "info_party_secretary": "党委书记(纪委常委会)",
}

#: the stages of the monthly report and of a graded item's response, most pressing first
STAGE_LABELS: dict[str, str] = {
    "info_unit_report": "单位向县预警中心报送",   # 「001 三、1」每月28日
    "info_officer_report": "信息员向单位报送",    # 「001 三、1」每月25日前
    "info_response": "预警响应",                  # 「002 四」 监察建议、质询、告知 (info_response.bpmn)
}
