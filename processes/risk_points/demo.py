"""The demo county's risk registers: the county finance bureau and 正阳关镇 (issue 12 "Demo and proof").

The points are drawn from the kinds of risk the seeds name — approval, enforcement, personnel and money
powers (「004 九」), the five types (「004 七」) and seed 000's examples (procurement, fees, funds, staff
recruitment, subsidies). Three measures are past their check date in autumn 2026 (the quarterly payment
check, the enforcement files, the nomination notices), so the overdue-measures view has something to show.
Idempotent: a unit whose register already has points is left alone.
"""
from __future__ import annotations

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.actors import SYSTEM
from engine.clock import Clock
from engine.models import Unit
from engine.seed import add_people
from processes.risk_points.models import RiskPoint
from processes.risk_points.register import create_risk_point

#: (username, display name, unit code, roles there)
DEMO_USERS = (
    ("cz.principal", "县财政局局长", "dept-finance", ("unit_principal", "risk_leading_group")),
    ("cz.leader", "县财政局分管副局长", "dept-finance", ("unit_leader_in_charge", "risk_leading_group")),
    ("cz.head", "预算股股长", "dept-finance", ("office_head", "unit_staff")),
    ("cz.staff1", "预算股科员甲", "dept-finance", ("unit_staff",)),
    ("cz.staff2", "国库股科员乙", "dept-finance", ("unit_staff",)),
    ("zy.principal", "正阳关镇党委书记", "town-zhengyang", ("unit_principal", "risk_leading_group")),
    ("zy.head", "正阳关镇财政所所长", "town-zhengyang", ("office_head", "unit_staff")),
    ("zy.staff", "正阳关镇民政办干事", "town-zhengyang", ("unit_staff",)),
)


def _measure(text: str, owner: str, check: str, due: str | None = None) -> dict:
    return {"text": text, "owner": owner, "check_method": check, "check_due": due}


#: unit code → risk points (the fields of register.validate)
DEMO_REGISTERS: dict[str, tuple[dict, ...]] = {
    "dept-finance": (
        {"scope": "unit", "risk_type": "institutional", "level": 1, "title": "预算资金分配(资金管理)",
         "manifestations": "预算分配不经集体研究,个人决定资金投向;优亲厚友、收受好处。",
         "measures": [_measure("预算分配方案经局党组会集体研究(三重一大)", "局长", "查阅党组会议纪要", "2026-12-31"),
                      _measure("预算安排结果在局网站公开", "预算股股长", "检查公开记录", "2026-12-31")]},
        {"scope": "office", "office": "政府采购股", "risk_type": "business_process", "level": 1,
         "title": "政府采购审批(物资采购供应)",
         "manifestations": "规避公开招标、拆分采购;在采购方式审批中接受请托或回扣。",
         "measures": [_measure("采购方式变更须两人审核、分管领导审批", "分管副局长", "抽查审批单", "2027-03-31")]},
        {"scope": "post", "post": "国库支付岗", "office": "国库股", "risk_type": "post_duty", "level": 2,
         "title": "国库集中支付审核",
         "manifestations": "审核不严,虚报冒领;资金拨付中吃拿卡要。",
         "measures": [_measure("支付审核双人复核、系统留痕", "国库股股长", "每季度抽查支付凭证", "2026-09-30")]},
        {"scope": "post", "post": "会计核算岗", "office": "会计核算中心", "risk_type": "moral", "level": 3,
         "title": "公务用车与办公经费报销",
         "manifestations": "公车私用、虚开发票报销。",
         "measures": [_measure("报销单据经办、审核、审批三人签字", "会计核算中心主任", "年终审计")]},
    ),
    "town-zhengyang": (
        {"scope": "unit", "risk_type": "post_duty", "level": 1, "title": "惠民补贴资金发放(资金管理)",
         "manifestations": "不及时、足额发放或变相截留补贴资金;套取国家资金。",
         "measures": [_measure("补贴名单村、镇两级公示七日", "镇党委书记", "检查公示记录", "2026-12-31"),
                      _measure("资金通过“一卡通”直接发放到户", "财政所所长", "核对发放台账")]},
        {"scope": "office", "office": "综合执法办", "risk_type": "external", "level": 2,
         "title": "违法建设查处(行政执法)",
         "manifestations": "执法中接受吃请、说情,选择性执法、降低处罚标准。",
         "measures": [_measure("执法全过程记录、处罚决定集体研究", "分管副镇长", "抽查执法案卷", "2026-10-20")]},
        {"scope": "post", "post": "人事干事", "office": "党政办", "risk_type": "institutional", "level": 2,
         "title": "村级后备干部推荐(组织人事)",
         "manifestations": "推荐不公示、任人唯亲。",
         "measures": [_measure("推荐人选公示不少于五个工作日", "党委副书记", "检查公示材料", "2026-06-30")]},
        {"scope": "post", "post": "民政干事", "office": "民政办", "risk_type": "moral", "level": 3,
         "title": "低保对象审核",
         "manifestations": "优亲厚友、人情保。",
         "measures": [_measure("低保审核入户调查两人同行,结果张榜公布", "民政办主任", "年度复核")]},
    ),
}


def seed_risk_demo(session: Session, clock: Clock, *, password_hash: str) -> dict[str, int]:
    """Create the demo users of the two units and their registers; return counts of what was created."""
    units = {u.code: u for u in session.execute(select(Unit).where(Unit.code.in_(DEMO_REGISTERS))).scalars()}
    created = {"risk_users": 0, "risk_points": 0}
    created["risk_users"] = add_people(session, DEMO_USERS, password_hash=password_hash)
    for unit_code, points in DEMO_REGISTERS.items():
        unit = units.get(unit_code)
        if unit is None or session.execute(select(func.count()).select_from(RiskPoint)
                                           .where(RiskPoint.unit_id == unit.id)).scalar_one():
            continue
        for point in points:
            create_risk_point(session, clock, SYSTEM, unit.id, point, "演示数据:首次登记")
            created["risk_points"] += 1
    return created
